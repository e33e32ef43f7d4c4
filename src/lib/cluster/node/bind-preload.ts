// The `--require` preload given to Node.js container processes (through NODE_OPTIONS). It does two
// things a pod on a real node gets from the network namespace and cluster DNS:
// - Binding: pods share the host's network namespace, so a server that listens on a port without
//   a host would take that port on every address and collide with other pods: host-less (or
//   wildcard) listen() calls bind the pod address ($POD_IP) instead.
// - Cluster DNS: with $KN_GATEWAY_PORT set, connections to in-cluster Service hosts on port 80
//   (<svc>.<ns>.svc.cluster.local, <svc>.<ns>.svc, and <svc>.<ns> for the namespaces listed in
//   $KN_CLUSTER_NAMESPACES) go to the gateway (127.0.0.1:$KN_GATEWAY_PORT) instead, which routes
//   by the Host header the client still sends, as cluster DNS + kube-proxy would. dns.lookup
//   answers 127.0.0.1 for those hosts (for code that resolves names itself), and net.Socket's
//   connect() swaps host and port (http.request, fetch and raw sockets all go through it).
// Non-Node binaries get no such help: they must bind $HOST (or $POD_IP) themselves, and reach
// in-cluster URLs through $HTTP_PROXY (the gateway, see launch-spec.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// CommonJS on purpose: `--require` loads it before any user code, ESM or not.
const PRELOAD_SOURCE = `'use strict';
// Written by the kn-ts node agent: bind host-less listen() calls to the pod address, and send
// in-cluster Service hosts (port 80) to the gateway. See bind-preload.ts in kn-ts.
const net = require('net');
const podIp = process.env.POD_IP;
if (podIp) {
  const listen = net.Server.prototype.listen;
  const wildcard = new Set(['0.0.0.0', '::', '', '::0']);
  net.Server.prototype.listen = function (...args) {
    const a0 = args[0];
    if (a0 !== null && typeof a0 === 'object' && !Array.isArray(a0) && !('_handle' in a0) && !('fd' in a0)) {
      if (a0.path === undefined && (a0.host === undefined || wildcard.has(a0.host))) args[0] = Object.assign({}, a0, { host: podIp });
    } else if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\\d+$/.test(a0)) || a0 === undefined || a0 === null || typeof a0 === 'function') {
      // listen(port[, host][, backlog][, cb]) or listen([cb]): insert or replace the host.
      if (typeof a0 === 'function' || a0 === undefined || a0 === null) args.splice(0, a0 === undefined || a0 === null ? 1 : 0, 0);
      if (typeof args[1] !== 'string' || wildcard.has(args[1])) {
        if (typeof args[1] === 'string') args[1] = podIp; else args.splice(1, 0, podIp);
      }
    }
    return listen.apply(this, args);
  };
}
const gatewayPort = Number(process.env.KN_GATEWAY_PORT);
if (gatewayPort > 0) {
  const dns = require('dns');
  const namespaces = new Set((process.env.KN_CLUSTER_NAMESPACES || '').split(',').filter(Boolean));
  const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  const svcHost = new RegExp('^' + LABEL + '\\\\.' + LABEL + '\\\\.svc(?:\\\\.cluster\\\\.local)?$');
  const shortHost = new RegExp('^' + LABEL + '\\\\.(' + LABEL + ')$');
  const isClusterHost = (host) => {
    if (typeof host !== 'string') return false;
    const h = host.toLowerCase().replace(/\\.$/, '');
    if (svcHost.test(h)) return true;
    const m = shortHost.exec(h);
    return m !== null && namespaces.has(m[1]);
  };
  const lookup = dns.lookup;
  dns.lookup = function (hostname, options, callback) {
    if (!isClusterHost(hostname)) return lookup.apply(this, arguments);
    if (typeof options === 'function') { callback = options; options = {}; }
    const all = options !== null && typeof options === 'object' && options.all;
    process.nextTick(() => (all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
    return {};
  };
  const plookup = dns.promises.lookup;
  dns.promises.lookup = function (hostname, options) {
    if (!isClusterHost(hostname)) return plookup.apply(this, arguments);
    const all = options !== null && typeof options === 'object' && options.all;
    return Promise.resolve(all ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 });
  };
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    // net.connect passes its normalized [options, callback] array; others pass (options[, cb]).
    const packed = Array.isArray(args[0]);
    const opts = packed ? args[0][0] : args[0];
    if (opts !== null && typeof opts === 'object' && opts.path == null && Number(opts.port) === 80 && isClusterHost(opts.host)) {
      const cb = packed ? args[0][1] : args[1];
      const rerouted = Object.assign({}, opts, { host: '127.0.0.1', port: gatewayPort });
      delete rerouted.lookup;
      return typeof cb === 'function' ? connect.call(this, rerouted, cb) : connect.call(this, rerouted);
    }
    return connect.apply(this, args);
  };
}
`;

/** Writes the preload into `dir` (idempotent) and returns its path. */
export function writeBindPreload(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'kn-bind-pod-ip.cjs');
  writeFileSync(path, PRELOAD_SOURCE, { mode: 0o644 });
  return path;
}

/** NODE_OPTIONS for a container: its own options plus the preload (quoted when the path has spaces). */
export function nodeOptionsWithPreload(existing: string | undefined, preloadPath: string, maxOldSpaceMb?: number): string {
  const req = /\s/.test(preloadPath) ? `--require "${preloadPath}"` : `--require ${preloadPath}`;
  const parts = [existing?.trim(), req];
  if (maxOldSpaceMb && !/--max-old-space-size/.test(existing ?? '')) parts.push(`--max-old-space-size=${maxOldSpaceMb}`);
  return parts.filter(Boolean).join(' ');
}

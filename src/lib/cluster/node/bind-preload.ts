// The `--require` preload given to Node.js container processes (through NODE_OPTIONS). Pods share
// the host's network namespace, so a server that listens on a port without a host would take that
// port on every address and collide with other pods: the preload makes such listen() calls bind
// the pod address ($POD_IP) instead. Non-Node binaries get no such help: they must bind $HOST
// (or $POD_IP) themselves, or only one pod per port can run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// CommonJS on purpose: `--require` loads it before any user code, ESM or not.
const PRELOAD_SOURCE = `'use strict';
// Written by the kn-ts node agent: bind host-less listen() calls to the pod address.
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

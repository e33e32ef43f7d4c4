// --probe-liveness/--probe-readiness (`http:host:port:path`, `https:…`, `exec:cmd,arg`, `tcp:host:port`)
// and their `-opts` companions, with kn's error texts.
import type { V1Probe } from '@kubernetes/client-node';

type ProbeHandler = Pick<V1Probe, 'httpGet' | 'exec' | 'tcpSocket'>;

/** Replaces the handler of a probe, keeping its timing options. */
export function withProbeHandler(probe: V1Probe | undefined, spec: string): V1Probe {
  const out: V1Probe = { ...(probe ?? {}) };
  delete out.httpGet;
  delete out.exec;
  delete out.tcpSocket;
  delete out.grpc;
  return { ...out, ...parseProbeHandler(spec) };
}

/** Parses the handler part of a probe flag. */
export function parseProbeHandler(spec: string): ProbeHandler {
  if (spec.length === 0) throw new Error('no probe parameters detected');
  const parts = spec.split(':');
  if (parts.length > 4) throw new Error('too many probe parameters provided, please check the format');
  switch (parts[0]) {
    case 'http':
    case 'https': {
      if (parts.length !== 4) throw new Error("unexpected probe format, please use 'http:host:port:path'");
      const httpGet: NonNullable<V1Probe['httpGet']> = { path: parts[3], port: parts[2] === '' ? 0 : intOrString(parts[2]) };
      if (parts[1] !== '') httpGet.host = parts[1];
      if (parts[0] === 'https') httpGet.scheme = 'HTTPS';
      if (httpGet.path === '') delete httpGet.path;
      return { httpGet };
    }
    case 'exec':
      if (parts.length !== 2) {
        throw new Error("unexpected probe format, please use 'exec:<exec_command>[,<exec_command>,...]'");
      }
      if (parts[1].length === 0) throw new Error('at least one command parameter is required for Exec probe');
      return { exec: { command: parts[1].split(',') } };
    case 'tcp': {
      if (parts.length !== 3) throw new Error("unexpected probe format, please use 'tcp:host:port");
      const tcpSocket: NonNullable<V1Probe['tcpSocket']> = { port: intOrString(parts[2]) };
      if (parts[1] !== '') tcpSocket.host = parts[1];
      return { tcpSocket };
    }
    default:
      throw new Error(`unsupported probe type '${parts[0]}'; supported types: http, https, exec, tcp`);
  }
}

/** Applies `InitialDelaySeconds=N,FailureThreshold=N,...` (names case-insensitive) to a probe. */
export function withProbeOptions(probe: V1Probe | undefined, spec: string): V1Probe {
  const out: V1Probe = { ...(probe ?? {}) };
  for (const item of spec.split(',')) {
    const i = item.indexOf('=');
    if (i < 0) throw new Error(`Argument requires a value that contains the "=" character; got ${JSON.stringify(item)}`);
    const key = item.slice(0, i);
    const raw = item.slice(i + 1).trim();
    if (!/^[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(raw)) {
      throw new Error(`not a nummeric value for parameter '${key}'`);
    }
    const value = Number.parseInt(raw, raw.toLowerCase().includes('x') ? 16 : /^[+-]?0\d/.test(raw) ? 8 : 10);
    switch (key.trim().toLowerCase()) {
      case 'initialdelayseconds':
        out.initialDelaySeconds = value;
        break;
      case 'timeoutseconds':
        out.timeoutSeconds = value;
        break;
      case 'periodseconds':
        out.periodSeconds = value;
        break;
      case 'successthreshold':
        out.successThreshold = value;
        break;
      case 'failurethreshold':
        out.failureThreshold = value;
        break;
      default:
        throw new Error(`not a valid probe parameter name '${key}'`);
    }
  }
  return out;
}

// k8s IntOrString parsing: all-digit text is a number, anything else a named port.
function intOrString(s: string): number | string {
  return /^-?\d+$/.test(s) ? Number(s) : s;
}

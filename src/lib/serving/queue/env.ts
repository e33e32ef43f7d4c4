// Queue-proxy configuration from its environment, with upstream's variable names (spec §12).
// Bind address: SERVING_POD_IP, else POD_IP, else HOST (set by our node agent), else 127.0.0.1.
// Our own additions (local mode only): QUEUE_ADMIN_PORT / QUEUE_METRICS_PORT / QUEUE_H2C_PORT
// override the fixed 8022 / 9090 / 8013, and QUEUE_DRAIN_QUIET_SECONDS the 15 s quiet period of a drain.

/** Parsed queue-proxy settings. */
export interface QueueProxyConfig {
  containerConcurrency: number;
  servingPort: number;
  /** Port for h2c revisions (Service port 81); served with the same HTTP/1.1 handler. */
  h2cPort: number;
  adminPort: number;
  metricsPort: number;
  userPort: number;
  /** Address the servers bind and the user container listens on (the pod IP). */
  podIP: string;
  revisionTimeoutMs: number;
  responseStartTimeoutMs: number;
  idleTimeoutMs: number;
  /** JSON of the user container's readiness probe (SERVING_READINESS_PROBE), if any. */
  readinessProbe?: string;
  namespace: string;
  configuration: string;
  revision: string;
  service: string;
  pod: string;
  reportingPeriodMs: number;
  drainQuietMs: number;
}

/** Upstream's fixed ports and periods. */
export const QUEUE_ADMIN_PORT = 8022;
export const QUEUE_H2C_PORT = 8013;
export const AUTOSCALING_METRICS_PORT = 9090;
export const REPORTING_PERIOD_MS = 1000;
export const DRAIN_QUIET_MS = 15_000;

/** Reads and validates the environment; throws an Error naming every bad or missing variable. */
export function parseQueueProxyEnv(env: Record<string, string | undefined>): QueueProxyConfig {
  const problems: string[] = [];
  const required = (name: string): string => {
    const v = env[name];
    if (v === undefined || v === '') {
      problems.push(`required key ${name} missing value`);
      return '';
    }
    return v;
  };
  const int = (name: string, v: string | undefined, min: number, max: number, fallback: number): number => {
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: ${JSON.stringify(v)} is not an integer in [${min}, ${max}]`);
      return fallback;
    }
    return n;
  };
  const port = (name: string, v: string | undefined, fallback: number): number => int(name, v, 0, 65535, fallback);

  const cc = int('CONTAINER_CONCURRENCY', required('CONTAINER_CONCURRENCY'), 0, 1_000_000, 0);
  const servingPort = port('QUEUE_SERVING_PORT', required('QUEUE_SERVING_PORT'), 8012);
  const userPort = port('USER_PORT', required('USER_PORT'), 8080);
  const timeout = int('REVISION_TIMEOUT_SECONDS', required('REVISION_TIMEOUT_SECONDS'), 0, 86_400, 300);
  const podIP = env.SERVING_POD_IP || env.POD_IP || env.HOST || '127.0.0.1';
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(podIP) || podIP === '0.0.0.0') problems.push(`pod IP ${JSON.stringify(podIP)} is not a usable IPv4 address`);

  const cfg: QueueProxyConfig = {
    containerConcurrency: cc,
    servingPort,
    userPort,
    h2cPort: port('QUEUE_H2C_PORT', env.QUEUE_H2C_PORT, QUEUE_H2C_PORT),
    adminPort: port('QUEUE_ADMIN_PORT', env.QUEUE_ADMIN_PORT, QUEUE_ADMIN_PORT),
    metricsPort: port('QUEUE_METRICS_PORT', env.QUEUE_METRICS_PORT, AUTOSCALING_METRICS_PORT),
    podIP,
    revisionTimeoutMs: timeout * 1000,
    responseStartTimeoutMs: int('REVISION_RESPONSE_START_TIMEOUT_SECONDS', env.REVISION_RESPONSE_START_TIMEOUT_SECONDS, 0, 86_400, 0) * 1000,
    idleTimeoutMs: int('REVISION_IDLE_TIMEOUT_SECONDS', env.REVISION_IDLE_TIMEOUT_SECONDS, 0, 86_400, 0) * 1000,
    namespace: required('SERVING_NAMESPACE'),
    configuration: required('SERVING_CONFIGURATION'),
    revision: required('SERVING_REVISION'),
    service: env.SERVING_SERVICE ?? '',
    pod: required('SERVING_POD'),
    reportingPeriodMs: REPORTING_PERIOD_MS,
    drainQuietMs: int('QUEUE_DRAIN_QUIET_SECONDS', env.QUEUE_DRAIN_QUIET_SECONDS, 0, 3600, DRAIN_QUIET_MS / 1000) * 1000,
  };
  if (env.SERVING_READINESS_PROBE) cfg.readinessProbe = env.SERVING_READINESS_PROBE;
  if (problems.length > 0) throw new Error(`queue-proxy environment: ${problems.join('; ')}`);
  return cfg;
}

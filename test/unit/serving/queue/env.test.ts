import { parseQueueProxyEnv } from '../../../../src/lib/serving/queue/env.js';

const base = {
  CONTAINER_CONCURRENCY: '0',
  QUEUE_SERVING_PORT: '8012',
  USER_PORT: '8080',
  REVISION_TIMEOUT_SECONDS: '300',
  SERVING_NAMESPACE: 'default',
  SERVING_CONFIGURATION: 'hello',
  SERVING_REVISION: 'hello-00001',
  SERVING_POD: 'hello-00001-deployment-abc',
};

describe('parseQueueProxyEnv', () => {
  it('reads upstream variables with defaults for the optional ones', () => {
    expect(parseQueueProxyEnv({ ...base, POD_IP: '127.0.5.9', REVISION_IDLE_TIMEOUT_SECONDS: '7' })).toEqual({
      containerConcurrency: 0,
      servingPort: 8012,
      h2cPort: 8013,
      userPort: 8080,
      adminPort: 8022,
      metricsPort: 9090,
      podIP: '127.0.5.9',
      revisionTimeoutMs: 300_000,
      responseStartTimeoutMs: 0,
      idleTimeoutMs: 7000,
      namespace: 'default',
      configuration: 'hello',
      revision: 'hello-00001',
      service: '',
      pod: 'hello-00001-deployment-abc',
      reportingPeriodMs: 1000,
      drainQuietMs: 15_000,
    });
  });

  it('prefers SERVING_POD_IP over POD_IP and HOST, and defaults to 127.0.0.1', () => {
    expect(parseQueueProxyEnv({ ...base, SERVING_POD_IP: '127.0.0.9', POD_IP: '127.0.0.8', HOST: '127.0.0.7' }).podIP).toBe('127.0.0.9');
    expect(parseQueueProxyEnv({ ...base, HOST: '127.0.0.7' }).podIP).toBe('127.0.0.7');
    expect(parseQueueProxyEnv(base).podIP).toBe('127.0.0.1');
  });

  it('names every missing or invalid variable', () => {
    const { USER_PORT: _u, ...noUser } = base;
    expect(() => parseQueueProxyEnv({ ...noUser, CONTAINER_CONCURRENCY: '-1', HOST: '0.0.0.0' })).toThrow(
      /CONTAINER_CONCURRENCY.*not an integer.*USER_PORT missing.*not a usable IPv4/,
    );
  });
});

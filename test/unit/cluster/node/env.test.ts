import { buildContainerEnv, ContainerConfigError, expandVars, type EnvSources } from '../../../../src/lib/cluster/node/env.js';
import type { Pod } from '../../../../src/lib/controller/kinds.js';

const sources: EnvSources = {
  configMap: async (_ns, name) => (name === 'cfg' ? { data: { COLOR: 'blue', SIZE: 'L' } } : undefined),
  secret: async (_ns, name) => (name === 'sec' ? { data: { TOKEN: Buffer.from('s3cret').toString('base64') } } : undefined),
};

const pod = (env: unknown[], envFrom: unknown[] = []): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u', labels: { app: 'x' } },
  spec: { nodeName: 'knative-local', containers: [{ name: 'c', env, envFrom, resources: { limits: { memory: '64Mi' } } } as never] },
  status: { podIP: '127.0.1.5' },
});

describe('container environment', () => {
  it('expands $(VAR) and keeps $$ escapes and unknown references', () => {
    expect(expandVars('$(A)-$$(A)-$(B)', { A: '1' })).toBe('1-$(A)-$(B)');
  });

  it('combines envFrom, values, configMap/secret keys, fieldRef and resourceFieldRef', async () => {
    const p = pod(
      [
        { name: 'GREETING', value: 'hello $(COLOR)' },
        { name: 'TOKEN_COPY', valueFrom: { secretKeyRef: { name: 'sec', key: 'TOKEN' } } },
        { name: 'SZ', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'SIZE' } } },
        { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'missing', key: 'x', optional: true } } },
      ],
      [{ configMapRef: { name: 'cfg' } }, { prefix: 'S_', secretRef: { name: 'sec' } }],
    );
    const env = await buildContainerEnv(p, p.spec!.containers[0]!, sources);
    expect(env).toEqual({ COLOR: 'blue', SIZE: 'L', S_TOKEN: 's3cret', GREETING: 'hello blue', TOKEN_COPY: 's3cret', SZ: 'L', MY_IP: '127.0.1.5', APP: 'x', MEM: '64' });
  });

  it.each([
    [[{ name: 'X', valueFrom: { configMapKeyRef: { name: 'gone', key: 'k' } } }], 'configmap "gone" not found'],
    [[{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope' } } }], "couldn't find key nope in ConfigMap ns/cfg"],
    [[{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }], 'secret "gone" not found'],
  ])('fails with a config error for %j', async (env, message) => {
    const p = pod(env);
    const err = await buildContainerEnv(p, p.spec!.containers[0]!, sources).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContainerConfigError);
    expect((err as Error).message).toBe(message);
  });
});

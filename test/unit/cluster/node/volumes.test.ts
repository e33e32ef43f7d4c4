import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvSources } from '../../../../src/lib/cluster/node/env.js';
import { materializeVolumes, mountEnv } from '../../../../src/lib/cluster/node/volumes.js';
import type { Pod } from '../../../../src/lib/controller/kinds.js';

const sources: EnvSources = {
  configMap: async (_ns, name) => (name === 'cfg' ? { data: { 'app.yaml': 'a: 1', other: 'x' } } : undefined),
  secret: async () => ({ data: { key: Buffer.from('k').toString('base64') } }),
};

describe('volumes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kn-vol-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes configMap/secret/downwardAPI volumes and tells containers where the mounts are', async () => {
    const pod: Pod = {
      metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' } },
      spec: {
        containers: [{ name: 'c', volumeMounts: [{ name: 'config', mountPath: '/etc/config' }, { name: 'creds', mountPath: '/var/creds', subPath: 'key' }] }],
        volumes: [
          { name: 'config', configMap: { name: 'cfg', items: [{ key: 'app.yaml', path: 'conf/app.yaml' }] } },
          { name: 'creds', secret: { secretName: 's' } },
          { name: 'info', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
          { name: 'scratch', emptyDir: {} },
        ],
      },
    };
    const vols = await materializeVolumes(pod, dir, sources);
    expect(readFileSync(join(vols.get('config')!, 'conf/app.yaml'), 'utf8')).toBe('a: 1');
    expect(readFileSync(join(vols.get('creds')!, 'key'), 'utf8')).toBe('k');
    expect(readFileSync(join(vols.get('info')!, 'name'), 'utf8')).toBe('p');
    const env = mountEnv(pod.spec!.containers[0]!, vols);
    expect(JSON.parse(env.KN_VOLUME_MOUNTS!)).toEqual({ '/etc/config': vols.get('config'), '/var/creds': join(vols.get('creds')!, 'key') });
    expect(env.KN_MOUNT_CONFIG).toBe(vols.get('config'));
  });

  it('refuses item paths escaping the volume', async () => {
    const pod: Pod = { metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [], volumes: [{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'other', path: '../../evil' }] } }] } };
    await expect(materializeVolumes(pod, dir, sources)).rejects.toThrow('invalid volume item path');
  });
});

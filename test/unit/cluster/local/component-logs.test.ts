import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComponentLogs, routeByPrefix, teeLogger, type LineWriter } from '../../../../src/lib/cluster/local/component-logs.js';
import { MIRROR_COMPONENTS, buildMirrorPod, mirrorPodStatus } from '../../../../src/lib/cluster/local/mirror-components.js';
import { containerLogPath, podLogDir } from '../../../../src/lib/cluster/node/log-paths.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kn-ts-complogs-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const target = (uid: string) => ({ namespace: 'knative-serving', pod: 'controller-knative-local', uid, container: 'controller' });

describe('ComponentLogs', () => {
  it('keeps lines logged before the pod exists and writes them first, then later ones', async () => {
    const logs = new ComponentLogs(dir);
    logs.write('controller', 'early\n');
    logs.attach('controller', target('u1'));
    logs.write('controller', 'late\n');
    await logs.close();
    expect(readFileSync(containerLogPath(dir, 'knative-serving', 'controller-knative-local', 'u1', 'controller'), 'utf8')).toBe('early\nlate\n');
  });

  it('a new pod uid starts a new file and removes the old pod dir', async () => {
    const logs = new ComponentLogs(dir);
    logs.attach('controller', target('u1'));
    logs.write('controller', 'one\n');
    logs.attach('controller', target('u2'));
    logs.write('controller', 'two\n');
    await logs.close();
    expect(existsSync(podLogDir(dir, 'knative-serving', 'controller-knative-local', 'u1'))).toBe(false);
    expect(readFileSync(containerLogPath(dir, 'knative-serving', 'controller-knative-local', 'u2', 'controller'), 'utf8')).toBe('two\n');
  });
});

describe('teeLogger', () => {
  it('prints every line once and copies printed lines to the routed component', () => {
    const printed: string[] = [];
    // Only info and error are on, as with --log-level info.
    const write: LineWriter = (level, msg) => {
      if (level === 'debug') return undefined;
      const line = `${level} ${msg}\n`;
      printed.push(line);
      return line;
    };
    const got: [string, string][] = [];
    const logs = { write: (c: string, l: string) => got.push([c, l]) } as unknown as ComponentLogs;
    const log = teeLogger(write, logs, 'eventing-controller', routeByPrefix({ broker: 'mt-broker-controller', inmemorychannel: 'imc-controller' }));
    log.info('broker: reconciled default/b');
    log.error('inmemorychannel: reconcile default/c failed: boom');
    log.info('eventing: broker ingress on 127.0.0.1:1');
    log.debug?.('broker: quiet');
    expect(printed).toHaveLength(3);
    expect(got).toEqual([
      ['mt-broker-controller', 'info broker: reconciled default/b\n'],
      ['imc-controller', 'error inmemorychannel: reconcile default/c failed: boom\n'],
      ['eventing-controller', 'info eventing: broker ingress on 127.0.0.1:1\n'],
    ]);
  });
});

describe('mirror pods', () => {
  it('one per component, unique names, the serving four of the tutorials among them', () => {
    const names = MIRROR_COMPONENTS.map((c) => `${c.namespace}/${c.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['activator', 'autoscaler', 'controller', 'webhook']) expect(names).toContain(`knative-serving/${n}`);
    expect(names).toContain('kourier-system/3scale-kourier-gateway');
  });

  it('carry the mirror annotation, a controlling Node owner and a Ready status', () => {
    const c = MIRROR_COMPONENTS.find((x) => x.name === 'activator')!;
    const pod = buildMirrorPod(c, { name: 'knative-local', uid: 'n1' }, 'run1');
    expect(pod.metadata?.name).toBe('activator-knative-local');
    expect(pod.metadata?.annotations?.['kubernetes.io/config.mirror']).toBe('run1');
    expect(pod.metadata?.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'knative-local', uid: 'n1', controller: true }]);
    expect(pod.spec?.nodeName).toBe('knative-local');
    const status = mirrorPodStatus(c, '2026-12-02T15:00:00Z', 42);
    expect(status.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
    expect(status.containerStatuses?.[0]).toMatchObject({ name: 'activator', ready: true, containerID: 'process://42', state: { running: { startedAt: '2026-12-02T15:00:00Z' } } });
  });
});

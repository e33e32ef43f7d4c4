// Behaviour: scale to zero and its limits in the local control plane, with shortened windows set
// the way a user would (config-autoscaler ConfigMap and kn scale flags, not code constants): a
// min-scale floor, a burst of requests at zero pods, invalid autoscaling annotations. Pods are real
// processes; waits follow pod and Deployment watches (test/helpers/autoscaling.ts). One cluster for
// the file; tests run in order and each is bounded. Scaling under load: autoscaling-load.test.ts.
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeClient } from '../../src/lib/controller/client.js';
import { createKubeClient } from '../../src/lib/controller/http-client.js';
import { SLOW_APP, type ScaleWatch, burst, watchScale } from '../helpers/autoscaling.js';
import { kn, kubectl, startLocalCluster, type LocalCluster } from '../helpers/local-cluster.js';

const host = (name: string) => `${name}.default.127.0.0.1.sslip.io`;

// Upstream's minimum stable window; panic window = 10% of it (at least 1 s); scale to zero ≈ window + grace.
const CONFIG = { 'stable-window': '6s', 'scale-to-zero-grace-period': '2s', 'max-scale-down-rate': '2' };

let cluster: LocalCluster;
let client: KubeClient;
let app: string;
let appDir: string;
const watches = new Map<string, ScaleWatch>();

/** The pod/replica watch of a service, started on first use. */
const watch = (service: string): ScaleWatch => {
  let w = watches.get(service);
  if (!w) watches.set(service, (w = watchScale(client, 'default', service)));
  return w;
};

/** kn service create for the slow app; extra flags are kn's scale/concurrency flags. */
async function createService(name: string, sleepMs: number, ...flags: string[]): Promise<void> {
  const r = await kn(cluster, ['service', 'create', name, '--image', 'dev.local/slow', '--cmd', 'node', '--arg', app, '--env', `SLEEP_MS=${sleepMs}`, ...flags]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  appDir = mkdtempSync(join(tmpdir(), 'kn-ts-slow-'));
  app = join(appDir, 'slow.cjs');
  writeFileSync(app, SLOW_APP);
  cluster = await startLocalCluster();
  client = createKubeClient(cluster.plane.kubeConfig);
  const patch = await kubectl(cluster, ['-n', 'knative-serving', 'patch', 'configmap', 'config-autoscaler', '--type', 'merge', '-p', JSON.stringify({ data: CONFIG })]);
  expect(patch.code).toBe(0);
}, 60_000);

afterAll(async () => {
  for (const w of watches.values()) w.stop();
  await cluster?.stop();
  rmSync(appDir, { recursive: true, force: true });
}, 60_000);

describe('autoscaling on the local control plane', () => {
  jest.setTimeout(60_000);

  it('min-scale keeps its pods while services without it scale to zero', async () => {
    const idle = watch('idle');
    const single = watch('single');
    const keep = watch('keep');
    await Promise.all([
      createService('idle', 0),
      // One request per pod, at most 3 pods: a burst at zero must wait in the activator.
      createService('single', 100, '--concurrency-limit', '1', '--scale-max', '3'),
      createService('keep', 0, '--scale-min', '2'),
    ]);
    await keep.until('keep has 2 ready pods', (s) => s.ready === 2, 20_000);
    await idle.until('idle scaled to zero', (s) => s.ready === 0 && s.replicas === 0, 40_000);
    await single.until('single scaled to zero', (s) => s.ready === 0 && s.replicas === 0, 10_000);
    // idle went through stable window + grace period; keep had the same time and stays at its floor.
    expect(keep.ready()).toBe(2);
    expect(keep.replicas()).toBe(2);
    const atFloor = keep.history.findIndex((h) => h.ready === 2);
    expect(Math.min(...keep.history.slice(atFloor).map((s) => s.ready))).toBe(2);
  });

  it('a burst of requests at zero pods is answered in full', async () => {
    const r = await burst(cluster, host('idle'), 30);
    expect(r.failures).toEqual([]);
    expect(r.statuses).toEqual({ 200: 30 });
  });

  it('a burst at zero for containerConcurrency=1 waits in the activator and loses none', async () => {
    const single = watch('single');
    expect(single.ready()).toBe(0);
    const r = await burst(cluster, host('single'), 30);
    expect(r.failures).toEqual([]);
    expect(r.statuses).toEqual({ 200: 30 });
    expect(Math.max(...single.history.map((s) => s.replicas ?? 0))).toBeLessThanOrEqual(3);
  });

  it('rejects invalid autoscaling annotations with upstream messages and writes nothing', async () => {
    const minMax = await kn(cluster, ['service', 'create', 'bad', '--image', 'dev.local/slow', '--scale-min', '3', '--scale-max', '2']);
    expect(minMax.code).toBe(1);
    expect(minMax.stderr).toContain('max-scale=2 is less than min-scale=3');

    const activation = await kn(cluster, ['service', 'create', 'bad', '--image', 'dev.local/slow', '--annotation', 'autoscaling.knative.dev/activation-scale=1']);
    expect(activation.code).toBe(1);
    expect(activation.stderr).toContain('activation-scale=1 must be greater than 1');

    const window = await kn(cluster, ['service', 'create', 'bad', '--image', 'dev.local/slow', '--annotation', 'autoscaling.knative.dev/window=5s']);
    expect(window.code).toBe(1);
    // kn checks annotations before sending (as upstream kn does), so the path is the bare key.
    expect(window.stderr).toContain('expected 6s <= 5s <= 1h0m0s: autoscaling.knative.dev/window');

    // The same through kubectl meets the admission webhook, which names the full path.
    const apply = async (metadata: object, template: object) => {
      const manifest = join(appDir, 'bad.json');
      writeFileSync(
        manifest,
        JSON.stringify({
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Service',
          metadata: { name: 'bad', namespace: 'default', ...metadata },
          spec: { template: { ...template, spec: { containers: [{ image: 'dev.local/slow' }] } } },
        }),
      );
      return kubectl(cluster, ['apply', '-f', manifest]);
    };
    const badWindow = await apply({}, { metadata: { annotations: { 'autoscaling.knative.dev/window': '5s' } } });
    expect(badWindow.code).not.toBe(0);
    expect(badWindow.stderr).toContain('expected 6s <= 5s <= 1h0m0s: spec.template.metadata.annotations.autoscaling.knative.dev/window');

    // On the Service's own metadata (not the template) autoscaling keys are refused.
    const onService = await apply({ annotations: { 'autoscaling.knative.dev/min-scale': '1' } }, {});
    expect(onService.code).not.toBe(0);
    expect(onService.stderr).toContain('invalid key name "autoscaling.knative.dev/min-scale": metadata.annotations');
    expect(onService.stderr).toContain('autoscaling annotations must be put under "spec.template.metadata.annotations" to work');

    const none = await kubectl(cluster, ['get', 'ksvc', 'bad']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('"bad" not found');
  });
});

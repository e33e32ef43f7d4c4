// The KIngress status reconciler: writes only for a generation the gateway already serves, only
// when the status changes, and never for Ingresses of another class.
import { FakeClock } from '../../../src/lib/controller/clock.js';
import { FakeKubeClient } from '../../../src/lib/controller/fake-client.js';
import { Informer } from '../../../src/lib/controller/informer.js';
import { ingressStatusReconciler } from '../../../src/lib/networking/ingress-status.js';
import { KOURIER_INGRESS_CLASS, KOURIER_PUBLIC_LB } from '../../../src/lib/networking/ingress-reconciler.js';
import type { IngressObject } from '../../../src/lib/networking/route-programmer.js';
import { buildRouteTable } from '../../../src/lib/networking/route-table.js';
import type { RouteTable } from '../../../src/lib/networking/types.js';
import { ServingResources } from '../../../src/lib/serving/resources.js';
import { kingress, split } from './fixtures.js';

const INGRESS = ServingResources.ingresses;
const KEY = 'default/hello';

async function setup(ingressClass = KOURIER_INGRESS_CLASS) {
  const clock = new FakeClock();
  const client = new FakeKubeClient(() => new Date(clock.now()));
  client.seed(INGRESS, kingress('hello', [{ splits: [split('hello-1', 100)] }]) as IngressObject);
  const ingresses = new Informer<IngressObject>(client, INGRESS, { clock });
  await ingresses.start();
  let table: RouteTable = { external: new Map(), internal: new Map(), ingresses: [] };
  const program = () => (table = buildRouteTable({ ingresses: ingresses.list(), services: [], endpoints: [] }));
  const reconcile = ingressStatusReconciler({ client, ingresses, programmed: () => table, ingressClass: () => ingressClass, clock });
  const writes = () => client.calls.filter((c) => c.verb === 'updateStatus').length;
  const stored = () => client.peek<IngressObject>(INGRESS, 'default', 'hello')!;
  /** Lets the informer's watch deliver what the client just wrote. */
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return { client, ingresses, program, reconcile, writes, stored, settle, stop: () => ingresses.stop() };
}

describe('ingressStatusReconciler', () => {
  it('waits until the programmed table carries the current generation, then writes Ready once', async () => {
    const t = await setup();
    await t.reconcile(KEY);
    expect(t.writes()).toBe(0); // nothing programmed yet

    t.program();
    await t.reconcile(KEY);
    expect(t.writes()).toBe(1);
    expect(t.stored().status).toMatchObject({ observedGeneration: 1, publicLoadBalancer: { ingress: [{ domainInternal: KOURIER_PUBLIC_LB }] } });
    expect(t.stored().status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

    await t.settle();
    await t.reconcile(KEY);
    expect(t.writes()).toBe(1); // unchanged status: no write
    t.stop();
  });

  it('does not report a new generation while the gateway still serves the old one', async () => {
    const t = await setup();
    t.program();
    const cur = t.stored();
    await t.client.update(INGRESS, { ...cur, spec: { ...cur.spec, rules: [] } });
    await t.settle();
    expect(t.ingresses.getByKey(KEY)?.metadata.generation).toBe(2);
    await t.reconcile(KEY);
    expect(t.writes()).toBe(0);
    t.program();
    await t.reconcile(KEY);
    expect(t.stored().status?.observedGeneration).toBe(2);
    t.stop();
  });

  it('leaves Ingresses of another class alone', async () => {
    const t = await setup('istio.ingress.networking.knative.dev');
    t.program();
    await t.reconcile(KEY);
    expect(t.writes()).toBe(0);
    t.stop();
  });

  it('ignores a key whose Ingress is gone', async () => {
    const t = await setup();
    await expect(t.reconcile('default/missing')).resolves.toBeUndefined();
    expect(t.writes()).toBe(0);
    t.stop();
  });
});

import {
  computeIngressStatus,
  DOMAIN_CONFLICT_MESSAGE,
  isKourierIngress,
  KOURIER_INGRESS_CLASS,
} from '../../../src/lib/networking/ingress-reconciler.js';
import { translate } from '../../../src/lib/networking/translate.js';
import { kingress, split } from './fixtures.js';

const now = new Date('2026-02-01T10:00:00.123Z');
const ep = (): string[] => [];

describe('computeIngressStatus', () => {
  it('marks an accepted, programmed Ingress ready with the Kourier load balancers', () => {
    const ing = kingress('hello', [{ splits: [split('hello-00001', 100)] }], { generation: 3 });
    const status = computeIngressStatus(ing, translate({ ingresses: [ing], endpoints: ep }), { now });
    expect(status).toEqual({
      observedGeneration: 3,
      conditions: [
        { type: 'LoadBalancerReady', status: 'True', lastTransitionTime: '2026-02-01T10:00:00Z' },
        { type: 'NetworkConfigured', status: 'True', lastTransitionTime: '2026-02-01T10:00:00Z' },
        { type: 'Ready', status: 'True', lastTransitionTime: '2026-02-01T10:00:00Z' },
      ],
      publicLoadBalancer: { ingress: [{ domainInternal: 'kourier.kourier-system.svc.cluster.local' }] },
      privateLoadBalancer: { ingress: [{ domainInternal: 'kourier-internal.kourier-system.svc.cluster.local' }] },
    });
  });

  it('marks the loser of a domain conflict failed (Ready False) without throwing', () => {
    const older = kingress('hello', [{ splits: [split('hello-00001', 100)] }], { created: '2026-01-01T00:00:00Z' });
    const younger = kingress('hello', [{ splits: [split('x-00001', 100)] }], { created: '2026-01-02T00:00:00Z', ns: 'other' });
    younger.spec.rules![1].hosts = ['hello.default.example.com'];
    const table = translate({ ingresses: [older, younger], endpoints: ep });
    const status = computeIngressStatus(younger, table, { now });
    expect(status.conditions).toEqual([
      { type: 'LoadBalancerReady', status: 'False', reason: 'DomainConflict', message: DOMAIN_CONFLICT_MESSAGE, lastTransitionTime: '2026-02-01T10:00:00Z' },
      { type: 'NetworkConfigured', status: 'Unknown', lastTransitionTime: '2026-02-01T10:00:00Z' },
      { type: 'Ready', status: 'False', reason: 'DomainConflict', message: DOMAIN_CONFLICT_MESSAGE, lastTransitionTime: '2026-02-01T10:00:00Z' },
    ]);
    expect(status.publicLoadBalancer).toBeUndefined();
  });

  it('waits (Unknown, Uninitialized) until the gateway serves the table', () => {
    const ing = kingress('hello', [{ splits: [split('hello-00001', 100)] }]);
    const status = computeIngressStatus(ing, translate({ ingresses: [ing], endpoints: ep }), { now, programmed: false });
    expect(status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'Uninitialized' });
    const absent = computeIngressStatus(ing, translate({ ingresses: [], endpoints: ep }), { now });
    expect(absent.conditions?.find((c) => c.type === 'LoadBalancerReady')?.status).toBe('Unknown');
  });

  it('keeps lastTransitionTime when a condition does not change', () => {
    const ing = kingress('hello', [{ splits: [split('hello-00001', 100)] }]);
    const table = translate({ ingresses: [ing], endpoints: ep });
    ing.status = computeIngressStatus(ing, table, { now });
    const later = computeIngressStatus(ing, table, { now: new Date('2026-03-01T00:00:00Z') });
    expect(later).toEqual(ing.status);
  });

  it('recognises our ingress class by annotation or config-network default', () => {
    const ing = kingress('hello', []);
    expect(isKourierIngress(ing, KOURIER_INGRESS_CLASS)).toBe(true);
    expect(isKourierIngress(ing, 'istio.ingress.networking.knative.dev')).toBe(false);
    ing.metadata.annotations = { 'networking.knative.dev/ingress.class': KOURIER_INGRESS_CLASS };
    expect(isKourierIngress(ing, 'istio.ingress.networking.knative.dev')).toBe(true);
  });
});

// Default ingress class from config-network.
import { ingressClassFromConfig } from '../../../src/lib/networking/ingress-class.js';
import { KOURIER_INGRESS_CLASS } from '../../../src/lib/networking/ingress-reconciler.js';

describe('ingressClassFromConfig', () => {
  it('reads ingress-class, then the legacy ingress.class key', () => {
    expect(ingressClassFromConfig({ 'ingress-class': 'a', 'ingress.class': 'b' })).toBe('a');
    expect(ingressClassFromConfig({ 'ingress.class': 'b' })).toBe('b');
  });

  it("falls back to Kourier's class when the ConfigMap or the key is missing or blank", () => {
    expect(ingressClassFromConfig(undefined)).toBe(KOURIER_INGRESS_CLASS);
    expect(ingressClassFromConfig({})).toBe(KOURIER_INGRESS_CLASS);
    expect(ingressClassFromConfig({ 'ingress-class': '  ' })).toBe(KOURIER_INGRESS_CLASS);
  });
});

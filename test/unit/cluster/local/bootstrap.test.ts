import { localConfigMaps } from '../../../../src/lib/cluster/local/bootstrap.js';
import { parseServingConfig } from '../../../../src/lib/serving/config.js';

describe('localConfigMaps', () => {
  const serving = Object.fromEntries(
    localConfigMaps()
      .filter((cm) => cm.namespace === 'knative-serving')
      .map((cm) => [cm.name, cm.data]),
  );

  it('are valid serving config maps', () => expect(() => parseServingConfig(serving)).not.toThrow());

  it('shorten the queue-proxy drain: the in-process gateway drops an ending pod at once', () => {
    expect(parseServingConfig(serving).deployment.queueSidecarDrainQuietMs).toBe(2000);
  });

  it('use the magic-DNS domain and Kourier', () => {
    expect(serving['config-domain']).toEqual({ '127.0.0.1.sslip.io': '' });
    expect(serving['config-network']).toEqual({ 'ingress-class': 'kourier.ingress.networking.knative.dev' });
  });
});

// The serving admission hook on the API server's admission chain.
import { AdmissionChain } from '../../../../src/lib/cluster/apiserver/admission.js';
import { ApiError } from '../../../../src/lib/cluster/apiserver/errors.js';
import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import { registerServingAdmission } from '../../../../src/lib/serving/webhook/admission-hook.js';

describe('registerServingAdmission', () => {
  const config = parseServingConfig({});
  const req = (object: unknown, subresource = '') => ({
    operation: 'CREATE' as const, group: 'serving.knative.dev', version: 'v1', kind: 'Service', resource: 'services', subresource, namespace: 'default', name: 'hello', object, dryRun: false,
  });

  it('defaults a Service and denies an invalid one with the webhook name', async () => {
    const chain = new AdmissionChain();
    const unregister = registerServingAdmission(chain, () => config);
    const out = await chain.run(req({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: { containers: [{ image: 'img' }] } } } }));
    expect(out.spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]);
    expect(out.spec.template.spec.containers[0].name).toBe('user-container');

    const bad = req({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: { containers: [] } } } });
    await expect(chain.run(bad)).rejects.toBeInstanceOf(ApiError);
    await expect(chain.run(bad)).rejects.toThrow(/^admission webhook "validation.webhook.serving.knative.dev" denied the request: validation failed: /);
    unregister();
    expect(chain.has('serving.knative.dev', 'Service')).toBe(false);
  });
});

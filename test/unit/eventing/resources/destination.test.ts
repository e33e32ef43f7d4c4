import { resolveDestination, ResolveError, validateDestination, type ObjectGetter } from '../../../../src/lib/eventing/resources/destination.js';

const objects: Record<string, Record<string, unknown>> = {
  'serving.knative.dev/v1/Service/default/hello': { status: { url: 'http://hello.default.example.com', address: { url: 'http://hello.default.svc.cluster.local' } } },
  'serving.knative.dev/v1/Service/default/legacy': { status: { url: 'http://legacy.default.svc.cluster.local' } },
  'eventing.knative.dev/v1/Broker/default/default': { status: { address: { name: 'http', url: 'http://broker-ingress.knative-eventing.svc.cluster.local/default/default' } } },
  'messaging.knative.dev/v1/Channel/other/ch': { status: { address: { url: 'http://ch-kn-channel.other.svc.cluster.local' } } },
  'messaging.knative.dev/v1/InMemoryChannel/default/multi': {
    status: { addresses: [{ name: 'https', url: 'https://multi.example' }, { name: 'http', url: 'http://multi.example' }] },
  },
  'v1/Service/default/plain': { spec: {} },
  'example.dev/v1/Thing/default/noaddr': { status: {} },
  'example.dev/v1/Thing/default/nourl': { status: { address: {} } },
  'example.dev/v1/Thing/default/nohost': { status: { address: { url: 'http://' } } },
};
const getter: ObjectGetter = async (ref) => objects[`${ref.apiVersion}/${ref.kind}/${ref.namespace}/${ref.name}`];
const ref = (apiVersion: string, kind: string, name: string, namespace?: string) => ({ apiVersion, kind, name, namespace });

describe('resolveDestination', () => {
  it.each([
    ['Knative Service by address', { ref: ref('serving.knative.dev/v1', 'Service', 'hello') }, 'http://hello.default.svc.cluster.local'],
    ['Knative Service by status.url', { ref: ref('serving.knative.dev/v1', 'Service', 'legacy') }, 'http://legacy.default.svc.cluster.local'],
    ['Broker', { ref: ref('eventing.knative.dev/v1', 'Broker', 'default') }, 'http://broker-ingress.knative-eventing.svc.cluster.local/default/default'],
    ['Channel in another namespace', { ref: ref('messaging.knative.dev/v1', 'Channel', 'ch', 'other') }, 'http://ch-kn-channel.other.svc.cluster.local'],
    ['core v1 Service', { ref: ref('v1', 'Service', 'plain') }, 'http://plain.default.svc.cluster.local'],
    ['plain URI', { uri: 'http://example.com/x' }, 'http://example.com/x'],
    ['relative URI on a ref', { ref: ref('serving.knative.dev/v1', 'Service', 'hello'), uri: '/extra/path' }, 'http://hello.default.svc.cluster.local/extra/path'],
    ['first of status.addresses', { ref: ref('messaging.knative.dev/v1', 'InMemoryChannel', 'multi') }, 'https://multi.example'],
    ['named address', { ref: { ...ref('messaging.knative.dev/v1', 'InMemoryChannel', 'multi'), address: 'http' } }, 'http://multi.example'],
  ])('%s', async (_n, dest, want) => {
    expect((await resolveDestination(dest, 'default', getter)).url).toBe(want);
  });

  it.each([
    ['missing object', { ref: ref('serving.knative.dev/v1', 'Service', 'gone') }, 'failed to get object default/gone: service "gone" not found'],
    ['no address', { ref: ref('example.dev/v1', 'Thing', 'noaddr') }, /^address not set for &\{Kind:Thing Namespace:default Name:noaddr/],
    ['no URL', { ref: ref('example.dev/v1', 'Thing', 'nourl') }, /^URL missing in address of/],
    ['no host', { ref: ref('example.dev/v1', 'Thing', 'nohost') }, /^hostname missing in address of/],
    ['relative URI alone', { uri: '/path' }, /^URI is not absolute/],
    ['nothing', {}, /missing Ref and URI/],
  ])('fails: %s', async (_n, dest, want) => {
    await expect(resolveDestination(dest, 'default', getter)).rejects.toThrow(ResolveError);
    await expect(resolveDestination(dest, 'default', getter)).rejects.toThrow(want);
  });
});

describe('validateDestination', () => {
  const msgs = (d: Parameters<typeof validateDestination>[0]) => validateDestination(d, 'spec.subscriber').map((e) => e.message);
  it.each([
    [undefined, ['expected at least one, got none: spec.subscriber.ref, spec.subscriber.uri']],
    [{}, ['expected at least one, got none: spec.subscriber.ref, spec.subscriber.uri']],
    [{ uri: '/relative' }, ['invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent: spec.subscriber.uri']],
    [{ ref: { apiVersion: 'v1', kind: 'Service' } }, ['missing field(s): spec.subscriber.ref.name']],
    [
      { ref: { apiVersion: 'v1', kind: 'Service', name: 'x' }, uri: 'http://abs.example' },
      ['Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present: spec.subscriber.ref, spec.subscriber.uri, spec.subscriber[apiVersion, kind, name]'],
    ],
    [{ ref: { apiVersion: 'v1', kind: 'Service', name: 'x' }, uri: '/ok' }, []],
    [{ uri: 'http://ok.example' }, []],
  ])('%j', (dest, want) => {
    expect(msgs(dest)).toEqual(want);
  });
});

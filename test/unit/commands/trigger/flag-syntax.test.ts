// Flag syntaxes shared by the eventing commands: sinks, key=value lists, channel refs, broker config.
import { describe, expect, it } from '@jest/globals';
import { KnError } from '../../../../src/lib/api/errors.js';
import { parseBrokerConfig } from '../../../../src/lib/eventing/cli/broker-config.js';
import { parseChannelRef, parseChannelType } from '../../../../src/lib/eventing/cli/channel-ref.js';
import { mergeKeyValues, parseKeyValues } from '../../../../src/lib/eventing/cli/key-values.js';
import { CORE_SERVICE, parseSink, resolveSink, sinkToString } from '../../../../src/lib/eventing/cli/sink.js';
import type { KObject, ResourceType } from '../../../../src/lib/api/types.js';

describe('sink syntax', () => {
  it('parses bare names, prefixes, namespaces, URIs and group/version/resource', () => {
    expect(parseSink('svc1', 'ns')).toMatchObject({ rt: { group: 'serving.knative.dev', plural: 'services' }, name: 'svc1', namespace: 'ns' });
    expect(parseSink('ksvc:a:other', 'ns')).toMatchObject({ name: 'a', namespace: 'other' });
    expect(parseSink('broker:b', 'ns')).toMatchObject({ rt: { kind: 'Broker' }, name: 'b', namespace: 'ns' });
    expect(parseSink('channel:c', 'ns')).toMatchObject({ rt: { kind: 'Channel', group: 'messaging.knative.dev' } });
    expect(parseSink('svc:s', 'ns')).toMatchObject({ rt: CORE_SERVICE });
    expect(parseSink('service:s', 'ns')).toMatchObject({ rt: CORE_SERVICE });
    expect(parseSink('https://x.example.com/p', 'ns')).toEqual({ uri: 'https://x.example.com/p' });
    expect(parseSink('special.eventing.dev/v1alpha1/channels:pipe', 'ns')).toMatchObject({
      rt: { group: 'special.eventing.dev', version: 'v1alpha1', plural: 'channels' },
      name: 'pipe',
    });
  });

  it('reads extra prefixes from sink-mappings only when no built-in prefix matches', () => {
    let reads = 0;
    const mappings = () => {
      reads += 1;
      return [{ prefix: 'kafka', group: 'sources.knative.dev', version: 'v1beta1', resource: 'kafkasources' }];
    };
    expect(parseSink('ksvc:a', 'ns', mappings)).toMatchObject({ name: 'a' });
    expect(reads).toBe(0);
    expect(parseSink('kafka:k', 'ns', mappings)).toMatchObject({ rt: { group: 'sources.knative.dev', version: 'v1beta1', plural: 'kafkasources' }, name: 'k' });
  });

  it('rejects malformed values with "sink has invalid format"', () => {
    for (const bad of ['foo:bar', 'ksvc:', 'a/b:c', 'http://', 'ksvc:a:b:c']) {
      expect(() => parseSink(bad, 'ns')).toThrow(/^sink has invalid format: /);
    }
    expect(() => parseSink('foo:bar', 'ns')).toThrow("sink has invalid format: unsupported sink prefix: 'foo'");
  });

  it('resolves references through the getter (kind from the fetched object) and passes NotFound on', async () => {
    const get = async (rt: ResourceType, ns: string, name: string): Promise<KObject> => {
      if (name === 'missing') throw new KnError(`${rt.plural}.${rt.group} "${name}" not found`, 'NotFound', 404);
      return { apiVersion: 'special.eventing.dev/v1alpha1', kind: 'SpecialChannel', metadata: { name, namespace: ns } };
    };
    expect(await resolveSink('special.eventing.dev/v1alpha1/channels:pipe', { namespace: 'ns', get })).toEqual({
      ref: { apiVersion: 'special.eventing.dev/v1alpha1', kind: 'SpecialChannel', name: 'pipe', namespace: 'ns' },
    });
    await expect(resolveSink('broker:missing', { namespace: 'ns', get })).rejects.toThrow('brokers.eventing.knative.dev "missing" not found');
  });

  it('renders list text: aliases, other namespaces, URIs, unknown kinds', () => {
    const ref = (apiVersion: string, kind: string, name: string, namespace = 'ns') => ({ ref: { apiVersion, kind, name, namespace } });
    expect(sinkToString(ref('serving.knative.dev/v1', 'Service', 'a'), 'ns')).toBe('ksvc:a');
    expect(sinkToString(ref('v1', 'Service', 'a'), 'ns')).toBe('svc:a');
    expect(sinkToString(ref('eventing.knative.dev/v1', 'Broker', 'b'), 'ns')).toBe('broker:b');
    expect(sinkToString(ref('messaging.knative.dev/v1', 'Channel', 'c', 'other'), 'ns')).toBe('channel:c:other');
    expect(sinkToString(ref('special.eventing.dev/v1alpha1', 'SpecialChannel', 'p'), 'ns')).toBe('specialchannels.special.eventing.dev/v1alpha1:p');
    expect(sinkToString({ uri: 'http://x' }, 'ns')).toBe('http://x');
    expect(sinkToString(undefined, 'ns')).toBe('');
  });
});

describe('key=value lists', () => {
  it('parses additions and removals and merges them', () => {
    const ch = parseKeyValues(['a=1,b=2', 'c-', 'd=x=y'], { allowRemoval: true, splitCommas: true });
    expect(ch).toEqual({ set: { a: '1', b: '2', d: 'x=y' }, remove: ['c'] });
    expect(mergeKeyValues({ c: '3', e: '5' }, ch)).toEqual({ a: '1', b: '2', d: 'x=y', e: '5' });
    expect(mergeKeyValues({ c: '3' }, { set: {}, remove: ['c'] })).toBeUndefined();
    expect(parseKeyValues(['a=1,2'], { allowRemoval: true, splitCommas: false })).toEqual({ set: { a: '1,2' }, remove: [] });
    expect(() => parseKeyValues(['novalue'], { allowRemoval: true, splitCommas: true })).toThrow('argument requires a value that contains the "=" character; got "novalue"');
  });
});

describe('channel references and types', () => {
  it('maps imc and Group:Version:Kind[:Name]', () => {
    expect(parseChannelType('imc')).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' });
    expect(parseChannelType('messaging.knative.dev:v1alpha1:KafkaChannel')).toEqual({ apiVersion: 'messaging.knative.dev/v1alpha1', kind: 'KafkaChannel' });
    expect(parseChannelRef('pipe')).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'pipe' });
    expect(parseChannelRef('imc:pipe')).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'pipe' });
    expect(parseChannelRef('g.dev:v1:K:n')).toEqual({ apiVersion: 'g.dev/v1', kind: 'K', name: 'n' });
    const config = () => [{ alias: 'kafka', group: 'messaging.knative.dev', version: 'v1beta1', kind: 'KafkaChannel' }];
    expect(parseChannelType('kafka', config)).toEqual({ apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel' });
    expect(parseChannelRef('kafka:k1', config)).toEqual({ apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', name: 'k1' });
    expect(() => parseChannelRef('x:y')).toThrow(/^incorrect value 'x:y' for '--channel'/);
  });
});

describe('--broker-config', () => {
  it('reads name, kind:name[:ns] and apiVersion:kind:name:ns', () => {
    expect(parseBrokerConfig('cfg', 'ns')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: 'ns' });
    expect(parseBrokerConfig('sc:s', 'ns')).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'ns' });
    expect(parseBrokerConfig('rmq:r:other', 'ns')).toEqual({ apiVersion: 'rabbitmq.com/v1beta1', kind: 'RabbitmqCluster', name: 'r', namespace: 'other' });
    expect(parseBrokerConfig('v1:ConfigMap:c:x', 'ns')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', namespace: 'x' });
    expect(() => parseBrokerConfig('bogus:x', 'ns')).toThrow("invalid broker config reference 'bogus:x'");
  });
});

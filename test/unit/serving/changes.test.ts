// Tables for the named mutations behind kn's edit flags and for applyEditFlags on update/apply.
import {
  applyEditFlags,
  pinImageToDigest,
  updateConcurrencyLimit,
  updateLabels,
  updateRevisionTemplateAnnotation,
  updateScale,
  updateScaleWindow,
  updateUserImageAnnotation,
} from '../../../src/lib/serving/changes.js';
import type { EditFlags } from '../../../src/lib/serving/cli/edit-flags.js';
import { updateEnvFrom, updateEnvVars } from '../../../src/lib/serving/cli/env.js';
import { addNodeAffinity, addToleration, updateContainerPort, updateImagePullPolicy } from '../../../src/lib/serving/cli/podspec.js';
import { withProbeHandler, withProbeOptions } from '../../../src/lib/serving/cli/probes.js';
import { generateRevisionName } from '../../../src/lib/serving/cli/revision-name.js';
import { generateVolumeName, updateVolumeMountsAndVolumes } from '../../../src/lib/serving/cli/volumes.js';
import type { V1Container } from '@kubernetes/client-node';
import type { Revision, RevisionSpec, RevisionTemplateSpec, Service } from '../../../src/lib/serving/types.js';

const NOW = new Date('2026-11-23T18:00:00.000Z');
const template = (annotations?: Record<string, string>): RevisionTemplateSpec => ({
  metadata: annotations ? { annotations } : {},
  spec: { containers: [{ name: '', image: 'img' }] },
});

describe('updateScale', () => {
  it.each([
    ['5', { 'autoscaling.knative.dev/min-scale': '5', 'autoscaling.knative.dev/max-scale': '5' }],
    ['1..5', { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '5' }],
    ['2..', { 'autoscaling.knative.dev/min-scale': '2' }],
    ['..7', { 'autoscaling.knative.dev/max-scale': '7' }],
  ])('%s', (spec, want) => {
    const t = template();
    updateScale(t, spec);
    expect(t.metadata?.annotations).toEqual(want);
  });
  it.each([
    ['x', 'Scale must be of the format x..y or x'],
    ['a..3', 'strconv.Atoi: parsing "a": invalid syntax'],
    ['-1', 'expected 0 <= -1 <= 2147483647: autoscaling.knative.dev/max-scale'],
  ])('rejects %s', (spec, message) => {
    expect(() => updateScale(template(), spec)).toThrow(message);
  });
});

describe('updateRevisionTemplateAnnotation validates autoscaling values', () => {
  it.each([
    ['autoscaling.knative.dev/target', '0', 'target 0 should be at least 0.01: autoscaling.knative.dev/target'],
    ['autoscaling.knative.dev/target-utilization-percentage', '120', 'expected 1 <= 120 <= 100: autoscaling.knative.dev/target-utilization-percentage'],
    ['autoscaling.knative.dev/window', '2s', 'expected 6s <= 2s <= 1h0m0s: autoscaling.knative.dev/window'],
    ['autoscaling.knative.dev/window', '6500ms', 'must be specified with at most second precision: autoscaling.knative.dev/window'],
    ['autoscaling.knative.dev/min-scale', 'x', 'invalid value: x: autoscaling.knative.dev/min-scale'],
    ['autoscaling.knative.dev/initial-scale', '-1', 'invalid value: -1: autoscaling.knative.dev/initial-scale must be greater than 0'],
    ['autoscaling.knative.dev/class', 'foo.knative.dev', 'invalid value: foo.knative.dev: autoscaling.knative.dev/class'],
  ])('%s=%s', (key, value, message) => {
    expect(() => updateRevisionTemplateAnnotation(template(), key, value)).toThrow(message);
  });
  it('accepts other annotations unchecked', () => {
    const t = template();
    updateRevisionTemplateAnnotation(t, 'example.com/x', 'anything');
    expect(t.metadata?.annotations).toEqual({ 'example.com/x': 'anything' });
  });
});

describe('small mutations', () => {
  it.each([
    ['10x', "invalid duration for 'scale-window': time: unknown unit \"x\" in duration \"10x\""],
    ['10', "invalid duration for 'scale-window': time: missing unit in duration \"10\""],
  ])('scale window %s', (w, message) => {
    expect(() => updateScaleWindow(template(), w)).toThrow(message);
  });
  it('concurrency limit must not be negative', () => {
    expect(() => updateConcurrencyLimit(template(), -1)).toThrow('invalid concurrency-limit -1 (must not be less than 0)');
  });
  it('updateLabels adds then removes', () => {
    expect(updateLabels({ a: '1', b: '2' }, new Map([['c', '3']]), ['a'])).toEqual({ b: '2', c: '3' });
  });
  it.each([
    ['8080', [{ containerPort: 8080 }]],
    ['h2c:8080', [{ containerPort: 8080, name: 'h2c' }]],
  ])('port %s', (spec, ports) => {
    const c = { name: '' };
    updateContainerPort(c, spec);
    expect(c).toEqual({ name: '', ports });
  });
  it('bad port', () => {
    expect(() => updateContainerPort({ name: '' }, 'h2c:x')).toThrow(
      "the port specification 'h2c:x' is not valid. Please provide in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'.",
    );
  });
  it('pull policy is canonicalised and checked', () => {
    const c = { name: '' } as { name: string; imagePullPolicy?: string };
    updateImagePullPolicy(c, 'ifnotpresent');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(() => updateImagePullPolicy(c, 'sometimes')).toThrow('invalid --pull-policy sometimes. Valid arguments (case insensitive): Always | Never | IfNotPresent');
  });
});

describe('tolerations', () => {
  it('one flag value makes one toleration; unknown effects are dropped', () => {
    const spec: RevisionSpec = { containers: [{ name: '' }] };
    addToleration(spec, ['Key=node-role', 'Operator=Equal', 'Value=', 'Effect=NoSchedule']);
    addToleration(spec, ['key=gpu', 'effect=Sometimes']);
    expect(spec.tolerations).toEqual([
      { key: 'node-role', operator: 'Equal', value: '', effect: 'NoSchedule' },
      { key: 'gpu' },
    ]);
    expect(() => addToleration(spec, ['Key'])).toThrow('Argument requires a value that contains the "=" character; got "Key"');
  });
});

describe('node affinity', () => {
  it('required terms are ORed, preferred ones carry a weight', () => {
    const spec: RevisionSpec = { containers: [{ name: '' }] };
    addNodeAffinity(spec, ['Type=Required', 'Key=zone', 'Operator=In', 'Values=a b']);
    addNodeAffinity(spec, ['Type=Required', 'Key=disk', 'Operator=Exists']);
    addNodeAffinity(spec, ['Type=Preferred', 'Key=gpu', 'Operator=In', 'Values=t4', 'Weight=10']);
    expect(spec.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
            { matchExpressions: [{ key: 'disk', operator: 'Exists' }] },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 10, preference: { matchExpressions: [{ key: 'gpu', operator: 'In', values: ['t4'] }] } },
        ],
      },
    });
  });
});

describe('env', () => {
  it('updates in place, appends new ones in order, removes NAME-', () => {
    const c = { name: '', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] };
    updateEnvVars(c, [
      { source: 'env', values: ['Z=26'] },
      { source: 'env', values: ['A=one'] },
      { source: 'env', values: ['B-'] },
    ]);
    expect(c.env).toEqual([{ name: 'A', value: 'one' }, { name: 'Z', value: '26' }]);
  });
  it.each([
    [{ source: 'env' as const, values: ['NOVALUE'] }, 'Invalid --env: argument requires a value that contains the "=" character; got "NOVALUE"'],
    [{ source: 'env-value-from' as const, values: ['X=cm:only'] }, 'argument requires a value in form "resourceType:name:key"'],
    [{ source: 'env-value-from' as const, values: ['X=foo:a:b'] }, 'unsupported env source type'],
  ])('rejects %j', (arg, message) => {
    expect(() => updateEnvVars({ name: '' }, [arg])).toThrow(message);
  });
  it('env-from adds once and removes with a trailing dash', () => {
    const c = { name: '', envFrom: [{ secretRef: { name: 's' } }] };
    updateEnvFrom(c, ['cm:a', 'config-map:a', 'secret:s-']);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'a' } }]);
    expect(() => updateEnvFrom(c, ['-'])).toThrow('"-" is not a valid value for "--env-from"');
  });
});

describe('volumes', () => {
  it('generates DNS-label volume names', () => {
    expect(generateVolumeName('/etc/cfg')).toMatch(/^etc-cfg-[0-9a-f]{8}$/);
    expect(generateVolumeName('/A_b')).toMatch(/^a-b-[0-9a-f]{8}$/);
  });
  it('unmounting a path removes its generated volume', () => {
    const spec: RevisionSpec & { containers: V1Container[] } = { containers: [{ name: '' }] };
    updateVolumeMountsAndVolumes(spec, spec.containers[0], ['/etc/cfg=cm:x', '/m=sc:s/sub/key'], []);
    expect(spec.containers[0].volumeMounts).toHaveLength(2);
    expect(spec.containers[0].volumeMounts?.[1]).toMatchObject({ subPath: 'sub/key', readOnly: true, mountPath: '/m' });
    updateVolumeMountsAndVolumes(spec, spec.containers[0], ['/etc/cfg-', '/m-'], []);
    expect(spec.containers[0].volumeMounts).toBeUndefined();
    expect(spec.volumes).toBeUndefined();
  });
  it.each([
    [['/a=foo:x'], [], 'unsupported volume type ""foo""'],
    [[], ['v=ed:x:color=red'], 'incorrect format to specify emptyDir type'],
    [['/a'], [], 'Invalid --mount: argument requires a value that contains the "=" character; got "/a"'],
  ])('rejects mount %j volume %j', (mounts, volumes, message) => {
    const spec = { containers: [{ name: '' }] };
    expect(() => updateVolumeMountsAndVolumes(spec, spec.containers[0], mounts, volumes)).toThrow(message);
  });
  it('re-pointing an existing mount needs an existing volume', () => {
    const spec = { containers: [{ name: '' }] };
    updateVolumeMountsAndVolumes(spec, spec.containers[0], ['/a=cm:x'], []);
    expect(() => updateVolumeMountsAndVolumes(spec, spec.containers[0], ['/a=nothere'], [])).toThrow('There is no volume matched with "nothere"');
  });
  it('refuses to remove a mounted volume', () => {
    const spec = { containers: [{ name: '' }] };
    updateVolumeMountsAndVolumes(spec, spec.containers[0], ['/a=v'], ['v=cm:x']);
    expect(() => updateVolumeMountsAndVolumes(spec, spec.containers[0], [], ['v-'])).toThrow('The volume "v" cannot be removed because it is mounted');
  });
});

describe('probes', () => {
  it.each([
    ['http::8080:/healthz', { httpGet: { port: 8080, path: '/healthz' } }],
    ['https:host:http1:/', { httpGet: { host: 'host', port: 'http1', path: '/', scheme: 'HTTPS' } }],
    ['exec:cat,/tmp/ok', { exec: { command: ['cat', '/tmp/ok'] } }],
    ['tcp::9000', { tcpSocket: { port: 9000 } }],
  ])('%s', (spec, want) => {
    expect(withProbeHandler(undefined, spec)).toEqual(want);
  });
  it('options are case-insensitive and keep the handler', () => {
    expect(withProbeOptions({ tcpSocket: { port: 1 } }, 'periodSeconds=5,FAILURETHRESHOLD=2')).toEqual({
      tcpSocket: { port: 1 },
      periodSeconds: 5,
      failureThreshold: 2,
    });
    expect(() => withProbeOptions(undefined, 'Foo=1')).toThrow("not a valid probe parameter name 'Foo'");
  });
  it('rejects unknown probe types', () => {
    expect(() => withProbeHandler(undefined, 'grpc:1')).toThrow("unsupported probe type 'grpc'; supported types: http, https, exec, tcp");
  });
});

describe('generateRevisionName', () => {
  it.each([
    ['v1', 'hello-v1'],
    ['hello-v1', 'hello-v1'],
    ['{{.Service}}-{{.Generation}}', 'hello-4'],
    ['{{.Service}}-{{.Random 5}}-{{.Generation}}', 'hello-bbbbb-4'],
    ['', ''],
  ])('%s', (tpl, want) => {
    expect(generateRevisionName(tpl, 'hello', 3, () => 0)).toBe(want);
  });
});

function existing(): Service {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'default', generation: 2 },
    spec: {
      template: {
        metadata: { annotations: { 'client.knative.dev/user-image': 'ghcr.io/x/app:v1' } },
        spec: { containers: [{ name: 'user-container', image: 'ghcr.io/x/app:v1', resources: {} }] },
      },
      traffic: [{ latestRevision: true, percent: 100 }],
    },
    status: { latestReadyRevisionName: 'hello-00002' },
  };
}
const baseRevision: Revision = {
  metadata: { name: 'hello-00002' },
  spec: { containers: [{ name: 'user-container', image: 'ghcr.io/x/app:v1' }] },
  status: { containerStatuses: [{ name: 'user-container', imageDigest: 'ghcr.io/x/app@sha256:abc' }] },
};

describe('applyEditFlags on update', () => {
  it('pins the image to the base digest when the image is not changed', () => {
    const { service, makesRevision } = applyEditFlags(existing(), { envArgs: [{ source: 'env', values: ['A=1'] }] }, {
      verb: 'update',
      baseRevision,
      now: () => NOW,
    });
    expect(makesRevision).toBe(true);
    expect(service.spec.template.spec.containers?.[0].image).toBe('ghcr.io/x/app@sha256:abc');
    expect(service.spec.template.metadata?.annotations).toEqual({
      'client.knative.dev/user-image': 'ghcr.io/x/app:v1',
      'client.knative.dev/updateTimestamp': '2026-11-23T18:00:00Z',
    });
  });
  it('takes a new --image as given and records it', () => {
    const { service } = applyEditFlags(existing(), { image: 'ghcr.io/x/app:v2' }, { verb: 'update', baseRevision, now: () => NOW });
    expect(service.spec.template.spec.containers?.[0].image).toBe('ghcr.io/x/app:v2');
    expect(service.spec.template.metadata?.annotations?.['client.knative.dev/user-image']).toBe('ghcr.io/x/app:v2');
  });
  it('--no-lock-to-digest drops the record and keeps the tag', () => {
    const { service } = applyEditFlags(existing(), { lockToDigest: false, timeout: 10 }, { verb: 'update', baseRevision, now: () => NOW });
    expect(service.spec.template.spec.containers?.[0].image).toBe('ghcr.io/x/app:v1');
    expect(service.spec.template.metadata?.annotations?.['client.knative.dev/user-image']).toBeUndefined();
  });
  it('a flag that makes no revision writes no timestamp', () => {
    const { service, makesRevision } = applyEditFlags(existing(), { pullPolicy: 'Always' }, { verb: 'update', now: () => NOW });
    expect(makesRevision).toBe(false);
    expect(service.spec.template.metadata?.annotations?.['client.knative.dev/updateTimestamp']).toBeUndefined();
  });
  it('uses generation+1 in --revision-name and never modifies its input', () => {
    const input = existing();
    const copy = structuredClone(input);
    const { service } = applyEditFlags(input, { revisionName: '{{.Service}}-v{{.Generation}}', envArgs: [] }, { verb: 'update', now: () => NOW });
    expect(service.spec.template.metadata?.name).toBe('hello-v3');
    expect(input).toEqual(copy);
  });
  it('drops an earlier revision name on a revision-making update without --revision-name (as kn)', () => {
    const input = existing();
    input.spec.template.metadata!.name = 'hello-v1';
    const { service } = applyEditFlags(input, { envArgs: [{ source: 'env', values: ['A=1'] }] }, { verb: 'update', now: () => NOW });
    expect(service.spec.template.metadata?.name).toBeUndefined();
    const { service: same } = applyEditFlags(input, { pullPolicy: 'Always' }, { verb: 'update', now: () => NOW });
    expect(same.spec.template.metadata?.name).toBe('hello-v1');
  });
  it('apply writes no timestamp and ignores --revision-name', () => {
    const { service } = applyEditFlags(existing(), { image: 'i', revisionName: 'x' }, { verb: 'apply', now: () => NOW });
    expect(service.spec.template.metadata?.name).toBeUndefined();
    expect(service.spec.template.metadata?.annotations?.['client.knative.dev/updateTimestamp']).toBeUndefined();
  });
  it('could not freeze when the base revision runs another image', () => {
    const t = template({ 'client.knative.dev/user-image': 'img' });
    expect(() => pinImageToDigest(t, { ...baseRevision })).toThrow('could not freeze image to digest since current revision contains unexpected image');
  });
  it('keeps the recorded user image when the image is already a digest', () => {
    const t: RevisionTemplateSpec = {
      metadata: { annotations: { 'client.knative.dev/user-image': 'app:v1' } },
      spec: { containers: [{ name: '', image: 'app@sha256:1' }] },
    };
    updateUserImageAnnotation(t);
    expect(t.metadata?.annotations?.['client.knative.dev/user-image']).toBe('app:v1');
  });

  const cases: [string, EditFlags, string][] = [
    ['--scale with --scale-max', { scale: '1', scaleMax: 2 }, 'only --scale or --scale-max can be specified'],
    ['--scale with --scale-min', { scale: '1', scaleMin: 2 }, 'only --scale or --scale-min can be specified'],
    [
      '--annotation-service autoscaling',
      { annotationService: ['autoscaling.knative.dev/min-scale=1'] },
      "service can not have auto-scaling related annotation: autoscaling.knative.dev/min-scale , please update using '--annotation-revision'",
    ],
    [
      '--scale-init with the annotation',
      { scaleInit: 1, annotation: ['autoscaling.knative.dev/initial-scale=2'] },
      'only one of the --scale-init or --annotation autoscaling.knative.dev/initial-scale can be specified',
    ],
    ['unknown profile', { profile: 'nope' }, "profile nope doesn't exist"],
    ['duplicate label', { label: ['a=1', 'a=2'] }, 'Invalid --label: The key "a" has been duplicate in [a=1 a=2]'],
  ];
  it.each(cases)('rejects %s', (_name, flags, message) => {
    expect(() => applyEditFlags(existing(), flags, { verb: 'update', now: () => NOW })).toThrow(message);
  });

  it('autoscaling annotations stay off the Service metadata', () => {
    const { service } = applyEditFlags(existing(), { annotation: ['autoscaling.knative.dev/window=10s', 'a=b'] }, { verb: 'update', now: () => NOW });
    expect(service.metadata.annotations).toEqual({ a: 'b' });
    expect(service.spec.template.metadata?.annotations).toMatchObject({ 'autoscaling.knative.dev/window': '10s', a: 'b' });
  });
  it('scope-specific labels win over --label; --no-cluster-local removes visibility', () => {
    const svc = existing();
    svc.metadata.labels = { 'networking.knative.dev/visibility': 'cluster-local' };
    const { service } = applyEditFlags(svc, { label: ['a=1', 'b=1'], labelRevision: ['a=2'], clusterLocal: false }, { verb: 'update', now: () => NOW });
    expect(service.metadata.labels).toEqual({ a: '1', b: '1' });
    expect(service.spec.template.metadata?.labels).toEqual({ a: '2', b: '1' });
  });
  it('istio profile adds its annotations and removes them with a dash', () => {
    const added = applyEditFlags(existing(), { profile: 'istio' }, { verb: 'update', now: () => NOW }).service;
    expect(added.spec.template.metadata?.annotations?.['sidecar.istio.io/inject']).toBe('true');
    const removed = applyEditFlags(added, { profile: 'istio-' }, { verb: 'update', now: () => NOW }).service;
    expect(removed.spec.template.metadata?.annotations?.['sidecar.istio.io/inject']).toBeUndefined();
  });
});

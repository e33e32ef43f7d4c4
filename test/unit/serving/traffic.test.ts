// computeTraffic cases in the spirit of knative/client pkg/traffic/compute_test.go.
import { computeTraffic, trafficFlagsGiven, type TrafficFlags } from '../../../src/lib/serving/traffic.js';
import type { Revision, Service, TrafficTarget } from '../../../src/lib/serving/types.js';

const latest = (percent: number, tag?: string): TrafficTarget => ({ ...(tag ? { tag } : {}), latestRevision: true, percent });
const rev = (name: string, percent: number, tag?: string): TrafficTarget => ({
  ...(tag ? { tag } : {}),
  revisionName: name,
  latestRevision: false,
  percent,
});

function service(spec: TrafficTarget[], status: TrafficTarget[] = spec, latestReady = 'echo-v3'): Service {
  return {
    metadata: { name: 'echo' },
    spec: { template: { spec: { containers: [] } }, traffic: spec },
    status: { latestReadyRevisionName: latestReady, traffic: status.map((t) => ({ ...t, revisionName: t.revisionName ?? latestReady })) },
  };
}
const revisions = (...names: string[]): Revision[] => names.map((name) => ({ metadata: { name }, spec: {} }));

describe('computeTraffic', () => {
  const cases: [string, Service, TrafficFlags, boolean, TrafficTarget[] | undefined][] = [
    ['@latest=100 on a fresh service', service([]), { traffic: ['@latest=100'] }, false, [latest(100)]],
    ['bare percent means @latest', service([latest(100)]), { traffic: ['100'] }, false, [latest(100)]],
    [
      'split between two revisions with a trailing %',
      service([rev('echo-v1', 100)]),
      { traffic: ['echo-v1=50%', 'echo-v2=50'] },
      false,
      [rev('echo-v1', 50), rev('echo-v2', 50)],
    ],
    [
      'tag then route by tag',
      service([latest(100)]),
      { tag: ['echo-v1=stable'], traffic: ['stable=20', '@latest=80'] },
      false,
      [latest(80), rev('echo-v1', 20, 'stable')],
    ],
    [
      'tag the latest revision keeps its percent when --traffic is absent',
      service([latest(100)]),
      { tag: ['@latest=current'] },
      false,
      [latest(100, 'current')],
    ],
    [
      'untag drops a target left with 0%',
      service([latest(100), rev('echo-v1', 0, 'old')]),
      { untag: ['old'] },
      false,
      [latest(100)],
    ],
    [
      'a second tag on a tagged revision adds a target',
      service([rev('echo-v1', 100, 'a')]),
      { tag: ['echo-v1=b'] },
      false,
      [rev('echo-v1', 100, 'a'), rev('echo-v1', 0, 'b')],
    ],
    [
      'remaining percent goes to the one routed revision left out (by tag)',
      service([rev('echo-v1', 50, 'stable'), rev('echo-v2', 50, 'staging'), rev('echo-v3', 0, 'new')]),
      { traffic: ['stable=50', 'staging=40'] },
      false,
      [rev('echo-v1', 50, 'stable'), rev('echo-v2', 40, 'staging'), rev('echo-v3', 10, 'new')],
    ],
    [
      'with a new revision the rest goes to @latest',
      service([rev('echo-v1', 100)]),
      { traffic: ['echo-v1=30'] },
      true,
      [rev('echo-v1', 30), latest(70)],
    ],
  ];
  it.each(cases)('%s', (_name, svc, flags, mutation, want) => {
    expect(computeTraffic(svc, flags, { verb: 'update', revisions: revisions('echo-v1', 'echo-v2', 'echo-v3'), mutation })).toEqual(want);
  });

  it('create with --tag routes 100% to @latest and tags it', () => {
    const svc: Service = { metadata: { name: 'echo' }, spec: { template: { spec: {} } } };
    expect(computeTraffic(svc, { tag: ['@latest=current'], traffic: ['@latest=100'] }, { verb: 'create', mutation: true })).toEqual([
      latest(100, 'current'),
    ]);
  });

  const errors: [string, Service, TrafficFlags, string][] = [
    ['sum over 100', service([latest(100)]), { traffic: ['a=60', 'b=50'] }, 'given traffic percents sum to 110, want <=100'],
    ['repeated revision', service([latest(100)]), { traffic: ['a=50', 'a=50'] }, 'repetition of revision reference a is not allowed, use only once with --traffic flag'],
    ['repeated @latest tag', service([latest(100)]), { tag: ['@latest=x', '@latest=y'] }, 'repetition of identifier @latest is not allowed, use only once with --tag flag'],
    ['percent out of range', service([latest(100)]), { traffic: ['a=101'] }, 'invalid value for traffic percent 101, expected 0 <= percent <= 100'],
    ['percent not a number', service([latest(100)]), { traffic: ['a=x'] }, 'error converting given x to integer value for traffic distribution'],
    ['malformed pair', service([latest(100)]), { traffic: ['a=b=c'] }, 'expecting the value format in value1=value2, given a=b=c'],
    [
      'too few revisions for the remainder',
      service([rev('echo-v1', 50), rev('echo-v2', 25), rev('echo-v3', 25)]),
      { traffic: ['echo-v1=50'] },
      'unable to allocate the remaining traffic: 50%. Reason: incorrect number of revisions specified. Only 1 revision should be missing',
    ],
    ['untag unknown', service([latest(100)]), { untag: ['x', 'y'] }, 'tag(s) x, y not present for any revisions of service echo'],
    [
      'tag taken by another revision',
      service([rev('echo-v1', 100, 'stable')]),
      { tag: ['echo-v2=stable'] },
      "refusing to overwrite existing tag in service, add flag '--untag stable' in command to untag it",
    ],
    [
      'latest already tagged',
      service([latest(100, 'current')]),
      { tag: ['@latest=next'] },
      "tag 'current' exists on latest ready revision of service, refusing to overwrite existing tag with 'next', add flag '--untag current' in command to untag it",
    ],
  ];
  it.each(errors)('rejects %s', (_name, svc, flags, message) => {
    expect(() => computeTraffic(svc, flags, { verb: 'update', revisions: revisions('echo-v1', 'echo-v2', 'echo-v3'), mutation: false })).toThrow(message);
  });

  it('knows when traffic flags were given', () => {
    expect(trafficFlagsGiven({})).toBe(false);
    expect(trafficFlagsGiven({ untag: [] })).toBe(true);
  });
});

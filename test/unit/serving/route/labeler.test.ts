import { labelConfiguration, labelRevision } from '../../../../src/lib/serving/route/labeler.js';
import type { Configuration, Revision } from '../../../../src/lib/serving/types.js';

const now = new Date('2026-11-23T18:00:00Z');
const stamp = '2026-11-23T18:00:00Z';

function rev(state: string, routes?: string): Revision {
  return {
    metadata: {
      name: 'r',
      labels: { 'serving.knative.dev/routingState': state },
      annotations: { 'serving.knative.dev/routingStateModified': 'old', ...(routes ? { 'serving.knative.dev/routes': routes } : {}) },
    },
    spec: {},
  };
}

const view = (r: Revision | undefined) =>
  r && [r.metadata.labels?.['serving.knative.dev/routingState'], r.metadata.annotations?.['serving.knative.dev/routes'], r.metadata.annotations?.['serving.knative.dev/routingStateModified']];

describe('labelRevision', () => {
  it.each<[string, Revision, boolean, unknown]>([
    ['listed pending becomes active', rev('pending'), true, ['active', 'hello', stamp]],
    ['listed active with route: nothing to do', rev('active', 'hello'), true, undefined],
    ['listed active joins another route, keeps its timestamp', rev('active', 'other'), true, ['active', 'hello,other', 'old']],
    ['unlisted last route leaves ⇒ reserve', rev('active', 'hello'), false, ['reserve', undefined, stamp]],
    ['unlisted, other route remains ⇒ stays active', rev('active', 'hello,other'), false, ['active', 'other', 'old']],
    ['unlisted and not ours: untouched', rev('pending'), false, undefined],
  ])('%s', (_n, r, listed, want) => expect(view(labelRevision(r, 'hello', listed, now))).toEqual(want));
});

describe('labelConfiguration', () => {
  const cfg = (routes?: string): Configuration => ({
    metadata: { name: 'c', annotations: routes ? { 'serving.knative.dev/routes': routes } : {} },
    spec: { template: { spec: {} } },
  });
  it.each<[string, Configuration, boolean, string | undefined | null]>([
    ['adds the route', cfg(), true, 'hello'],
    ['keeps it sorted', cfg('zeta'), true, 'hello,zeta'],
    ['already listed', cfg('hello'), true, null],
    ['removes the route', cfg('hello,zeta'), false, 'zeta'],
    ['removes the last one', cfg('hello'), false, undefined],
  ])('%s', (_n, c, listed, want) => {
    const out = labelConfiguration(c, 'hello', listed);
    if (want === null) expect(out).toBeUndefined();
    else expect(out?.metadata.annotations?.['serving.knative.dev/routes']).toBe(want);
  });
});

// The route programmer's change report: which Ingresses need their status looked at after a swap.
import { changedIngresses } from '../../../src/lib/networking/route-programmer.js';
import type { IngressResult, RouteTable } from '../../../src/lib/networking/types.js';

const table = (...ingresses: IngressResult[]): RouteTable => ({ external: new Map(), internal: new Map(), ingresses });
const r = (key: string, generation: number, accepted = true, conflictingHosts: string[] = []): IngressResult => ({ key, generation, accepted, conflictingHosts });

describe('changedIngresses', () => {
  it('reports new Ingresses and those whose generation, acceptance or conflicts changed', () => {
    const before = table(r('ns/a', 1), r('ns/b', 1), r('ns/c', 1, false, ['x']), r('ns/gone', 1));
    const after = table(r('ns/a', 1), r('ns/b', 2), r('ns/c', 1, true), r('ns/new', 1));
    expect(changedIngresses(before, after)).toEqual(['ns/b', 'ns/c', 'ns/new']);
  });

  it('reports nothing for an identical table', () => {
    const t = table(r('ns/a', 3, false, ['h1', 'h2']));
    expect(changedIngresses(t, table(r('ns/a', 3, false, ['h1', 'h2'])))).toEqual([]);
    expect(changedIngresses(t, table(r('ns/a', 3, false, ['h1', 'h3'])))).toEqual(['ns/a']);
  });
});

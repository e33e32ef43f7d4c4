import { jsonPatch, mergePatch, strategicMerge } from '../../../../src/lib/cluster/apiserver/patch.js';

describe('JSON patch', () => {
  const doc = { metadata: { labels: { a: '1' } }, spec: { list: [1, 2, 3] } };
  it('applies add/remove/replace/move/copy/test without mutating the input', () => {
    const out = jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'replace', path: '/metadata/labels/a', value: 'x' },
      { op: 'add', path: '/spec/list/-', value: 9 },
      { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/c' },
      { op: 'move', from: '/metadata/labels/b', path: '/metadata/labels/d' },
      { op: 'test', path: '/metadata/labels/d', value: '2' },
      { op: 'add', path: '/metadata/labels/x~1y', value: 'slash' },
    ]);
    expect(out).toEqual({ metadata: { labels: { a: 'x', c: 'x', d: '2', 'x/y': 'slash' } }, spec: { list: [2, 3, 9] } });
    expect(doc.metadata.labels).toEqual({ a: '1' });
  });
  it('fails on missing paths and failed tests', () => {
    expect(() => jsonPatch(doc, [{ op: 'remove', path: '/nope' }])).toThrow(/missing/);
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/metadata/labels/a', value: '2' }])).toThrow(/test failed/);
    expect(() => jsonPatch(doc, { op: 'add' })).toThrow();
  });
});

describe('merge patch', () => {
  it('merges objects, deletes on null, replaces lists', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [9] })).toEqual({ a: { c: 2, d: 3 }, l: [9] });
  });
});

describe('strategic merge patch', () => {
  const dep = {
    spec: {
      ports: [{ port: 80, name: 'http' }],
      template: {
        metadata: { finalizers: ['a'] },
        spec: {
          containers: [
            { name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 8080 }] },
            { name: 'side', image: 's:1' },
          ],
          tolerations: [{ key: 'x' }],
        },
      },
    },
  };
  it('merges keyed lists by their merge key and replaces atomic lists', () => {
    const out = strategicMerge(dep, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'app', image: 'a:2', env: [{ name: 'B', value: 'changed' }, { name: 'C', value: '3' }], ports: [{ containerPort: 9090 }] }],
            tolerations: [{ key: 'y' }],
          },
        },
      },
    });
    const app = out.spec.template.spec.containers[0];
    expect(app.image).toBe('a:2');
    expect(app.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'changed' },
      { name: 'C', value: '3' },
    ]);
    expect(app.ports.map((p: any) => p.containerPort)).toEqual([8080, 9090]);
    expect(out.spec.template.spec.containers[1].name).toBe('side');
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
  });
  it('honours $patch delete/replace, null deletion, set-like finalizers and ignores ordering directives', () => {
    const out = strategicMerge(dep, {
      spec: {
        ports: [{ port: 80, name: 'web' }],
        template: {
          metadata: { finalizers: ['b', 'a'] },
          spec: {
            $setElementOrder_ignored: undefined,
            '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
            containers: [{ name: 'side', $patch: 'delete' }],
            tolerations: null,
          },
        },
      },
    });
    expect(out.spec.ports).toEqual([{ port: 80, name: 'web' }]);
    expect(out.spec.template.metadata.finalizers).toEqual(['a', 'b']);
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    expect(out.spec.template.spec.tolerations).toBeUndefined();
    const replaced = strategicMerge(dep, { spec: { template: { spec: { $patch: 'replace', containers: [{ name: 'only', image: 'o' }] } } } });
    expect(replaced.spec.template.spec).toEqual({ containers: [{ name: 'only', image: 'o' }] });
  });
});

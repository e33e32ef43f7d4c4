import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteBackend, StorageError, type Backend, type StoreEvent } from '../../../../src/lib/cluster/apiserver/storage.js';

const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

describe('SqliteBackend', () => {
  let dir: string;
  let b: Backend;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kn-ts-storage-'));
    b = openSqliteBackend(dir, { historyEvents: 5, keepRevisions: 0 });
  });
  afterEach(() => {
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stamps a global, increasing resourceVersion on every write', () => {
    const a = b.create('/core.configmaps/default/a', cm('a'));
    const c = b.create('/core.configmaps/default/c', cm('c'));
    expect([a.rv, c.rv]).toEqual([1, 2]);
    expect(a.obj.metadata.resourceVersion).toBe('1');
    expect(JSON.parse(c.json).metadata.resourceVersion).toBe('2');
    expect(b.revision()).toBe(2);
  });

  it('lists by prefix in key order', () => {
    for (const n of ['b', 'a', 'c']) b.create(`/core.configmaps/ns1/${n}`, cm(n));
    b.create('/core.configmaps/ns2/a', cm('a'));
    b.create('/core.secrets/ns1/z', cm('z'));
    expect(b.list('/core.configmaps/ns1/').map((e) => e.key)).toEqual(['/core.configmaps/ns1/a', '/core.configmaps/ns1/b', '/core.configmaps/ns1/c']);
    expect(b.list('/core.configmaps/').length).toBe(4);
    expect(b.list('/core.configmaps/ns3/')).toEqual([]);
  });

  it('refuses duplicate creates, stale updates and missing keys', () => {
    const a = b.create('/core.configmaps/default/a', cm('a'));
    expect(() => b.create('/core.configmaps/default/a', cm('a'))).toThrow(StorageError);
    b.update(a.key, cm('a', { x: '1' }), a.rv);
    expect(() => b.update(a.key, cm('a', { x: '2' }), a.rv)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => b.update('/core.configmaps/default/nope', cm('nope'))).toThrow(expect.objectContaining({ code: 'notfound' }));
    expect(() => b.delete(a.key, a.rv)).toThrow(expect.objectContaining({ code: 'conflict' }));
    const d = b.delete(a.key);
    expect(d.rv).toBe(3);
    expect(b.get(a.key)).toBeUndefined();
  });

  it('notifies listeners in order and replays history after a revision', () => {
    const seen: StoreEvent[] = [];
    b.onEvent((e) => seen.push(e));
    const a = b.create('/core.configmaps/default/a', cm('a'));
    b.update(a.key, cm('a', { k: 'v' }));
    b.delete(a.key);
    expect(seen.map((e) => `${e.type}@${e.entry.rv}`)).toEqual(['ADDED@1', 'MODIFIED@2', 'DELETED@3']);
    expect(seen[1].prev?.rv).toBe(1);
    expect(b.since(1)!.map((e) => e.entry.rv)).toEqual([2, 3]);
    expect(b.since(3)).toEqual([]);
  });

  it('expires watches older than the kept history', () => {
    for (let i = 0; i < 8; i++) b.create(`/core.configmaps/default/x${i}`, cm(`x${i}`));
    expect(b.oldestWatchable()).toBe(3);
    expect(b.since(2)).toBeUndefined();
    expect(b.since(3)!.map((e) => e.entry.rv)).toEqual([4, 5, 6, 7, 8]);
  });

  it('keeps every write across a reopen and continues the revision sequence', () => {
    const a = b.create('/core.configmaps/default/a', cm('a'));
    b.update(a.key, cm('a', { v: '2' }));
    b.create('/core.configmaps/default/gone', cm('gone'));
    b.delete('/core.configmaps/default/gone');
    b.compact();
    b.close();
    b = openSqliteBackend(dir);
    expect(b.revision()).toBe(4);
    expect((b.get(a.key)!.obj as any).data).toEqual({ v: '2' });
    expect(b.get('/core.configmaps/default/gone')).toBeUndefined();
    expect(b.create('/core.configmaps/default/next', cm('next')).rv).toBe(5);
  });
});

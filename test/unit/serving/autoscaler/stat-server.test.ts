// Activator → autoscaler stats across processes, over loopback HTTP.
import { httpStatSink } from '../../../../src/lib/serving/activator/stat-client.js';
import { activatorStat } from '../../../../src/lib/serving/activator/stats.js';
import { checkBindAddress } from '../../../../src/lib/serving/autoscaler/bind-address.js';
import type { Stat } from '../../../../src/lib/serving/autoscaler/metrics.js';
import { type StatServer, decodeStats, startStatServer } from '../../../../src/lib/serving/autoscaler/stat-server.js';

describe('stat server and HTTP stat sink', () => {
  let server: StatServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('delivers one report round in one POST, stamped with the receive time', async () => {
    const got: Array<[string, string, Stat]> = [];
    let done!: () => void;
    const arrived = new Promise<void>((r) => (done = r));
    server = await startStatServer(
      (ns, rev, stat) => {
        got.push([ns, rev, stat]);
        if (got.length === 2) done();
      },
      { port: 0, now: () => 42 },
    );
    const errors: unknown[] = [];
    const sink = httpStatSink(`127.0.0.1:${server.port}`, (e) => errors.push(e));
    sink('default', 'a-00001', activatorStat(1, 2.5, 3));
    sink('other', 'b-00001', activatorStat(1, 1, 1));
    await arrived;
    expect(got).toEqual([
      ['default', 'a-00001', { ...activatorStat(42, 2.5, 3) }],
      ['other', 'b-00001', { ...activatorStat(42, 1, 1) }],
    ]);
    expect(errors).toEqual([]);
  });

  it('refuses bad bodies and other paths', async () => {
    server = await startStatServer(() => {}, { port: 0 });
    const post = (path: string, body: string) => fetch(`http://127.0.0.1:${server!.port}${path}`, { method: 'POST', body }).then(async (r) => [r.status, await r.text()]);
    expect(await post('/stats', 'nope')).toEqual([400, 'body is not JSON\n']);
    expect(await post('/stats', JSON.stringify({ stats: [{ namespace: 'Bad_NS', revision: 'r', stat: activatorStat(0, 1, 1) }] }))).toEqual([400, 'invalid namespace\n']);
    expect(await post('/other', '{}')).toEqual([404, 'not found\n']);
    expect((await post('/stats', 'x'.repeat(1024 * 1024 + 10)))[0]).toBe(413);
  });

  it('validates every field', () => {
    expect(decodeStats({}, 0)).toBe('body must be {"stats":[...]}');
    expect(decodeStats({ stats: [{ namespace: 'a', revision: 'b', stat: { ...activatorStat(0, 1, 1), requestCount: -1 } }] }, 0)).toBe('invalid requestCount');
    expect(decodeStats({ stats: [{ namespace: 'a', revision: 'b', stat: { ...activatorStat(0, 1, 1), averageConcurrentRequests: 'x' } }] }, 0)).toBe(
      'invalid averageConcurrentRequests',
    );
  });

  it('listens only on a specific address', () => {
    expect(() => checkBindAddress('0.0.0.0')).toThrow('refusing to listen on "0.0.0.0"');
    expect(() => checkBindAddress('localhost')).toThrow();
    expect(() => checkBindAddress('127.0.0.1')).not.toThrow();
    expect(() => checkBindAddress('10.244.0.7')).not.toThrow();
  });
});

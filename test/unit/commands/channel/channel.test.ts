// kn channel create/list/describe/delete/list-types with fake clients, and goldens.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putFakeCrd } from '../../../../src/lib/api/fake-eventing.js';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';
import { channelColumns } from '../../../../src/lib/output/columns/channel.js';
import { describeChannel } from '../../../../src/lib/output/describe-channel.js';
import { renderTable } from '../../../../src/lib/output/table.js';
import { NOW, channel } from '../broker/fixtures.js';

const golden = (name: string) => readFileSync(join('test', 'golden', name), 'utf8');
const firstErr = (s: string) => s.split('\n')[0];

describe('channel goldens', () => {
  it('list table and describe page', () => {
    expect(renderTable(channelColumns, [channel('pipe')], { now: NOW })).toBe(golden('channel-list.txt'));
    expect(describeChannel(channel('pipe'), false, NOW)).toBe(golden('channel-describe.txt'));
  });
});

describe('kn channel', () => {
  it('creates with --type imc or G:V:K, lists by name, describes and deletes', async () => {
    const store = new FakeStore();
    const clients = () => fakeClients({ store });
    const ev = clients().eventing('default');
    expect((await runKn(['channel', 'create', 'pipe', '--type', 'imc'], clients())).stdout).toBe("Channel 'pipe' created in namespace 'default'.\n");
    expect((await ev.channels.get('pipe')).spec).toEqual({ channelTemplate: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } });
    await runKn(['channel', 'create', 'k1', '--type', 'messaging.knative.dev:v1alpha1:KafkaChannel'], clients());
    expect((await ev.channels.get('k1')).spec).toEqual({ channelTemplate: { apiVersion: 'messaging.knative.dev/v1alpha1', kind: 'KafkaChannel' } });
    await runKn(['channel', 'create', 'plain'], clients());
    expect((await ev.channels.get('plain')).spec).toEqual({});

    const names = (await runKn(['channels', 'ls', '--no-headers'], clients())).stdout.split('\n').map((l) => l.split(' ')[0]);
    expect(names).toEqual(['k1', 'pipe', 'plain', '']);
    ev.channels.put(channel('pipe'));
    expect((await runKn(['channel', 'describe', 'pipe', '-o', 'url'], clients())).stdout).toBe('http://pipe-kn-channel.default.svc.cluster.local\n');
    expect((await runKn(['channel', 'delete', 'pipe'], clients())).stdout).toBe("Channel 'pipe' deleted in namespace 'default'.\n");
  });

  it('takes channel aliases from the kn config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kn-channel-'));
    try {
      const config = join(dir, 'config.yaml');
      writeFileSync(config, 'eventing:\n  channel-type-mappings:\n  - alias: kafka\n    group: messaging.knative.dev\n    version: v1alpha1\n    kind: KafkaChannel\n');
      const store = new FakeStore();
      expect((await runKn(['channel', 'create', 'k', '--type', 'kafka', '--config', config], fakeClients({ store }))).code).toBe(0);
      expect((await fakeClients({ store }).eventing('default').channels.get('k')).spec).toEqual({
        channelTemplate: { apiVersion: 'messaging.knative.dev/v1alpha1', kind: 'KafkaChannel' },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('list-types shows backing channel kinds', async () => {
    const store = new FakeStore();
    const label = { 'messaging.knative.dev/subscribable': 'true' };
    putFakeCrd(store, { metadata: { name: 'channels.messaging.knative.dev', labels: label }, spec: { group: 'messaging.knative.dev', names: { kind: 'Channel', plural: 'channels' } } });
    putFakeCrd(store, { metadata: { name: 'inmemorychannels.messaging.knative.dev', labels: label }, spec: { group: 'messaging.knative.dev', names: { kind: 'InMemoryChannel', plural: 'inmemorychannels' } } });
    expect((await runKn(['channel', 'list-types'], fakeClients({ store }))).stdout).toBe(
      'TYPE              NAME                                     DESCRIPTION\nInMemoryChannel   inmemorychannels.messaging.knative.dev   The events are stored in memory\n',
    );
  });

  it('reports errors with kn messages', async () => {
    expect(firstErr((await runKn(['channel', 'create'])).stderr)).toBe("Error: 'kn channel create' requires the channel name given as single argument");
    expect(firstErr((await runKn(['channel', 'describe'])).stderr)).toBe("Error: 'kn channel describe' requires the channel name given as single argument");
    expect(firstErr((await runKn(['channel', 'delete'])).stderr)).toBe("Error: 'kn channel delete' requires the channel name as single argument");
    expect(firstErr((await runKn(['channel', 'create', 'x', '--type', 'bogus'])).stderr)).toMatch(/^Error: incorrect value 'bogus' for '--type'/);
    expect((await runKn(['channel', 'list'])).stdout).toBe('No channels found.\n');
  });
});

// kn subscription create/update/list/describe/delete with fake clients, and goldens.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROKER } from '../../../../src/lib/api/eventing-types.js';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { SERVICE } from '../../../../src/lib/api/serving-types.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';
import { subscriptionColumns } from '../../../../src/lib/output/columns/subscription.js';
import { describeSubscription } from '../../../../src/lib/output/describe-subscription.js';
import { renderTable } from '../../../../src/lib/output/table.js';
import { NOW, subscription } from '../broker/fixtures.js';

const golden = (name: string) => readFileSync(join('test', 'golden', name), 'utf8');
const firstErr = (s: string) => s.split('\n')[0];

function full() {
  const s = subscription('full', 'pipe', 'mirror', 'default', 30);
  s.spec.reply = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'nest', namespace: 'default' } };
  s.spec.delivery = { deadLetterSink: { uri: 'http://dls.example.com' } };
  return s;
}

describe('subscription goldens', () => {
  it('list table and describe page', () => {
    expect(renderTable(subscriptionColumns, [subscription('sub0', 'pipe', 'receiver'), full()], { now: NOW })).toBe(golden('subscription-list.txt'));
    expect(describeSubscription(full(), false, NOW)).toBe(golden('subscription-describe.txt'));
  });
});

describe('kn subscription', () => {
  it('creates on a channel with subscriber, reply and dead-letter sinks, updates, lists, deletes', async () => {
    const store = new FakeStore();
    const clients = () => fakeClients({ store });
    const ev = clients().eventing('default');
    ev.of(SERVICE).put({ metadata: { name: 'mirror' }, spec: {} });
    ev.of(BROKER).put({ metadata: { name: 'nest' }, spec: {} });
    const c = await runKn(['subscription', 'create', 's1', '--channel', 'imc:pipe', '--sink', 'mirror', '--sink-reply', 'broker:nest', '--sink-dead-letter', 'http://dls'], clients());
    expect(c.stdout).toBe("Subscription 's1' created in namespace 'default'.\n");
    let s = await ev.subscriptions.get('s1');
    expect(s.spec).toEqual({
      channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'pipe' },
      subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'mirror', namespace: 'default' } },
      reply: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'nest', namespace: 'default' } },
      delivery: { deadLetterSink: { uri: 'http://dls' } },
    });
    expect((await runKn(['sub', 'update', 's1', '--sink', 'https://other'], clients())).stdout).toBe("Subscription 's1' updated in namespace 'default'.\n");
    s = await ev.subscriptions.get('s1');
    expect(s.spec.subscriber).toEqual({ uri: 'https://other' });
    expect(s.spec.reply?.ref?.name).toBe('nest');

    await runKn(['subscription', 'create', 'a0', '--channel', 'messaging.knative.dev:v1:Channel:pipe'], clients());
    const rows = (await runKn(['subscriptions', 'list', '--no-headers'], clients())).stdout.split('\n');
    expect(rows[0]).toMatch(/^a0 +Channel:pipe +<unknown>/);
    expect(rows[1]).toMatch(/^s1 +InMemoryChannel:pipe +https:\/\/other +broker:nest +http:\/\/dls +<unknown>/);
    expect((await runKn(['subscription', 'describe', 's1', '-o', 'name'], clients())).stdout).toBe('subscription.messaging.knative.dev/s1\n');
    expect((await runKn(['subscription', 'delete', 's1'], clients())).stdout).toBe("Subscription 's1' deleted in namespace 'default'.\n");
  });

  it('reports errors with kn messages', async () => {
    expect(firstErr((await runKn(['subscription', 'create'])).stderr)).toBe("Error: 'kn subscription create' requires the subscription name given as single argument");
    expect(firstErr((await runKn(['subscription', 'create', 's'])).stderr)).toBe("Error: 'kn subscription create' requires the channel reference provided with --channel flag");
    expect(firstErr((await runKn(['subscription', 'update'])).stderr)).toBe("Error: 'kn subscription update' requires the subscription name given as single argument");
    expect(firstErr((await runKn(['subscription', 'delete'])).stderr)).toBe("Error: 'kn subscription delete' requires the subscription name as single argument");
    expect(firstErr((await runKn(['subscription', 'create', 's', '--channel', 'a:b:c'])).stderr)).toMatch(/^Error: incorrect value 'a:b:c' for '--channel'/);
    expect((await runKn(['subscription', 'list'])).stdout).toBe('No subscriptions found.\n');
  });
});

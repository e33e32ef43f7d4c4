// kn broker create/update/list/describe/delete through the dispatcher with fake clients, and goldens.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';
import { brokerColumns } from '../../../../src/lib/output/columns/broker.js';
import { describeBroker } from '../../../../src/lib/output/describe-broker.js';
import { renderTable } from '../../../../src/lib/output/table.js';
import { NOW, broker } from './fixtures.js';

const golden = (name: string) => readFileSync(join('test', 'golden', name), 'utf8');
const firstErr = (s: string) => s.split('\n')[0];

describe('broker goldens', () => {
  it('list table (ready and failing rows)', () => {
    const failing = broker('kafka-b', 'default', 30);
    failing.status = { conditions: [{ type: 'Ready', status: 'False', reason: 'NoAddress', message: 'ingress not ready' }] };
    expect(renderTable(brokerColumns, [broker('default'), failing], { now: NOW })).toBe(golden('broker-list.txt'));
  });

  it('describe page', () => {
    expect(describeBroker(broker('default'), NOW)).toBe(golden('broker-describe.txt'));
  });
});

describe('kn broker', () => {
  it('creates with class and delivery, updates only given flags, lists, describes and deletes', async () => {
    const store = new FakeStore();
    const kn = (argv: string[]) => runKn(argv, fakeClients({ store }));
    const c = await kn(['broker', 'create', 'b1', '--class', 'MTChannelBasedBroker', '--retry', '3', '--backoff-policy', 'exponential', '--dl-sink', 'https://dl.example.com']);
    expect(c.stdout).toBe("Broker 'b1' successfully created in namespace 'default'.\n");
    const ev = fakeClients({ store }).eventing('default');
    let b = await ev.brokers.get('b1');
    expect(b.metadata.annotations).toEqual({ 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' });
    expect(b.spec?.delivery).toEqual({ retry: 3, backoffPolicy: 'exponential', deadLetterSink: { uri: 'https://dl.example.com' } });

    expect((await kn(['broker', 'update', 'b1', '--timeout', 'PT5S'])).stdout).toBe("Broker 'b1' updated in namespace 'default'.\n");
    b = await ev.brokers.get('b1');
    expect(b.spec?.delivery).toEqual({ retry: 3, backoffPolicy: 'exponential', timeout: 'PT5S', deadLetterSink: { uri: 'https://dl.example.com' } });

    const again = await kn(['broker', 'create', 'b1']);
    expect(firstErr(again.stderr)).toBe(`Error: cannot create broker 'b1' in namespace 'default' because: brokers.eventing.knative.dev "b1" already exists`);

    ev.brokers.put(broker('b1'));
    expect((await kn(['brokers', 'ls', '--no-headers'])).stdout).toMatch(/^b1 +http:\/\/broker-ingress\S+\/default\/b1 +\S+ +5 OK \/ 5 +True +\n$/);
    expect((await kn(['broker', 'describe', 'b1', '-o', 'url'])).stdout).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/default/b1\n');
    expect(JSON.parse((await kn(['broker', 'list', '-o', 'json'])).stdout).kind).toBe('BrokerList');

    expect((await kn(['broker', 'delete', 'b1'])).stdout).toBe("Broker 'b1' successfully deleted in namespace 'default'.\n");
    expect((await kn(['broker', 'list'])).stdout).toBe('No brokers found.\n');
    expect(firstErr((await kn(['broker', 'delete', 'b1'])).stderr)).toBe(
      `Error: cannot delete broker 'b1' in namespace 'default' because: brokers.eventing.knative.dev "b1" not found`,
    );
  });

  it('waits for the deletion on a watch with --wait', async () => {
    const store = new FakeStore();
    fakeClients({ store }).eventing('ns1').brokers.put(broker('b2', 'ns1'));
    const r = await runKn(['broker', 'delete', 'b2', '-n', 'ns1', '--wait', '--wait-timeout', '5'], fakeClients({ store }));
    expect(r.stdout).toBe("Broker 'b2' successfully deleted in namespace 'ns1'.\n");
  });

  it('rejects bad arguments with kn messages', async () => {
    expect(firstErr((await runKn(['broker', 'create'])).stderr)).toBe("Error: 'broker create' requires the broker name given as single argument");
    expect(firstErr((await runKn(['broker', 'describe'])).stderr)).toBe("Error: 'broker describe' requires the broker name given as single argument");
    expect(firstErr((await runKn(['broker', 'delete', 'a', 'b'])).stderr)).toBe("Error: 'broker delete' requires the broker name given as single argument");
    expect(firstErr((await runKn(['broker', 'create', 'x', '--broker-config', 'cm:cfg'])).stderr)).toBe('Error: cannot set broker-config without setting class');
    expect((await runKn(['broker', 'update', 'x'])).stderr.split('\n').slice(0, 2)).toEqual(['Error: flag(s) not set', 'Usage: update NAME']);
    expect(firstErr((await runKn(['broker', 'create', 'x', '--dl-sink', 'foo:bar'])).stderr)).toBe(
      "Error: cannot create broker 'x' in namespace 'default' because: sink has invalid format: unsupported sink prefix: 'foo'",
    );
  });

  it('stores --broker-config references', async () => {
    const store = new FakeStore();
    await runKn(['broker', 'create', 'k', '--class', 'Kafka', '--broker-config', 'cm:kafka-config:knative-eventing'], fakeClients({ store }));
    const b = await fakeClients({ store }).eventing('default').brokers.get('k');
    expect(b.spec?.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-config', namespace: 'knative-eventing' });
  });
});

// kn trigger create/update/list/describe/delete with fake clients, sink resolution and goldens.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { SERVICE } from '../../../../src/lib/api/serving-types.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';
import { defaultNamespaceFirst } from '../../../../src/lib/eventing/cli/list-order.js';
import { triggerColumns } from '../../../../src/lib/output/columns/trigger.js';
import { describeTrigger } from '../../../../src/lib/output/describe-trigger.js';
import { renderTable } from '../../../../src/lib/output/table.js';
import { NOW, trigger } from '../broker/fixtures.js';

const golden = (name: string) => readFileSync(join('test', 'golden', name), 'utf8');
const firstErr = (s: string) => s.split('\n')[0];

function uriTrigger() {
  const t = trigger('uri-trigger', 'mybroker', 'x', 'default', 7200);
  t.spec.subscriber = { uri: 'https://events.example.com/in' };
  t.spec.filter = { attributes: { type: 'dev.knative.foo', source: 'ping' } };
  return t;
}

describe('trigger goldens', () => {
  it('list table', () => {
    expect(renderTable(triggerColumns, [trigger('my-trigger', 'default', 'event-display'), uriTrigger()], { now: NOW })).toBe(golden('trigger-list.txt'));
  });

  it('list table with -A puts the default namespace first', () => {
    const items = defaultNamespaceFirst([trigger('other', 'default', 'sockeye', 'prod'), trigger('my-trigger', 'default', 'event-display')], true);
    expect(renderTable(triggerColumns, items, { now: NOW, allNamespaces: true })).toBe(golden('trigger-list-all-namespaces.txt'));
  });

  it('describe pages (URI sink with filters; ksvc sink)', () => {
    expect(describeTrigger(uriTrigger(), false, NOW)).toBe(golden('trigger-describe.txt'));
    expect(describeTrigger(trigger('my-trigger', 'default', 'event-display'), false, NOW)).toBe(golden('trigger-describe-ksvc.txt'));
  });
});

describe('kn trigger', () => {
  it('creates with a resolved ksvc sink and filters, updates filters and sink, deletes', async () => {
    const store = new FakeStore();
    const clients = () => fakeClients({ store });
    const ev = clients().eventing('default');
    ev.of(SERVICE).put({ metadata: { name: 'display' }, spec: {} });
    const c = await runKn(['trigger', 'create', 't1', '--sink', 'display', '--filter', 'type=dev.foo,source=me', '--filter', 'x=1'], clients());
    expect(c.stdout).toBe("Trigger 't1' successfully created in namespace 'default'.\n");
    let t = await ev.triggers.get('t1');
    expect(t.spec).toEqual({
      broker: 'default',
      subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display', namespace: 'default' } },
      filter: { attributes: { type: 'dev.foo', source: 'me', x: '1' } },
    });

    const u = await runKn(['trigger', 'update', 't1', '--filter', 'type-', '--filter', 'x=2', '--sink', 'https://new.example.com'], clients());
    expect(u.stdout).toBe("Trigger 't1' updated in namespace 'default'.\n");
    t = await ev.triggers.get('t1');
    expect(t.spec.filter).toEqual({ attributes: { source: 'me', x: '2' } });
    expect(t.spec.subscriber).toEqual({ uri: 'https://new.example.com' });

    const list = await runKn(['trigger', 'list'], clients());
    expect(list.stdout.split('\n')[1]).toMatch(/^t1 +default +https:\/\/new\.example\.com +/);
    expect((await runKn(['trigger', 'describe', 't1', '-o', 'jsonpath={.spec.broker}'], clients())).stdout).toBe('default');
    expect((await runKn(['trigger', 'delete', 't1'], clients())).stdout).toBe("Trigger 't1' deleted in namespace 'default'.\n");
    expect((await runKn(['triggers', 'ls'], clients())).stdout).toBe('No triggers found.\n');
  });

  it('reports sink, filter and argument errors with kn messages', async () => {
    expect(firstErr((await runKn(['trigger', 'create', 't'])).stderr)).toBe('Error: required flag(s) "sink" not set');
    expect(firstErr((await runKn(['trigger', 'create'])).stderr)).toBe("Error: 'trigger create' requires the name of the trigger");
    expect(firstErr((await runKn(['trigger', 'create', 't', '--sink', 'mysvc'])).stderr)).toBe(
      `Error: cannot create trigger 't' in namespace 'default' because: services.serving.knative.dev "mysvc" not found`,
    );
    expect(firstErr((await runKn(['trigger', 'create', 't', '--sink', 'http://x', '--filter', 'nokey'])).stderr)).toBe(
      `Error: cannot create trigger 't' because Invalid --filter: argument requires a value that contains the "=" character; got "nokey"`,
    );
    expect(firstErr((await runKn(['trigger', 'update', 't', '--broker', 'b'])).stderr)).toBe("Error: unknown flag: --broker for 'kn trigger update'");
    expect(firstErr((await runKn(['trigger', 'update'])).stderr)).toBe('Error: name of trigger required');
    expect(firstErr((await runKn(['trigger', 'update', 't', '--filter', '=v'])).stderr)).toMatch(/^Error: cannot update trigger 't' because Invalid --filter: /);
    expect(firstErr((await runKn(['trigger', 'describe'])).stderr)).toBe("Error: 'kn trigger describe' requires name of the trigger as single argument");
    expect(firstErr((await runKn(['trigger', 'delete'])).stderr)).toBe("Error: 'trigger delete' requires the name of the trigger as single argument");
  });

  it('creates triggers on another broker and sinks in other namespaces', async () => {
    const store = new FakeStore();
    const ev = fakeClients({ store }).eventing('other');
    ev.of(SERVICE, 'other').put({ metadata: { name: 'svc' }, spec: {} });
    await runKn(['trigger', 'create', 't', '--broker', 'mine', '--sink', 'ksvc:svc:other'], fakeClients({ store }));
    const t = await fakeClients({ store }).eventing('default').triggers.get('t');
    expect(t.spec.broker).toBe('mine');
    expect(t.spec.subscriber.ref).toEqual({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'svc', namespace: 'other' });
    expect((await runKn(['trigger', 'list', '--no-headers'], fakeClients({ store }))).stdout).toMatch(/^t +mine +ksvc:svc:other +/);
  });
});

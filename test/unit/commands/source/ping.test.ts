// kn source ping create/update/list/describe/delete, kn source list / list-types with fake clients.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CustomResourceDefinition, PingSource } from '../../../../src/lib/api/eventing-types.js';
import { putFakeCrd } from '../../../../src/lib/api/fake-eventing.js';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';
import { dataFields } from '../../../../src/lib/eventing/cli/ping-flags.js';
import { pingColumns } from '../../../../src/lib/output/columns/ping.js';
import { describePing } from '../../../../src/lib/output/describe-ping.js';
import { renderTable } from '../../../../src/lib/output/table.js';
import { BROKER } from '../../../../src/lib/api/eventing-types.js';
import { NOW, broker, ping } from '../broker/fixtures.js';

const golden = (name: string) => readFileSync(join('test', 'golden', name), 'utf8');
const firstErr = (s: string) => s.split('\n')[0];

function toSvc(): PingSource {
  const p = ping('to-svc', 'default', 3600);
  p.spec = {
    schedule: '0 * * * *',
    dataBase64: 'aGVsbG8=',
    sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display', namespace: 'default' } },
    ceOverrides: { extensions: { zeta: '1', alpha: 'x' } },
  };
  return p;
}

function crd(kind: string, plural: string, group = 'sources.knative.dev'): CustomResourceDefinition {
  return {
    metadata: { name: `${plural}.${group}`, labels: { 'duck.knative.dev/source': 'true' } },
    spec: { group, names: { kind, plural }, versions: [{ name: 'v1', served: true, storage: true }] },
  };
}

describe('ping goldens', () => {
  it('list table: broker ref as Kind:name, any Service as ksvc:name', () => {
    expect(renderTable(pingColumns, [ping('heartbeat'), toSvc()], { now: NOW })).toBe(golden('ping-list.txt'));
  });

  it('describe pages (Data; DataBase64 with sorted overrides)', () => {
    expect(describePing(ping('heartbeat'), false, NOW)).toBe(golden('ping-describe.txt'));
    expect(describePing(toSvc(), false, NOW)).toBe(golden('ping-describe-overrides.txt'));
  });
});

describe('ping data encoding', () => {
  it('detects base64 without --encoding and validates explicit encodings', () => {
    expect(dataFields('aGVsbG8=', undefined)).toEqual({ dataBase64: 'aGVsbG8=' });
    expect(dataFields('{"a": 1}', undefined)).toEqual({ data: '{"a": 1}' });
    expect(dataFields('aGVsbG8=', 'text')).toEqual({ data: 'aGVsbG8=' });
    expect(() => dataFields('x', 'hex')).toThrow('invalid value: hex. Accepted values are: text|base64');
    expect(() => dataFields('not base64!', 'base64')).toThrow();
  });
});

describe('kn source ping', () => {
  it('creates, updates, lists, describes and deletes', async () => {
    const store = new FakeStore();
    const clients = () => fakeClients({ store });
    const ev = clients().eventing('default');
    ev.of(BROKER).put(broker('default'));
    const c = await runKn(['source', 'ping', 'create', 'p', '--schedule', '*/2 * * * *', '-d', 'hi', '--ce-override', 'a=b', '--ce-override', 'c=d', '-s', 'broker:default'], clients());
    expect(c.stdout).toBe("Ping source 'p' created in namespace 'default'.\n");
    let p = await ev.pingSources.get('p');
    expect(p.spec).toEqual({
      schedule: '*/2 * * * *',
      data: 'hi',
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'default' } },
      ceOverrides: { extensions: { a: 'b', c: 'd' } },
    });
    const u = await runKn(['source', 'ping', 'update', 'p', '--data', 'aGVsbG8=', '--ce-override', 'a-'], clients());
    expect(u.stdout).toBe("Ping source 'p' updated in namespace 'default'.\n");
    p = await ev.pingSources.get('p');
    expect(p.spec.dataBase64).toBe('aGVsbG8=');
    expect(p.spec.data).toBeUndefined();
    expect(p.spec.ceOverrides).toEqual({ extensions: { c: 'd' } });
    expect(p.spec.schedule).toBe('*/2 * * * *');

    expect((await runKn(['source', 'ping', 'list', '--no-headers'], clients())).stdout).toMatch(/^p +\*\/2 \* \* \* \* +Broker:default +/);
    expect((await runKn(['source', 'ping', 'describe', 'p', '-o', 'jsonpath={.spec.dataBase64}'], clients())).stdout).toBe('aGVsbG8=');
    expect((await runKn(['source', 'ping', 'delete', 'p'], clients())).stdout).toBe("Ping source 'p' deleted in namespace 'default'.\n");
    expect((await runKn(['source', 'ping', 'list'], clients())).stdout).toBe('No Ping source found.\n');
  });

  it('reports errors with kn messages', async () => {
    expect(firstErr((await runKn(['source', 'ping', 'create', 'p'])).stderr)).toBe('Error: required flag(s) "sink" not set');
    expect(firstErr((await runKn(['source', 'ping', 'create'])).stderr)).toBe('Error: requires the name of the Ping source to create as single argument');
    expect(firstErr((await runKn(['source', 'ping', 'create', 'p', '-s', 'http://x', '-e', 'hex', '-d', 'a'])).stderr)).toBe(
      'Error: cannot create PingSource "p" in namespace "default" because: invalid value: hex. Accepted values are: text|base64',
    );
    expect(firstErr((await runKn(['source', 'ping', 'create', 'p', '-s', 'ksvc:nope'])).stderr)).toBe('Error: services.serving.knative.dev "nope" not found');
    expect(firstErr((await runKn(['source', 'ping', 'update'])).stderr)).toBe('Error: name of Ping source required');
    expect(firstErr((await runKn(['source', 'ping', 'delete'])).stderr)).toBe("Error: 'requires the name of the Ping source to delete as single argument");
    expect(firstErr((await runKn(['source', 'ping', 'describe'])).stderr)).toBe("Error: 'kn source ping describe' requires name of the source as single argument");
  });
});

describe('kn source list / list-types', () => {
  it('lists sources of every source CRD by name, filtered by --type', async () => {
    const store = new FakeStore();
    putFakeCrd(store, crd('PingSource', 'pingsources'));
    putFakeCrd(store, crd('ApiServerSource', 'apiserversources'));
    putFakeCrd(store, crd('KafkaSource', 'kafkasources', 'sources.knative.dev'));
    const ev = fakeClients({ store }).eventing('default');
    ev.pingSources.put(ping('zeta'));
    ev.pingSources.put(ping('alpha'));
    const r = await runKn(['source', 'list'], fakeClients({ store }));
    expect(r.stdout).toBe(
      'NAME    TYPE         RESOURCE                          SINK             READY\n' +
        'alpha   PingSource   pingsources.sources.knative.dev   broker:default   True\n' +
        'zeta    PingSource   pingsources.sources.knative.dev   broker:default   True\n',
    );
    expect((await runKn(['source', 'ls', '-t', 'apiserversource'], fakeClients({ store }))).stdout).toBe('No sources found.\n');
    const types = await runKn(['source', 'list-types'], fakeClients({ store }));
    expect(types.stdout).toBe(
      'TYPE              S     NAME                                   DESCRIPTION\n' +
        'ApiServerSource   X     apiserversources.sources.knative.dev   Watch and send Kubernetes API events to addressable\n' +
        'KafkaSource             kafkasources.sources.knative.dev       Route events from Apache Kafka Server to addressable\n' +
        'PingSource        X     pingsources.sources.knative.dev        Send periodically ping events to addressable\n',
    );
  });

  it('fails when no source CRDs are installed', async () => {
    const msg = "Error: no or newer Knative Sources API found on the backend, please verify the installation or update the 'kn' client";
    expect(firstErr((await runKn(['source', 'list-types'])).stderr)).toBe(msg);
    expect(firstErr((await runKn(['source', 'list'])).stderr)).toBe(msg);
  });
});

// The bundled CLI (`node bin/run.js`, built by `npm run build`) against the embedded API server on a
// free loopback port: create/list/describe/delete of a broker, trigger, ping source, channel and
// subscription. No controllers run here, so objects never become Ready; sinks must still resolve.
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { startTestCluster, type TestCluster } from '../../../helpers/cluster.js';

// Server start-up plus ~20 CLI processes on a loaded 2-core machine.
jest.setTimeout(120_000);

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = resolve('bin', 'run.js');

/** Runs the bundled kn with the cluster's kubeconfig (argument array, no shell). */
function kn(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args, '--kubeconfig', cluster.kubeconfigPath], { env: cluster.env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await kn(...args);
  if (r.code !== 0) throw new Error(`kn ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

it('manages brokers, triggers, ping sources, channels and subscriptions on a real API server', async () => {
  const { CustomObjectsApi } = await import('@kubernetes/client-node');
  const api = cluster.kubeConfig.makeApiClient(CustomObjectsApi);
  await api.createNamespacedCustomObject({
    group: 'serving.knative.dev',
    version: 'v1',
    namespace: 'default',
    plural: 'services',
    body: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'display' }, spec: { template: { spec: { containers: [{ image: 'img' }] } } } },
  });

  expect(await ok('broker', 'create', 'default', '--retry', '2')).toBe("Broker 'default' successfully created in namespace 'default'.\n");
  expect((await ok('broker', 'list')).split('\n')[0]).toMatch(/^NAME +URL +AGE +CONDITIONS +READY +REASON$/);
  expect(await ok('broker', 'describe', 'default')).toMatch(/^Name: +default\nNamespace: +default\n/);

  expect(await ok('trigger', 'create', 't1', '--sink', 'ksvc:display', '--filter', 'type=dev.demo')).toBe(
    "Trigger 't1' successfully created in namespace 'default'.\n",
  );
  expect((await ok('trigger', 'list')).split('\n')[1]).toMatch(/^t1 +default +ksvc:display +/);
  expect(await ok('trigger', 'describe', 't1')).toContain('  type:');
  // A core Service sink goes through the core API, not the custom-objects one.
  const { CoreV1Api } = await import('@kubernetes/client-node');
  await cluster.kubeConfig.makeApiClient(CoreV1Api).createNamespacedService({
    namespace: 'default',
    body: { metadata: { name: 'plain' }, spec: { ports: [{ port: 80 }] } },
  });
  expect(await ok('trigger', 'create', 't3', '--sink', 'svc:plain')).toBe("Trigger 't3' successfully created in namespace 'default'.\n");
  expect(await ok('trigger', 'describe', 't3')).toMatch(/Sink: +\n {2}Name: +plain\n {2}Resource: +Service \(v1\)\n/);
  const missing = await kn('trigger', 'create', 't2', '--sink', 'ksvc:nope');
  expect(missing.code).toBe(1);
  expect(missing.stderr.split('\n')[0]).toMatch(/^Error: cannot create trigger 't2' in namespace 'default' because: .*"nope" not found/);

  expect(await ok('source', 'ping', 'create', 'p1', '--schedule', '*/5 * * * *', '--data', 'hi', '--sink', 'broker:default')).toBe(
    "Ping source 'p1' created in namespace 'default'.\n",
  );
  expect((await ok('source', 'ping', 'list')).split('\n')[1]).toMatch(/^p1 +\*\/5 \* \* \* \* +Broker:default +/);
  expect(await ok('source', 'ping', 'describe', 'p1')).toMatch(/Schedule: +\*\/5 \* \* \* \*\nData: +hi\n/);
  expect((await ok('source', 'list')).split('\n')[1]).toMatch(/^p1 +PingSource +pingsources\.sources\.knative\.dev +broker:default +/);
  expect(await ok('source', 'list-types')).toContain('PingSource');

  expect(await ok('channel', 'create', 'pipe', '--type', 'imc')).toBe("Channel 'pipe' created in namespace 'default'.\n");
  expect((await ok('channel', 'list')).split('\n')[1]).toMatch(/^pipe +InMemoryChannel +/);
  expect(await ok('channel', 'describe', 'pipe')).toContain('InMemoryChannel (messaging.knative.dev/v1)');
  expect(await ok('channel', 'list-types')).toContain('InMemoryChannel');

  expect(await ok('subscription', 'create', 's1', '--channel', 'pipe', '--sink', 'display')).toBe("Subscription 's1' created in namespace 'default'.\n");
  expect((await ok('subscription', 'list')).split('\n')[1]).toMatch(/^s1 +Channel:pipe +ksvc:display +/);
  expect(await ok('subscription', 'describe', 's1')).toMatch(/Subscriber: +\n {2}Name: +display\n/);

  expect(await ok('subscription', 'delete', 's1')).toBe("Subscription 's1' deleted in namespace 'default'.\n");
  expect(await ok('channel', 'delete', 'pipe')).toBe("Channel 'pipe' deleted in namespace 'default'.\n");
  expect(await ok('source', 'ping', 'delete', 'p1')).toBe("Ping source 'p1' deleted in namespace 'default'.\n");
  expect(await ok('trigger', 'delete', 't1')).toBe("Trigger 't1' deleted in namespace 'default'.\n");
  expect(await ok('broker', 'delete', 'default', '--wait')).toBe("Broker 'default' successfully deleted in namespace 'default'.\n");
  expect(await ok('broker', 'list')).toBe('No brokers found.\n');
});

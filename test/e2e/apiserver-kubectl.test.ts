// The real kubectl (/usr/bin/kubectl) against the embedded API server.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerLogPath } from '../../src/lib/cluster/node/log-paths.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(c: TestCluster, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, args, { env: c.env, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

async function ok(c: TestCluster, args: string[], stdin?: string): Promise<string> {
  const r = await kubectl(c, args, stdin);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Collects a child's stdout and lets a test wait for some text to appear in it. */
function collect(child: ChildProcess): { text: () => string; waitFor: (text: string) => Promise<void> } {
  let out = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  });
  return {
    text: () => out,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!out.includes(text)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        child.once('exit', () => reject(new Error(`exited before printing ${JSON.stringify(text)}: ${out}`)));
        check();
      }),
  };
}

const ksvcYaml = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go
          env:
            - name: TARGET
              value: World
`;

describe('kubectl against the embedded API server', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster();
  });
  afterAll(() => c.stop());

  it('gets namespaces and lists the Knative API resources', async () => {
    expect(await ok(c, ['get', 'ns', 'default', '-o', 'name'])).toBe('namespace/default\n');
    const res = await ok(c, ['api-resources', '--api-group=serving.knative.dev', '-o', 'name']);
    expect(res.split('\n').filter(Boolean).sort()).toEqual(
      ['configurations.serving.knative.dev', 'domainmappings.serving.knative.dev', 'revisions.serving.knative.dev', 'routes.serving.knative.dev', 'services.serving.knative.dev'].sort(),
    );
  });

  it('applies a ksvc, prints its printer columns and jsonpath, replaces and deletes it', async () => {
    const file = join(c.dataDir, 'ksvc.yaml');
    writeFileSync(file, ksvcYaml);
    expect(await ok(c, ['apply', '-f', file])).toBe('service.serving.knative.dev/hello created\n');
    expect(await ok(c, ['apply', '-f', file])).toBe('service.serving.knative.dev/hello unchanged\n');
    const table = await ok(c, ['get', 'ksvc']);
    expect(table.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'URL', 'LATESTCREATED', 'LATESTREADY', 'READY', 'REASON']);
    expect(table.split('\n')[1]).toMatch(/^hello\s/);
    expect(await ok(c, ['get', 'ksvc', 'hello', '-o', 'jsonpath={.spec.template.spec.containers[0].env[0].value} {.metadata.generation}'])).toBe('World 1');
    const current = await ok(c, ['get', 'ksvc', 'hello', '-o', 'json']);
    const obj = JSON.parse(current);
    obj.spec.template.spec.containers[0].env[0].value = 'Knative';
    expect(await ok(c, ['replace', '-f', '-'], JSON.stringify(obj))).toBe('service.serving.knative.dev/hello replaced\n');
    expect(await ok(c, ['get', 'ksvc', 'hello', '-o', 'jsonpath={.metadata.generation}'])).toBe('2');
    expect(await ok(c, ['delete', 'ksvc', 'hello'])).toBe('service.serving.knative.dev "hello" deleted\n');
    const gone = await kubectl(c, ['get', 'ksvc', 'hello']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('Error from server (NotFound): services.serving.knative.dev "hello" not found');
  });

  it('reports a kind whose CRD is not installed as kube does (tutorial: KnativeServing operator CR)', async () => {
    const file = join(c.dataDir, 'operator.yaml');
    writeFileSync(file, 'apiVersion: operator.knative.dev/v1beta1\nkind: KnativeServing\nmetadata:\n  name: knative-serving\n  namespace: default\n');
    const r = await kubectl(c, ['apply', '-f', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no matches for kind "KnativeServing" in version "operator.knative.dev/v1beta1"');
    expect(r.stderr).toContain('ensure CRDs are installed first');
  });

  it('applies server-side and patches with all three patch types', async () => {
    const file = join(c.dataDir, 'ssa.yaml');
    writeFileSync(file, ksvcYaml.replace('name: hello', 'name: ssa'));
    expect(await ok(c, ['apply', '--server-side', '-f', file])).toBe('service.serving.knative.dev/ssa serverside-applied\n');
    expect(await ok(c, ['apply', '--server-side', '-f', file])).toBe('service.serving.knative.dev/ssa serverside-applied\n');
    await ok(c, ['patch', 'ksvc', 'ssa', '--type=merge', '-p', '{"metadata":{"labels":{"m":"1"}}}']);
    await ok(c, ['patch', 'ksvc', 'ssa', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/j","value":"2"}]']);
    expect(await ok(c, ['get', 'ksvc', 'ssa', '-o', 'jsonpath={.metadata.labels}'])).toBe('{"j":"2","m":"1"}');
    await ok(c, ['create', 'configmap', 'cfg', '--from-literal=a=1']);
    expect(await ok(c, ['patch', 'configmap', 'cfg', '-p', '{"data":{"b":"2"}}'])).toBe('configmap/cfg patched\n');
    expect(await ok(c, ['get', 'cm', 'cfg', '-o', 'jsonpath={.data}'])).toBe('{"a":"1","b":"2"}');
    const smpOnCr = await kubectl(c, ['patch', 'ksvc', 'ssa', '-p', '{"metadata":{"labels":{"s":"1"}}}']);
    expect(smpOnCr.stderr).toContain('strategic-merge-patch');
  });

  it('creates secrets imperatively (protobuf bodies) and applies Deployments with strategic merge', async () => {
    expect(await ok(c, ['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example.com', '--docker-username=u', '--docker-password=p'])).toBe('secret/reg created\n');
    expect(await ok(c, ['get', 'secret', 'reg', '-o', 'jsonpath={.type}'])).toBe('kubernetes.io/dockerconfigjson');
    await ok(c, ['create', 'deployment', 'imperative', '--image=nginx:1.25', '--replicas=0', '--port=8080']);
    expect(await ok(c, ['get', 'deploy', 'imperative', '-o', 'jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].ports[0].containerPort}'])).toBe(
      '0 imperative 8080',
    );
    const dep = (v: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        env: [{name: A, value: "${v}"}]
`;
    const file = join(c.dataDir, 'dep.yaml');
    writeFileSync(file, dep('1'));
    await ok(c, ['apply', '-f', file]);
    writeFileSync(file, dep('2'));
    expect(await ok(c, ['apply', '-f', file])).toBe('deployment.apps/web configured\n');
    expect(await ok(c, ['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation} {.spec.template.spec.containers[0].env[0].value} {.spec.replicas}'])).toBe('2 2 1');
    expect(await ok(c, ['scale', 'deploy', 'web', '--replicas=3'])).toBe('deployment.apps/web scaled\n');
    expect(await ok(c, ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('3');
  });

  it('streams watch events to kubectl get -w', async () => {
    await ok(c, ['create', 'namespace', 'watching']);
    await ok(c, ['create', 'configmap', 'listed', '-n', 'watching']);
    const child = spawn(KUBECTL, ['get', 'configmaps', '-n', 'watching', '-w', '-o', 'name'], { env: c.env });
    const out = collect(child);
    try {
      // The initial list is printed first; kubectl then watches from the list's resourceVersion,
      // so the object created next can only arrive through the watch.
      await out.waitFor('configmap/listed');
      await ok(c, ['create', 'configmap', 'watched', '-n', 'watching']);
      await out.waitFor('configmap/watched');
    } finally {
      child.kill('SIGKILL');
    }
    expect(out.text().split('\n').filter(Boolean)).toEqual(['configmap/listed', 'configmap/watched']);
  });

  it('explains a Knative kind from the served OpenAPI v3 schema', async () => {
    const out = await ok(c, ['explain', 'ksvc']);
    expect(out).toContain('KIND:       Service');
    expect(out).toContain('GROUP:      serving.knative.dev');
  });

  it('reads pod logs with --tail and reports missing containers', async () => {
    await ok(c, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'x' }] } }));
    const uid = (await ok(c, ['get', 'pod', 'p', '-o', 'jsonpath={.metadata.uid}'])).trim();
    const path = containerLogPath(c.dataDir, 'default', 'p', uid, 'main');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'one\ntwo\nthree\n');
    expect(await ok(c, ['logs', 'p'])).toBe('one\ntwo\nthree\n');
    expect(await ok(c, ['logs', 'p', '--tail=2'])).toBe('two\nthree\n');
    const bad = await kubectl(c, ['logs', 'p', '-c', 'nope']);
    expect(bad.stderr).toContain('container nope is not valid for pod p');

    // -f streams appended lines and ends when the pod goes away.
    const child = spawn(KUBECTL, ['logs', '-f', 'p'], { env: c.env });
    const out = collect(child);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await out.waitFor('three\n');
      appendFileSync(path, 'four\n');
      await out.waitFor('four\n');
      await ok(c, ['delete', 'pod', 'p', '--wait=false']);
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(out.text()).toBe('one\ntwo\nthree\nfour\n');
  });
});

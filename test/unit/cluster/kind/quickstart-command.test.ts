// `kn quickstart kind|minikube` at the command line: --print-manifests output and flag errors,
// through the real dispatcher in-process (no tool is run by these cases).
import { parseAllDocuments } from 'yaml';
import { runKn } from '../../../../src/lib/cli/testing.js';

const kinds = (text: string) => parseAllDocuments(text).map((d) => (d.toJS() as { kind?: string } | null)?.kind).filter(Boolean);

describe('kn quickstart kind (command line)', () => {
  test('--print-manifests prints every bundle in order with the default image', async () => {
    const r = await runKn(['quickstart', 'kind', '--print-manifests']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const k = kinds(r.stdout);
    // Serving's 10 CRDs, then the namespaces of core/.
    expect(k.slice(0, 10)).toEqual(Array(10).fill('CustomResourceDefinition'));
    expect(k.slice(10, 13)).toEqual(['Namespace', 'Namespace', 'Namespace']);
    expect(r.stdout).toContain('# Source: config/kind/100-kourier-ingress.yaml');
    expect(r.stdout.indexOf('# Source: config/serving/400-controller.yaml')).toBeLessThan(r.stdout.indexOf('# Source: config/kourier/300-gateway.yaml'));
    expect(r.stdout.indexOf('# Source: config/kourier/300-gateway.yaml')).toBeLessThan(r.stdout.indexOf('# Source: config/crds/eventing.yaml'));
    expect(r.stdout).toMatch(/image: ghcr\.io\/kn-ts\/kn-ts:v\d+\.\d+\.\d+/);
  });

  test('--print-manifests --install-serving --image: Serving only, the given image', async () => {
    const r = await runKn(['quickstart', 'kind', '--print-manifests', '--install-serving', '--image', 'localhost:5001/kn-ts:dev']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('brokers.eventing.knative.dev');
    expect(r.stdout).not.toContain('ghcr.io/kn-ts');
    expect(r.stdout).toContain('image: localhost:5001/kn-ts:dev');
  });

  test('bad input: unknown flag, extra argument, bad cluster name', async () => {
    expect((await runKn(['quickstart', 'kind', '--nope'])).stderr).toBe("Error: unknown flag: --nope for 'kn quickstart kind'\nRun 'kn quickstart kind --help' for usage\n");
    const extra = await runKn(['quickstart', 'kind', 'extra']);
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain('Error: unknown command "extra" for "kn quickstart kind"');
    const name = await runKn(['quickstart', 'kind', '--name', 'Bad_Name']);
    expect(name.stderr).toContain("Error: invalid cluster name 'Bad_Name'");
    const port = await runKn(['quickstart', 'kind', '--host-port', '0']);
    expect(port.code).toBe(1);
  });
});

// The shipped manifests: bundle order, every file included once, our image everywhere, its tag
// the package version, and the facts the quickstart relies on (names, ports, classes).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { defaultImage, deploymentsIn, manifestBundles, renderManifests, selectBundles } from '../../../../src/lib/cluster/kind/manifests.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const configDir = join(root, 'config');
const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean) as any[];

describe('kind manifests', () => {
  test('bundles in apply order cover every YAML file under config/ (core/ in both cores)', () => {
    const bundles = manifestBundles(configDir);
    expect(bundles.map((b) => b.name)).toEqual(['serving-crds', 'serving-core', 'kourier', 'kind', 'eventing-crds', 'eventing-core']);
    const listed = [...new Set(bundles.flatMap((b) => b.files))].sort();
    const onDisk = readdirSync(configDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(configDir, d.name)).filter((f) => f.endsWith('.yaml')).map((f) => `${d.name}/${f}`))
      .sort();
    expect(listed).toEqual(onDisk);
    const core = bundles.find((b) => b.name === 'serving-core')!.files.filter((f) => f.startsWith('core/'));
    expect(core.length).toBeGreaterThan(0);
    expect(bundles.find((b) => b.name === 'eventing-core')!.files.slice(0, core.length)).toEqual(core);
    // Printed once each.
    const text = renderManifests(bundles, 'img', configDir);
    expect(text.match(/^# Source: config\/core\/100-namespaces.yaml$/gm)).toHaveLength(1);
  });

  test('the default image is tagged with the package version and is the only image', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    expect(defaultImage(root)).toBe(`ghcr.io/kn-ts/kn-ts:v${version}`);
    const text = renderManifests(manifestBundles(configDir), defaultImage(root), configDir);
    for (const m of text.matchAll(/image: (\S+)/g)) expect(m[1]).toBe(defaultImage(root));
    const other = renderManifests(manifestBundles(configDir), 'localhost:5001/kn-ts:dev', configDir);
    expect(other).not.toContain('ghcr.io/kn-ts');
    expect(other).toContain('queue-sidecar-image: localhost:5001/kn-ts:dev');
  });

  test('components: names, args, namespaces, service accounts that exist', () => {
    const all = objects(renderManifests(manifestBundles(configDir), 'img', configDir));
    const deps = all.filter((o) => o.kind === 'Deployment');
    expect(deps.map((d) => `${d.metadata.namespace}/${d.metadata.name}:${d.spec.template.spec.containers[0].args[0]}`).sort()).toEqual([
      'knative-eventing/eventing-controller:eventing',
      'knative-serving/activator:activator',
      'knative-serving/autoscaler:autoscaler',
      'knative-serving/controller:controller',
      'knative-serving/webhook:webhook',
      'kourier-system/3scale-kourier-gateway:gateway',
    ]);
    const sas = new Set(all.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const d of deps) {
      expect(sas.has(`${d.metadata.namespace}/${d.spec.template.spec.serviceAccountName}`)).toBe(true);
      const c = d.spec.template.spec.containers[0];
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true });
      expect(d.spec.selector.matchLabels).toEqual({ app: d.metadata.name });
    }
    expect(deps.find((d) => d.metadata.name === 'controller').spec.replicas).toBe(2);
    // Every binding points at a role and an account that the manifests create.
    const roles = new Set(all.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').map((o) => `${o.kind}/${o.metadata.name}`));
    for (const b of all.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding')) {
      expect(roles.has(`${b.roleRef.kind}/${b.roleRef.name}`)).toBe(true);
      for (const s of b.subjects) expect(sas.has(`${s.namespace}/${s.name}`)).toBe(true);
    }
    // No wildcard permissions.
    for (const r of all.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')) {
      for (const rule of r.rules) {
        expect(rule.verbs).not.toContain('*');
        expect(rule.resources).not.toContain('*');
      }
    }
  });

  test('kind: config-domain, ingress class and the NodePort the cluster maps', () => {
    const all = objects(renderManifests(manifestBundles(configDir), 'img', configDir));
    const cm = (ns: string, name: string) => all.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === ns && o.metadata.name === name);
    expect(cm('knative-serving', 'config-domain').data).toEqual({ '127.0.0.1.sslip.io': '' });
    expect(cm('knative-serving', 'config-network').data['ingress-class']).toBe('kourier.ingress.networking.knative.dev');
    for (const name of ['config-autoscaler', 'config-defaults', 'config-gc', 'config-deployment', 'config-features']) expect(cm('knative-serving', name)).toBeDefined();
    for (const name of ['config-br-defaults', 'config-br-default-channel', 'default-ch-webhook']) expect(cm('knative-eventing', name)).toBeDefined();
    const ingress = all.find((o) => o.kind === 'Service' && o.metadata.name === 'kourier-ingress');
    expect(ingress.spec).toMatchObject({ type: 'NodePort', selector: { app: '3scale-kourier-gateway' }, ports: [{ name: 'http2', port: 80, targetPort: 8080, nodePort: 31080 }] });
  });

  test('selectBundles: serving only, eventing only, both; deploymentsIn', () => {
    const names = (o: { serving: boolean; eventing: boolean; kind: boolean }) => selectBundles(o, configDir).map((b) => b.name);
    expect(names({ serving: false, eventing: false, kind: true })).toEqual(['serving-crds', 'serving-core', 'kourier', 'kind', 'eventing-crds', 'eventing-core']);
    expect(names({ serving: true, eventing: false, kind: false })).toEqual(['serving-crds', 'serving-core', 'kourier']);
    expect(names({ serving: false, eventing: true, kind: true })).toEqual(['eventing-crds', 'eventing-core']);
    expect(deploymentsIn(renderManifests(selectBundles({ serving: true, eventing: false, kind: false }, configDir), 'img', configDir)).map((d) => d.name)).toEqual([
      'webhook', 'activator', 'autoscaler', 'controller', '3scale-kourier-gateway',
    ]);
  });
});

// Traces one `kn service create --no-wait`: prints every watch event of the objects on the create-to-200
// chain (ms since start), then polls the gateway until the first 200. Usage (against a running
// `kn quickstart local`): node bench/local/trace.mjs NAME GATEWAY_PORT
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
const kc = new KubeConfig(); kc.loadFromDefault();
const w = new Watch(kc);
const t0 = performance.now();
const t = () => (performance.now() - t0).toFixed(0).padStart(5);
const name = process.argv[2];
const cond = (o, type) => (o.status?.conditions ?? []).filter((c) => !type || c.type === type).map((c) => `${c.type}=${c.status}${c.reason ? '(' + c.reason + ')' : ''}`).join(' ');
const paths = {
  rev: '/apis/serving.knative.dev/v1/namespaces/default/revisions',
  pa: '/apis/autoscaling.internal.knative.dev/v1alpha1/namespaces/default/podautoscalers',
  sks: '/apis/networking.internal.knative.dev/v1alpha1/namespaces/default/serverlessservices',
  king: '/apis/networking.internal.knative.dev/v1alpha1/namespaces/default/ingresses',
  pod: '/api/v1/namespaces/default/pods',
  ep: '/api/v1/namespaces/default/endpoints',
  route: '/apis/serving.knative.dev/v1/namespaces/default/routes',
  cfg: '/apis/serving.knative.dev/v1/namespaces/default/configurations',
  ksvc: '/apis/serving.knative.dev/v1/namespaces/default/services',
};
for (const [k, p] of Object.entries(paths)) {
  await w.watch(p, { resourceVersion: undefined }, (type, o) => {
    if (!o.metadata.name.startsWith(name)) return;
    let extra = cond(o);
    if (k === 'ep') extra = JSON.stringify((o.subsets ?? []).map((s) => (s.addresses ?? []).length));
    console.log(t(), k, type, o.metadata.name, o.metadata.resourceVersion, extra);
  }, () => {});
}
await new Promise((r) => setTimeout(r, 500));
const s = performance.now();
console.log(t(), 'CREATE');
const c = spawn(new URL('../../bin/kn', import.meta.url).pathname, ['service', 'create', name, '--image', 'ghcr.io/knative/helloworld-go', '--no-wait'], { stdio: 'ignore' });
c.on('close', () => console.log(t(), 'kn exited'));
const http = await import('node:http');
const get = () => new Promise((res) => { const r = http.request({ host: '127.0.0.1', port: Number(process.argv[3]), headers: { host: `${name}.default.127.0.0.1.sslip.io` }, agent: false }, (x) => { x.resume(); res(x.statusCode); }); r.on('error', () => res(0)); r.end(); });
for (;;) { const code = await get(); if (code === 200) { console.log(t(), '200'); break; } await new Promise((r) => setTimeout(r, 10)); }
process.exit(0);

import { applyDefaults } from '../../../../src/lib/cluster/apiserver/defaults.js';

describe('pod defaults kubectl describe relies on', () => {
  const pod = () => ({
    metadata: { name: 'p' },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'img:1',
          env: [{ name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'A', value: 'b' }],
          readinessProbe: { httpGet: { port: 8012, httpHeaders: [{ name: 'K-Network-Probe', value: 'queue' }] }, periodSeconds: 1 },
          livenessProbe: { tcpSocket: { port: 8080 } },
          lifecycle: { preStop: { httpGet: { path: '/wait-for-drain', port: 8022 } } },
        },
      ],
    },
  });

  it('defaults the field selector apiVersion, probe timings and HTTP probe path/scheme as kube does', () => {
    const p: any = pod();
    applyDefaults('', 'Pod', p);
    const c = p.spec.containers[0];
    expect(c.env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'status.podIP' });
    expect(c.env[1]).toEqual({ name: 'A', value: 'b' });
    expect(c.readinessProbe).toEqual({
      httpGet: { port: 8012, path: '/', scheme: 'HTTP', httpHeaders: [{ name: 'K-Network-Probe', value: 'queue' }] },
      periodSeconds: 1,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.lifecycle.preStop.httpGet).toEqual({ path: '/wait-for-drain', port: 8022, scheme: 'HTTP' });
  });

  it('applies the same defaults to a Deployment pod template', () => {
    const d: any = { metadata: { name: 'd' }, spec: { selector: {}, template: { spec: pod().spec } } };
    applyDefaults('apps', 'Deployment', d);
    expect(d.spec.template.spec.containers[0].env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
    expect(d.spec.template.spec.containers[0].readinessProbe.httpGet.scheme).toBe('HTTP');
  });
});

import { parseImageRef, registerImage, resolveImage } from '../../../../src/lib/cluster/node/images.js';

describe('image references', () => {
  it.each([
    ['helloworld-go', '', 'helloworld-go', undefined],
    ['docker.io/library/nginx:1.25', '', 'nginx', '1.25'],
    ['index.docker.io/knative/helloworld-go:latest', '', 'knative/helloworld-go', 'latest'],
    ['gcr.io/knative-samples/helloworld-go', 'gcr.io', 'gcr.io/knative-samples/helloworld-go', undefined],
    ['localhost:5000/app@sha256:abc', 'localhost:5000', 'localhost:5000/app', undefined],
    ['ghcr.io/knative/helloworld-go:v1@sha256:abc', 'ghcr.io', 'ghcr.io/knative/helloworld-go', 'v1'],
  ])('normalizes %s', (image, registry, name, tag) => {
    const ref = parseImageRef(image);
    expect([ref.registry, ref.name, ref.tag]).toEqual([registry, name, tag]);
  });
});

describe('image registry', () => {
  it('matches normalized names, wildcards and regexps; later registrations win; unregister works', () => {
    const offs = [
      registerImage('docker.io/acme/hello', { command: ['node', 'hello.js'] }),
      registerImage('gcr.io/knative-samples/*', (ref) => ({ command: ['sample', ref.repository] })),
      registerImage(/event[-_]display/, { command: ['display'], env: { A: '1' } }),
    ];
    expect(resolveImage('acme/hello:latest')?.command).toEqual(['node', 'hello.js']);
    expect(resolveImage('gcr.io/knative-samples/helloworld-go@sha256:1')?.command).toEqual(['sample', 'knative-samples/helloworld-go']);
    expect(resolveImage('gcr.io/knative-releases/knative.dev/eventing/cmd/event_display')?.env).toEqual({ A: '1' });
    expect(resolveImage('quay.io/other/thing')).toBeUndefined();
    const off = registerImage('acme/hello', { command: ['newer'] });
    expect(resolveImage('acme/hello')?.command).toEqual(['newer']);
    off();
    expect(resolveImage('acme/hello')?.command).toEqual(['node', 'hello.js']);
    offs.forEach((f) => f());
    expect(resolveImage('acme/hello')).toBeUndefined();
  });
});

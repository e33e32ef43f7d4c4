import { commandLine, isNodeCommand, withClusterNetworkEnv, withPodNetworkEnv } from '../../../../src/lib/cluster/node/launch-spec.js';

describe('launch spec', () => {
  const image = { command: ['node', 'server.js'], args: ['--image-arg'] };

  it.each([
    ['image command and args', {}, ['node', ['server.js', '--image-arg']]],
    ['container args replace image args', { args: ['--x=$(A)'] }, ['node', ['server.js', '--x=1']]],
    ['container command drops image args', { command: ['python', '-m', 'http.server'] }, ['python', ['-m', 'http.server']]],
    ['container command and args', { command: ['sh'], args: ['-c', 'echo $(A) $$(A)'] }, ['sh', ['-c', 'echo 1 $(A)']]],
  ])('%s', (_name, spec, [command, args]) => {
    expect(commandLine({ name: 'c', ...spec }, image, { A: '1' })).toEqual({ command, args });
  });

  it('sets PORT from the first containerPort unless given, and always POD_IP', () => {
    const env = withPodNetworkEnv({ NODE_OPTIONS: '--trace-warnings' }, { name: 'c', ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }, '127.0.4.4', '/p.cjs');
    expect(env).toEqual({ PORT: '8080', POD_IP: '127.0.4.4', HOST: '127.0.4.4', NODE_OPTIONS: '--trace-warnings --require /p.cjs' });
    expect(withPodNetworkEnv({ PORT: '3000', HOST: '0.0.0.0' }, { name: 'c', ports: [{ containerPort: 8080 }] }, '127.0.4.4', '/p.cjs')).toMatchObject({ PORT: '3000', HOST: '0.0.0.0', POD_IP: '127.0.4.4' });
  });

  it('tells Node.js commands from others', () => {
    for (const c of ['node', '/usr/bin/node', 'npx', process.execPath, 'C:\\node\\node.exe']) expect(isNodeCommand(c)).toBe(true);
    for (const c of ['python3', 'sh', '/bin/curl', 'nodemon-like']) expect(isNodeCommand(c)).toBe(false);
  });

  it('points non-Node programs at the gateway as their HTTP proxy; Node gets the preload settings only', () => {
    const other = withClusterNetworkEnv({ A: '1' }, '/usr/bin/python3', 31080, 'team');
    expect(other).toEqual({
      A: '1',
      KN_GATEWAY_PORT: '31080',
      KN_CLUSTER_NAMESPACES: 'team,default,knative-serving,knative-eventing,kube-system',
      HTTP_PROXY: 'http://127.0.0.1:31080',
      http_proxy: 'http://127.0.0.1:31080',
      NO_PROXY: 'localhost,127.0.0.1,::1,127.0.0.0/8',
      no_proxy: 'localhost,127.0.0.1,::1,127.0.0.0/8',
    });
    expect(withClusterNetworkEnv({}, 'node', 31080, 'default')).toEqual({ KN_GATEWAY_PORT: '31080', KN_CLUSTER_NAMESPACES: 'default,knative-serving,knative-eventing,kube-system' });
    // The container's own proxy settings win.
    expect(withClusterNetworkEnv({ http_proxy: 'http://corp:3128', NO_PROXY: 'x' }, 'sh', 1, 'default')).toMatchObject({ http_proxy: 'http://corp:3128', NO_PROXY: 'x' });
    expect(withClusterNetworkEnv({ http_proxy: 'http://corp:3128' }, 'sh', 1, 'default').HTTP_PROXY).toBeUndefined();
  });
});

import { commandLine, withPodNetworkEnv } from '../../../../src/lib/cluster/node/launch-spec.js';

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
});

// kn route list / describe, kn version / completion / options.
import { describe, expect, it } from '@jest/globals';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { createFakeServingClient } from '../../../../src/lib/api/fake-serving.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';

describe('kn route', () => {
  it('lists routes and describes one', async () => {
    const store = new FakeStore();
    createFakeServingClient('default', store).routes.put({
      metadata: { name: 'hello' },
      spec: {},
      status: { url: 'http://hello.default.example.com', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const list = await runKn(['routes', 'ls'], fakeClients({ store }));
    expect(list.stdout).toBe('NAME    URL                                READY\nhello   http://hello.default.example.com   True\n');
    const d = await runKn(['route', 'describe', 'hello', '-o', 'jsonpath={.status.url}'], fakeClients({ store }));
    expect(d.stdout).toBe('http://hello.default.example.com');
    const many = await runKn(['route', 'list', 'a', 'b'], fakeClients({ store }));
    expect(many.stderr.split('\n')[0]).toBe("Error: 'kn route list' accepts only one additional argument");
  });
});

describe('kn version / completion / options', () => {
  it('prints the version block and validates -o', async () => {
    const r = await runKn(['version']);
    expect(r.stdout).toMatch(/^Version: {6}\S+\nBuild Date: {3}.*\nGit Revision: .*\nSupported APIs:\n\* Serving\n  - serving\.knative\.dev\/v1 \(knative-serving v[\d.]+\)\n\* Eventing\n/);
    const j = await runKn(['version', '-o', 'JSON']);
    expect(Object.keys(JSON.parse(j.stdout))).toEqual(['Version', 'BuildDate', 'GitRevision', 'SupportedAPIs']);
    expect(j.stdout.endsWith('}')).toBe(true);
    const bad = await runKn(['version', '-o', 'xml']);
    expect(bad.stderr.split('\n')[0]).toBe("Error: invalid value for output flag, choose one among 'json' or 'yaml'");
  });

  it('generates bash and zsh completion and validates the shell', async () => {
    const bash = await runKn(['completion', 'bash']);
    expect(bash.stdout).toContain('complete -o default -F __kn_complete kn');
    expect(bash.stdout).toContain("'service') echo ");
    const zsh = await runKn(['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef kn\n')).toBe(true);
    expect((await runKn(['completion'])).stderr.split('\n')[0]).toBe(
      "Error: Only one argument can be provided, either 'bash', 'fish', 'powershell' or 'zsh'",
    );
    expect((await runKn(['completion', 'tcsh'])).stderr.split('\n')[0]).toBe(
      "Error: 'bash', 'fish', 'powershell' or 'zsh' shell completion is supported",
    );
  });

  it('lists global options', async () => {
    const r = await runKn(['options']);
    expect(r.stdout).toContain('      --kubeconfig string');
    expect(r.stdout).toContain('      --log-http ');
    expect(r.stdout).not.toContain('plugins-dir');
  });
});

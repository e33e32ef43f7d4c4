// Dispatcher behaviour: aliases, group errors, flag errors, help, exit codes.
import { describe, expect, it } from '@jest/globals';
import { runKn } from '../../../src/lib/cli/testing.js';

describe('kn dispatcher', () => {
  it('prints no-sub-command error for a bare group, with the usage hint, exit 1', async () => {
    const r = await runKn(['service']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: no sub-command given for 'kn service'\. Available sub-commands: (\w+, )*list(, \w+)*\nRun 'kn service --help' for usage\n$/);
  });

  it('names only the group word for nested groups (upstream quirk)', async () => {
    const r = await runKn(['source', 'ping']);
    expect(r.stderr.split('\n')[0]).toMatch(/^Error: no sub-command given for 'kn ping'\./);
    expect(r.stderr.split('\n')[1]).toBe("Run 'kn ping --help' for usage");
  });

  it('rejects an unknown sub-command with the sorted list', async () => {
    const r = await runKn(['route', 'xyz']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: unknown sub-command 'xyz' for 'kn route'. Available sub-commands: describe, list\nRun 'kn route --help' for usage\n");
  });

  it('rejects an unknown flag with the command path', async () => {
    const r = await runKn(['service', 'list', '--foo']);
    expect(r.stderr).toBe("Error: unknown flag: --foo for 'kn service list'\nRun 'kn service list --help' for usage\n");
    expect(r.code).toBe(1);
  });

  it('rejects --x together with --no-x and --x=false', async () => {
    const both = await runKn(['service', 'delete', 'a', '--wait', '--no-wait']);
    expect(both.stderr.split('\n')[0]).toBe('Error: only one of --no-wait and --wait may be specified');
    const f = await runKn(['service', 'delete', 'a', '--wait=false']);
    expect(f.stderr.split('\n')[0]).toBe('Error: use --no-wait instead of providing "false" to --wait');
  });

  it('rewrites noun and verb aliases', async () => {
    const r = await runKn(['ksvc', 'ls']);
    expect(r).toEqual({ code: 0, stdout: 'No services found.\n', stderr: '' });
    const rev = await runKn(['revisions', 'ls']);
    expect(rev.stdout).toBe('No revisions found.\n');
  });

  it('prints root help grouped like upstream', async () => {
    const r = await runKn(['--help']);
    expect(r.code).toBe(0);
    const serving = r.stdout.indexOf('Serving Commands:');
    const eventing = r.stdout.indexOf('Eventing Commands:');
    const other = r.stdout.indexOf('Other Commands:');
    expect(serving).toBeGreaterThan(0);
    expect(eventing).toBeGreaterThan(serving);
    expect(other).toBeGreaterThan(eventing);
    expect(r.stdout).toContain('  service       Manage Knative services\n');
  });

  it('prints an unknown command error', async () => {
    const r = await runKn(['frobnicate']);
    expect(r.stderr).toBe('Error: unknown command "frobnicate" for "kn"\nRun \'kn --help\' for usage\n');
  });

  it('shows command help for --help without running it', async () => {
    const r = await runKn(['service', 'list', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kn service list [NAME]');
  });
});

describe('kn arity messages', () => {
  it('uses kn wording for too many list arguments', async () => {
    const r = await runKn(['service', 'list', 'a', 'b']);
    expect(r.stderr).toBe("Error: 'kn service list' accepts maximum 1 argument\nRun 'kn service list --help' for usage\n");
    const rl = await runKn(['revision', 'list', 'a', 'b']);
    expect(rl.stderr.split('\n')[0]).toBe("Error: 'kn revision list' accepts maximum 1 argument, not 2 arguments as given");
  });

  it('uses kn wording for a missing describe name', async () => {
    const r = await runKn(['service', 'describe']);
    expect(r.stderr).toBe("Error: 'service describe' requires the service name given as single argument\nRun 'kn --help' for usage\n");
  });
});

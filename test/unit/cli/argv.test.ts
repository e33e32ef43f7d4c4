// Alias rewriting and kn-style error lines.
import { describe, expect, it } from '@jest/globals';
import { rewriteAliases } from '../../../src/cli/argv.js';
import { formatError, toUserMessage } from '../../../src/cli/errors.js';
import { checkBoolPairs, findUnknownFlag, normalizeBoolValues } from '../../../src/lib/cli/flag-rules.js';

describe('rewriteAliases', () => {
  it.each([
    [['ksvc', 'ls'], ['service', 'list']],
    [['services', 'list', '-n', 'x'], ['service', 'list', '-n', 'x']],
    [['revisions', 'ls', 'ls'], ['revision', 'list', 'ls']],
    [['routes', 'describe', 'ls'], ['route', 'describe', 'ls']],
    [['sub', 'ls'], ['subscription', 'ls']],
    [['sources', 'ping', 'ls'], ['source', 'ping', 'ls']],
    [['sources', 'ls'], ['source', 'list']],
    [['brokers', 'ls'], ['broker', 'list']],
    [['service', '-n', 'ls'], ['service', '-n', 'ls']],
    [['version'], ['version']],
  ])('%j → %j', (input, want) => {
    expect(rewriteAliases(input)).toEqual(want);
  });
});

describe('error lines', () => {
  it('strips a leading "error:" and finds the first quoted kn command for the hint', () => {
    expect(formatError("error: unknown flag: --foo for 'kn service create'")).toBe(
      "Error: unknown flag: --foo for 'kn service create'\nRun 'kn service create --help' for usage\n",
    );
    expect(formatError("'service create' requires the image name")).toBe(
      "Error: 'service create' requires the image name\nRun 'kn --help' for usage\n",
    );
  });

  it('prints only the first line for plugin failures', () => {
    expect(formatError('exit status 3', true)).toBe('Error: exit status 3\n');
  });

  it('aggregated errors keep one Error: prefix each', () => {
    expect(formatError('Error: a\nError: b')).toBe("Error: a\nError: b\nRun 'kn --help' for usage\n");
  });

  it('translates oclif parser errors to pflag wording with the command path', () => {
    expect(toUserMessage(new Error('Flag --image expects a value'), 'kn service create')).toBe(
      "flag needs an argument: --image for 'kn service create'",
    );
    expect(toUserMessage(new Error('Nonexistent flag: --foo\nSee more help with --help'), 'kn service list')).toBe(
      "unknown flag: --foo for 'kn service list'",
    );
  });
});

describe('flag rules', () => {
  const defs = { wait: { type: 'boolean', allowNo: true }, force: { type: 'boolean' }, image: { type: 'option' } };
  it('rejects pairs and explicit false', () => {
    expect(() => checkBoolPairs(['--wait', '--no-wait'], defs)).toThrow('only one of --no-wait and --wait may be specified');
    expect(() => checkBoolPairs(['--no-wait=false'], defs)).toThrow('use --wait instead of providing "false" to --no-wait');
    expect(() => checkBoolPairs(['--wait', '--', '--no-wait'], defs)).not.toThrow();
  });

  it('accepts --x=true as --x', () => {
    expect(normalizeBoolValues(['--force=true', '--image=true'], defs)).toEqual(['--force', '--image=true']);
  });

  it('finds leftover flags', () => {
    expect(findUnknownFlag(['name', '--bogus=1'])).toBe('unknown flag: --bogus');
    expect(findUnknownFlag(['-x'])).toBe("unknown shorthand flag: 'x' in -x");
    expect(findUnknownFlag(['a', '--', '--b'])).toBeUndefined();
  });
});

import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, forgetDataDir, rememberDataDir, resolveDataDir } from '../../../../src/lib/cluster/local/paths.js';

describe('data dir resolution by cluster name', () => {
  const base = mkdtempSync(join(tmpdir(), 'kn-datadir-'));
  const env = { XDG_DATA_HOME: base };

  it('uses the flag, else the data dir last started under the name, else the default', () => {
    const custom = join(base, 'elsewhere');
    mkdirSync(custom);
    expect(resolveDataDir('knative', undefined, env)).toBe(defaultDataDir('knative', env));
    rememberDataDir('knative', custom, env);
    expect(resolveDataDir('knative', undefined, env)).toBe(custom);
    expect(resolveDataDir('other', undefined, env)).toBe(defaultDataDir('other', env));
    expect(resolveDataDir('knative', '/x/given', env)).toBe('/x/given');
    forgetDataDir('knative', env);
    expect(resolveDataDir('knative', undefined, env)).toBe(defaultDataDir('knative', env));
  });

  it('ignores a pointer to a data dir that no longer exists', () => {
    rememberDataDir('gone', join(base, 'never-created'), env);
    expect(resolveDataDir('gone', undefined, env)).toBe(defaultDataDir('gone', env));
  });
});

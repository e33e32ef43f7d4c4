// Golden file of kn's user-facing error messages (test/golden/messages.txt: "$ kn ..." then stderr).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKn } from '../../../src/lib/cli/testing.js';

// Splits the golden file into commands and their expected stderr.
function cases(): Array<{ argv: string[]; stderr: string }> {
  const text = readFileSync(join('test', 'golden', 'messages.txt'), 'utf8');
  return text
    .split(/^\$ kn/m)
    .filter((b) => b.trim() !== '')
    .map((block) => {
      const nl = block.indexOf('\n');
      return { argv: block.slice(0, nl).trim().split(/\s+/).filter(Boolean), stderr: block.slice(nl + 1) };
    });
}

describe('messages golden', () => {
  it.each(cases().map((c) => [c.argv.join(' '), c] as const))('kn %s', async (_name, c) => {
    const r = await runKn(c.argv);
    expect(r.stderr).toBe(c.stderr);
    expect(r.code).toBe(1);
  });
});

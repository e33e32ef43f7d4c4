// Go text/tabwriter semantics that kn's layouts depend on.
import { describe, expect, it } from '@jest/globals';
import { humanDuration, shortHumanDuration } from '../../../src/lib/output/duration.js';
import { DESCRIBE_OPTIONS, TABLE_OPTIONS, formatTabs } from '../../../src/lib/output/tabwriter.js';

describe('formatTabs', () => {
  it('pads every terminated cell to max(width+padding, minwidth); last cell unpadded', () => {
    expect(formatTabs('A\tBB\tC\nAAAA\tB\t\n', TABLE_OPTIONS)).toBe('A      BB    C\nAAAA   B     \n');
  });

  it('keeps column blocks separate across lines without tabs', () => {
    expect(formatTabs('a:\tx\nlonger-label:\ty\n\nb:\tz\n', DESCRIBE_OPTIONS)).toBe('a:             x\nlonger-label:  y\n\nb:  z\n');
  });

  it('aligns nested columns only within their own block', () => {
    const text = '  100%\thead\n  \tImage:\timg\n  \tReplicas:\t0/0\n';
    expect(formatTabs(text, DESCRIBE_OPTIONS)).toBe('  100%  head\n        Image:     img\n        Replicas:  0/0\n');
  });

  it('counts runes, not UTF-16 units', () => {
    expect(formatTabs('∞\tx\nab\ty\n', DESCRIBE_OPTIONS)).toBe('∞   x\nab  y\n');
  });
});

describe('durations (apimachinery)', () => {
  it.each([
    [45, '45s'],
    [119, '119s'],
    [150, '2m30s'],
    [600, '10m'],
    [3 * 3600 + 1800, '3h30m'],
    [10 * 3600, '10h'],
    [3 * 86400 + 5 * 3600, '3d5h'],
    [30 * 86400, '30d'],
    [(3 * 365 + 10) * 86400, '3y10d'],
  ])('humanDuration(%is) = %s', (secs, want) => {
    expect(humanDuration(secs * 1000)).toBe(want);
  });

  it.each([
    [59, '59s'],
    [150, '2m'],
    [7200, '2h'],
    [86400 * 3, '3d'],
    [86400 * 400, '1y'],
  ])('shortHumanDuration(%is) = %s', (secs, want) => {
    expect(shortHumanDuration(secs * 1000)).toBe(want);
  });
});

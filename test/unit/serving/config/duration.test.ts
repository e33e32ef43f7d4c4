import { formatGoDuration, parseGoDuration } from '../../../../src/lib/serving/duration.js';
import { checkHostTemplate, renderHostTemplate } from '../../../../src/lib/serving/host-template.js';

describe('Go durations', () => {
  it.each<[string, number | undefined]>([
    ['0', 0],
    ['48h', 172_800_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['600ms', 600],
    ['-1s', -1000],
    ['10', undefined],
    ['1 h', undefined],
    ['', undefined],
  ])('parse %j', (text, want) => expect(parseGoDuration(text)).toBe(want));

  it.each<[number, string]>([
    [0, '0s'],
    [6000, '6s'],
    [6500, '6.5s'],
    [3_600_000, '1h0m0s'],
    [5_400_000, '1h30m0s'],
    [90_000, '1m30s'],
    [500, '500ms'],
  ])('format %d', (ms, want) => expect(formatGoDuration(ms)).toBe(want));
});

describe('host templates', () => {
  it('renders fields and annotation lookups', () => {
    expect(renderHostTemplate('{{.Name}}.{{ .Namespace }}.{{index .Annotations "sub"}}.{{.Domain}}', {
      Name: 'a', Namespace: 'b', Domain: 'c.com', Annotations: { sub: 'x' },
    })).toBe('a.b.x.c.com');
  });
  it('rejects unsupported actions', () => expect(() => renderHostTemplate('{{.Name | upper}}', {})).toThrow('unsupported'));
  it.each<[string, string, string | undefined]>([
    ['{{.Name}}.{{.Namespace}}.{{.Domain}}', 'Name', undefined],
    ['{{.Tag}}-{{.Name}}', 'Tag', undefined],
    ['{{.Namespace}}.{{.Domain}}', 'Name', 'must contain {{.Name}}'],
  ])('check %s', (t, field, want) => expect(checkHostTemplate(t, field)).toBe(want));
});

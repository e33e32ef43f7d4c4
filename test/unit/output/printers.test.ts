// -o printers: json, yaml, name, jsonpath (kubectl template syntax), go-template subset.
import { describe, expect, it } from '@jest/globals';
import { makeList } from '../../../src/lib/api/resource-client.js';
import { SERVICE, type Service } from '../../../src/lib/api/serving-types.js';
import { printObject } from '../../../src/lib/output/printers/index.js';

const svc = (name: string, url: string): Service => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', labels: { app: name }, managedFields: [{ manager: 'kn' }] },
  spec: { template: { spec: { containers: [{ image: 'img' }] } } },
  status: { url, conditions: [{ type: 'Ready', status: 'True' }, { type: 'RoutesReady', status: 'False' }] },
});
const list = makeList(SERVICE, [svc('a', 'http://a'), svc('b', 'http://b')]);

describe('printObject', () => {
  it('json: 4-space indent, trailing newline, Go HTML escaping, managedFields hidden', () => {
    const out = printObject({ ...svc('a', 'http://a?x=<1>&y') }, 'json');
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toContain('\n    "apiVersion": "serving.knative.dev/v1",\n');
    expect(out).toContain('"url": "http://a?x=\\u003c1\\u003e\\u0026y"');
    expect(out).not.toContain('managedFields');
    expect(printObject(svc('a', 'u'), 'json', { showManagedFields: true })).toContain('managedFields');
  });

  it('json list is a typed ServiceList', () => {
    const parsed = JSON.parse(printObject(list, 'json')) as { apiVersion: string; kind: string; items: unknown[] };
    expect(parsed).toMatchObject({ apiVersion: 'serving.knative.dev/v1', kind: 'ServiceList' });
    expect(parsed.items).toHaveLength(2);
  });

  it('yaml: sorted keys, sequences not indented', () => {
    const out = printObject(svc('a', 'http://a'), 'yaml');
    expect(out.startsWith('apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n')).toBe(true);
    expect(out).toContain('  conditions:\n  - status: "True"\n    type: Ready\n');
  });

  it('name: kind.group/name per item', () => {
    expect(printObject(list, 'name')).toBe('service.serving.knative.dev/a\nservice.serving.knative.dev/b\n');
    expect(printObject(svc('a', ''), 'name')).toBe('service.serving.knative.dev/a\n');
  });

  it.each([
    ['jsonpath={.items[*].metadata.name}', 'a b'],
    ['jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.url}{"\\n"}{end}', 'a\thttp://a\nb\thttp://b\n'],
    ['jsonpath={.items[0].status.conditions[?(@.type=="Ready")].status}', 'True'],
    ['jsonpath={.items[?(@.metadata.name=="b")].status.url}', 'http://b'],
    ['jsonpath={.items[*].metadata.labels}', '{"app":"a"} {"app":"b"}'],
    ['jsonpath={.kind}', 'ServiceList'],
    ['jsonpath={.items[*].nothing}', ''],
    ['jsonpath={range .items}[{.metadata.name}]{end}', '[a][b]'],
  ])('%s', (format, expected) => {
    expect(printObject(list, format)).toBe(expected);
  });

  it('jsonpath via --template and jsonpath-as-json', () => {
    expect(printObject(list, 'jsonpath', { template: '{.items[1].metadata.name}' })).toBe('b');
    expect(printObject(list, 'jsonpath-as-json={.items[*].metadata.name}')).toBe('[\n    "a",\n    "b"\n]\n');
  });

  it('jsonpath syntax errors are reported', () => {
    expect(() => printObject(list, 'jsonpath={.items')).toThrow(/unclosed action/);
    expect(() => printObject(list, 'jsonpath={end}')).toThrow(/not in range/);
  });

  it.each([
    ['go-template={{.kind}}', 'ServiceList'],
    ['go-template={{range .items}}{{.metadata.name}} {{end}}', 'a b '],
    ['go-template={{range .items}}{{if eq .metadata.name "b"}}{{.status.url}}{{end}}{{end}}', 'http://b'],
    ['go-template={{index .items 0 | len}}', '5'],
    ['go-template={{with index .items 1}}{{.metadata.name}}{{end}}', 'b'],
    ['go-template={{(index .items 0).metadata.labels.app}}', 'a'],
    ['go-template={{printf "%s=%d" .kind 3}}', 'ServiceList=3'],
    ['go-template={{.missing}}', '<no value>'],
    ['template={{- range .items -}} {{ .metadata.name }} {{- end -}}', 'ab'],
  ])('%s', (format, expected) => {
    expect(printObject(list, format)).toBe(expected);
  });

  it('rejects unknown formats with the allowed list', () => {
    expect(() => printObject(list, 'xml')).toThrow(
      'unable to match a printer suitable for the output format "xml", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml',
    );
  });
});

describe('--allow-missing-template-keys=false', () => {
  it('makes missing keys errors in jsonpath and go-template', () => {
    expect(() => printObject(list, 'jsonpath={.nothing}', { allowMissingTemplateKeys: false })).toThrow(/is not found/);
    expect(() => printObject(list, 'go-template={{.nothing}}', { allowMissingTemplateKeys: false })).toThrow('map has no entry for key "nothing"');
    expect(printObject(list, 'go-template={{.kind}}', { allowMissingTemplateKeys: false })).toBe('ServiceList');
  });
});

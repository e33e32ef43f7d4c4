// One entry point for machine output: printObject(obj, format) → text (kubectl's -o formats).
import { readFileSync } from 'node:fs';
import { KnError } from '../../api/errors.js';
import type { KList, KObject } from '../../api/types.js';
import { printJson } from './json.js';
import { printJsonPath } from './jsonpath.js';
import { printName } from './name.js';
import { printGoTemplate } from './template.js';
import { printYaml } from './yaml.js';

/** Formats `-o` accepts (kubectl's list; describe commands may add `url`). */
export const OUTPUT_FORMATS = [
  'json',
  'yaml',
  'name',
  'go-template',
  'go-template-file',
  'template',
  'templatefile',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
];

/** Options from --template / --show-managed-fields. */
export interface PrintOptions {
  template?: string;
  showManagedFields?: boolean;
  /** false (--allow-missing-template-keys=false / --no-...): a missing key in a template is an error. */
  allowMissingTemplateKeys?: boolean;
}

/** Prints an object or a typed list in a machine format. */
export function printObject(obj: KObject | KList, format: string, opts: PrintOptions = {}): string {
  const eq = format.indexOf('=');
  const name = (eq < 0 ? format : format.slice(0, eq)).toLowerCase();
  const arg = eq < 0 ? opts.template : format.slice(eq + 1);
  const data = opts.showManagedFields ? obj : stripManagedFields(obj);
  const strict = opts.allowMissingTemplateKeys === false;
  switch (name) {
    case 'json':
      return printJson(data);
    case 'yaml':
      return printYaml(data);
    case 'name':
      return isList(data) ? data.items.map((i) => printName(i)).join('') : printName(data);
    case 'jsonpath':
      return printJsonPath(requireTemplate(name, arg), data, false, strict);
    case 'jsonpath-as-json':
      return printJsonPath(requireTemplate(name, arg), data, true, strict);
    case 'jsonpath-file':
      return printJsonPath(readTemplateFile(requireTemplate(name, arg)), data, false, strict);
    case 'go-template':
    case 'template':
      return printGoTemplate(requireTemplate(name, arg), data, strict);
    case 'go-template-file':
    case 'templatefile':
      return printGoTemplate(readTemplateFile(requireTemplate(name, arg)), data, strict);
    default:
      throw new KnError(
        `unable to match a printer suitable for the output format "${format}", allowed formats are: ${[...OUTPUT_FORMATS].sort().join(',')}`,
        'BadRequest',
      );
  }
}

function isList(o: KObject | KList): o is KList {
  return Array.isArray((o as KList).items);
}

function requireTemplate(format: string, arg: string | undefined): string {
  if (arg === undefined || arg === '') throw new KnError(`template format specified but no template given`, 'BadRequest');
  void format;
  return arg;
}

function readTemplateFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KnError(`error reading --template ${path}, ${(e as Error).message}`, 'BadRequest');
  }
}

// kubectl hides metadata.managedFields unless --show-managed-fields.
function stripManagedFields<T extends KObject | KList>(o: T): T {
  const strip = (x: KObject): KObject => {
    if (!x.metadata?.managedFields) return x;
    const { managedFields: _drop, ...meta } = x.metadata;
    void _drop;
    return { ...x, metadata: meta };
  };
  if (isList(o)) return { ...o, items: o.items.map(strip) } as T;
  return strip(o) as T;
}

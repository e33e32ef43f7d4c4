// kubectl's YAML printer (sigs.k8s.io/yaml): sorted keys, block sequences not indented, no line folding.
import { yaml } from '../../cli/lazy-modules.js';

/** Serializes one object as YAML. */
export function printYaml(obj: unknown): string {
  return yaml().stringify(obj, { sortMapEntries: true, indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}

/** Several objects separated by `---` (kubectl's multi-object form). */
export function printYamlDocuments(objs: unknown[]): string {
  return objs.map((o, i) => (i === 0 ? '' : '---\n') + printYaml(o)).join('');
}

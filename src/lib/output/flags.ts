// Output flags of list/describe commands (k8s genericclioptions PrintFlags + --no-headers).
import { Flags } from '@oclif/core';
import { OUTPUT_FORMATS } from './printers/index.js';

/** `-o`, `--template`, `--allow-missing-template-keys`, `--show-managed-fields` (describe and list). */
export function machineOutputFlags(extraFormats: string[] = []) {
  return {
    output: Flags.string({
      char: 'o',
      description: `Output format. One of: ${[...OUTPUT_FORMATS, ...extraFormats].join('|')}.`,
    }),
    template: Flags.string({
      description:
        'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
    }),
    'allow-missing-template-keys': Flags.boolean({
      description:
        'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
      default: true,
      allowNo: true,
    }),
    'show-managed-fields': Flags.boolean({
      description: 'If true, keep the managedFields when printing objects in JSON or YAML format.',
      default: false,
    }),
  };
}

/** Flags of list commands: machine output plus --no-headers. */
export function listOutputFlags() {
  return {
    ...machineOutputFlags(),
    'no-headers': Flags.boolean({ description: 'When using the default output format, don\'t print headers (default: print headers).', default: false }),
  };
}

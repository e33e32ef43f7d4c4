// The small subset of Go text/template that config-network's domain-template and tag-template use:
// `{{.Name}}`, `{{.Namespace}}`, `{{.Domain}}`, `{{.Tag}}` and `{{index .Annotations "key"}}`.

/** Values a host template can refer to. */
export interface HostTemplateValues {
  Name?: string;
  Namespace?: string;
  Domain?: string;
  Tag?: string;
  Annotations?: Record<string, string>;
}

const FIELDS = new Set(['Name', 'Namespace', 'Domain', 'Tag']);

/** Renders `template`; throws on an action outside the supported subset. */
export function renderHostTemplate(template: string, values: HostTemplateValues): string {
  return template.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_all, action: string) => {
    const field = /^\.(\w+)$/.exec(action);
    if (field) {
      if (!FIELDS.has(field[1])) throw new Error(`template: can't evaluate field ${field[1]}`);
      return (values as Record<string, string | undefined>)[field[1]] ?? '';
    }
    const index = /^index\s+\.Annotations\s+"([^"]*)"$/.exec(action);
    if (index) return values.Annotations?.[index[1]] ?? '';
    throw new Error(`template: unsupported action {{${action}}}`);
  });
}

/** Checks a domain/tag template the way knative/networking does: it renders to a bare host name. */
export function checkHostTemplate(template: string, requiredField: string): string | undefined {
  if (!new RegExp(`\\.${requiredField}(?!\\w)`).test(template)) return `must contain {{.${requiredField}}}`;
  let host: string;
  try {
    host = renderHostTemplate(template, { Name: 'foo', Namespace: 'bar', Tag: 'baz', Domain: 'baz.com' });
  } catch (e) {
    return (e as Error).message;
  }
  if (host === '') return 'empty hostname';
  if (/[/?#\s@:]/.test(host)) return `domain template has url path or invalid characters: ${host}`;
  return undefined;
}

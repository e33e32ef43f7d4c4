// --revision-name: kn's Go-template names ({{.Service}}, {{.Generation}}, {{.Random n}}).

const RANDOM_CHARS = 'bcdfghjklmnpqrstvwxyz';

/** Random source for {{.Random n}}: returns an integer in [0, n). Injected in tests. */
export type RandomInt = (n: number) => number;

/** Default random source. */
export const mathRandomInt: RandomInt = (n) => Math.floor(Math.random() * n);

/**
 * Expands the template for the next revision of `serviceName` (whose current generation is
 * `generation`, so {{.Generation}} is generation+1) and prefixes `SERVICE-` unless already there.
 * An empty result stays empty (the server then names the revision).
 */
export function generateRevisionName(
  template: string,
  serviceName: string,
  generation: number,
  randomInt: RandomInt = mathRandomInt,
): string {
  const out = template.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_all, action: string) => {
    const m = /^\.(\w+)(?:\s+(\S+))?$/.exec(action);
    if (!m) throw new Error(`template: revisionName:1: unexpected "${action}" in command`);
    const [, field, arg] = m;
    if (field === 'Service' && arg === undefined) return serviceName;
    if (field === 'Generation' && arg === undefined) return String(generation + 1);
    if (field === 'Random' && arg !== undefined && /^\d+$/.test(arg)) {
      let s = '';
      for (let i = 0; i < Number(arg); i++) s += RANDOM_CHARS[randomInt(RANDOM_CHARS.length)];
      return s;
    }
    throw new Error(
      `template: revisionName:1: executing "revisionName" at <.${field}>: can't evaluate field ${field} in type *serving.revisionTemplContext`,
    );
  });
  if (out === '') return out;
  const prefix = `${serviceName}-`;
  return out.startsWith(prefix) ? out : prefix + out;
}

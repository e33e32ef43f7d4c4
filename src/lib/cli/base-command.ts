// Base class of every kn command: global flags, namespace resolution, API clients from the one
// replaceable factory, kn's flag rules (--x/--no-x pairs, unknown flags) and stdout helpers.
// How to write a command: see ./README.md.
import { Command, Flags, type Interfaces } from '@oclif/core';
import { KnError } from '../api/errors.js';
import type { ServingClient } from '../api/serving.js';
import { clientFactory, type KnClients } from './clients.js';
import { checkBoolPairs, findUnknownFlag, normalizeBoolValues, type FlagDefs } from './flag-rules.js';
import { loadKnConfig, type KnConfig } from './kn-config.js';

/** Global flags accepted by every command (spec §1). */
export const globalFlags = {
  kubeconfig: Flags.string({ description: 'kubectl configuration file (default: ~/.kube/config)', helpGroup: 'GLOBAL' }),
  context: Flags.string({ description: 'name of the kubeconfig context to use', helpGroup: 'GLOBAL' }),
  cluster: Flags.string({ description: 'name of the kubeconfig cluster to use', helpGroup: 'GLOBAL' }),
  as: Flags.string({ description: 'username to impersonate for the operation', helpGroup: 'GLOBAL' }),
  'as-group': Flags.string({
    description: 'group to impersonate for the operation, this flag can be repeated to specify multiple groups',
    multiple: true,
    helpGroup: 'GLOBAL',
  }),
  'as-uid': Flags.string({ description: 'uid to impersonate for the operation', helpGroup: 'GLOBAL' }),
  config: Flags.string({ description: 'kn configuration file (default: ~/.config/kn/config.yaml)', helpGroup: 'GLOBAL' }),
  'log-http': Flags.boolean({ description: 'log http traffic', allowNo: true, helpGroup: 'GLOBAL' }),
  'plugins-dir': Flags.string({ description: 'kn plugins directory', hidden: true, helpGroup: 'GLOBAL' }),
};

/** `-n/--namespace` (every namespaced command). */
export const namespaceFlag = {
  namespace: Flags.string({ char: 'n', description: 'Specify the namespace to operate in.' }),
};

/** `-A/--all-namespaces` (list commands only). */
export const allNamespacesFlag = {
  'all-namespaces': Flags.boolean({
    char: 'A',
    description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
    default: false,
  }),
};

// oclif's parser output shapes (not exported from the package root).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FlagOutput = { [name: string]: any };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ArgOutput = { [name: string]: any };

type GlobalFlagValues = Interfaces.InferredFlags<typeof globalFlags>;

/** Base class: subclasses call `this.parseKn(Cls)` and the helpers below. */
export abstract class KnCommand extends Command {
  static override baseFlags = globalFlags;
  // Arity is checked by each command with kn's own messages; unknown flags by parseKn.
  static override strict = false;

  private globals?: GlobalFlagValues;
  private clients?: KnClients;
  private knConfigCache?: KnConfig;

  /** `kn service create` for id `service:create`. */
  get commandPath(): string {
    return ['kn', ...(this.id ?? '').split(':').filter(Boolean)].join(' ');
  }

  /** Parses argv with kn's rules; returns oclif's result with positional args in `argv`. */
  protected async parseKn<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options: Interfaces.Input<F, B, A>,
  ) {
    const defs = { ...globalFlags, ...(options.flags ?? {}) } as FlagDefs;
    const argv = normalizeBoolValues(this.argv, defs);
    checkBoolPairs(argv, defs);
    // parse() spreads only the class's own statics; restate the inherited ones we rely on.
    const input = { ...options, flags: options.flags, baseFlags: options.baseFlags, args: options.args, strict: false };
    let res;
    try {
      res = await this.parse<F, B, A>(input as Interfaces.Input<F, B, A>, argv);
    } catch (e) {
      throw this.shorthandMissingValue(e, defs, argv) ?? e;
    }
    const unknown = findUnknownFlag(res.argv as string[]);
    if (unknown) throw new KnError(`${unknown} for '${this.commandPath}'`, 'BadRequest');
    this.globals = res.flags as unknown as GlobalFlagValues;
    return { ...res, args: res.argv as string[] };
  }

  // pflag names the shorthand the user typed: "flag needs an argument: 'n' in -n".
  private shorthandMissingValue(e: unknown, defs: FlagDefs, argv: string[]): KnError | undefined {
    const m = /Flag --([\w-]+) expects a value/.exec(String((e as Error)?.message ?? ''));
    const char = m ? defs[m[1] ?? '']?.char : undefined;
    if (!char || !argv.includes(`-${char}`)) return undefined;
    return new KnError(`flag needs an argument: '${char}' in -${char} for '${this.commandPath}'`, 'BadRequest');
  }

  /** API clients (connects on first use). */
  protected async kn(): Promise<KnClients> {
    if (!this.clients) {
      const g = this.globals ?? ({} as Partial<GlobalFlagValues>);
      this.clients = await clientFactory()({
        kubeconfig: g.kubeconfig,
        context: g.context,
        cluster: g.cluster,
        as: g.as,
        asGroups: g['as-group'],
        asUid: g['as-uid'],
        logHttp: g['log-http'] ? (line) => process.stderr.write(`${line}\n`) : undefined,
      });
    }
    return this.clients;
  }

  /** Namespace: -n flag, else the kubeconfig context's, else "default"; '' with -A. */
  protected async namespace(flags: { namespace?: string; 'all-namespaces'?: boolean }): Promise<string> {
    if (flags['all-namespaces']) return '';
    if (flags.namespace) return flags.namespace;
    return (await this.kn()).contextNamespace() ?? 'default';
  }

  /** Serving client for a namespace. */
  protected async serving(namespace: string): Promise<ServingClient> {
    return (await this.kn()).serving(namespace);
  }

  /** The kn config file (read on first use only). */
  protected knConfig(): KnConfig {
    this.knConfigCache ??= loadKnConfig(this.globals?.config, process.env, (m) => process.stderr.write(m));
    return this.knConfigCache;
  }

  /** Writes text to stdout as is (no newline added). */
  protected print(text: string): void {
    process.stdout.write(text);
  }

  /** Writes a line to stdout. */
  protected println(line = ''): void {
    process.stdout.write(`${line}\n`);
  }

  // Errors are printed once, kn-style, by src/cli/main.ts: let them propagate.
  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    throw err;
  }
}

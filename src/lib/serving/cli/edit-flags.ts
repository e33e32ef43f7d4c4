// The edit flags of `kn service create|update|apply` after parsing: a field is present only when
// its flag was given on the command line (cobra's `Changed`), which is what decides what kn touches.
import type { EnvArg } from './env.js';

/** Parsed edit flags; absent fields were not given. Hidden aliases are folded into their new names. */
export interface EditFlags {
  image?: string;
  port?: string;
  /** --env, --env-value-from and --env-file in command-line order (env-file as its lines). */
  envArgs?: EnvArg[];
  envFrom?: string[];
  mount?: string[];
  volume?: string[];
  cmd?: string[];
  arg?: string[];
  /** --request entries, comma lists already split. */
  request?: string[];
  /** --limit entries, comma lists already split. */
  limit?: string[];
  serviceAccount?: string;
  pullSecret?: string;
  pullPolicy?: string;
  user?: number;
  securityContext?: string;
  /** Content of the --containers file (or stdin). */
  containers?: string;
  probeLiveness?: string;
  probeLivenessOpts?: string;
  probeReadiness?: string;
  probeReadinessOpts?: string;
  nodeSelector?: string[];
  /** --toleration `Key=..,Operator=..` entries, comma lists already split. */
  toleration?: string[];
  /** --node-affinity `Type=..,Key=..` entries, comma lists already split. */
  nodeAffinity?: string[];

  scale?: string;
  scaleMin?: number;
  scaleMax?: number;
  scaleInit?: number;
  scaleActivation?: number;
  scaleTarget?: number;
  scaleMetric?: string;
  scaleUtilization?: number;
  scaleWindow?: string;
  concurrencyLimit?: number;

  label?: string[];
  labelService?: string[];
  labelRevision?: string[];
  annotation?: string[];
  annotationService?: string[];
  annotationRevision?: string[];
  revisionName?: string;
  clusterLocal?: boolean;
  lockToDigest?: boolean;
  timeout?: number;
  profile?: string;
  /** -f/--filename (create/apply): counts as a revision-making change. */
  filename?: string;
}

// Flags that do not by themselves produce a new revision (upstream never marks them).
const NON_REVISION_FLAGS: ReadonlySet<keyof EditFlags> = new Set<keyof EditFlags>(['pullPolicy', 'clusterLocal', 'lockToDigest']);

/** True when any given flag changes the revision template (kn's AnyMutation). */
export function anyRevisionMutation(flags: EditFlags): boolean {
  return (Object.keys(flags) as (keyof EditFlags)[]).some((k) => flags[k] !== undefined && !NON_REVISION_FLAGS.has(k));
}

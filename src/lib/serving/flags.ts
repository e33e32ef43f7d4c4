// oclif flag definitions of `kn service create|update|apply`, split by concern, with kn's names,
// shorthands and defaults; and readEditFlags, which turns a parse result into EditFlags (only the
// flags actually given, as cobra's `Changed`).
import { readFileSync } from 'node:fs';
import { Flags, type Interfaces } from '@oclif/core';
import type { EditFlags } from './cli/edit-flags.js';
import { envFileLines, type EnvArg } from './cli/env.js';
import { splitCommaValues } from './cli/parse.js';
import type { TrafficFlags } from './traffic.js';

// Repeatable flags stop at the next non-flag word, so `--env A=1 NAME` keeps NAME as the argument.
const repeatable = (description: string, char?: 'e' | 'l' | 'a') =>
  Flags.string({ description, multiple: true, multipleNonGreedy: true, ...(char ? { char } : {}) });

/** Container / pod spec flags shared by create, update and apply. */
export const podSpecFlags = {
  // Repeatable so that a second --image can be reported with kn's own message.
  image: Flags.string({ description: 'Image to run.', multiple: true, multipleNonGreedy: true }),
  port: Flags.string({
    char: 'p',
    description: "The port where the application listens, as 'NAME:PORT' with NAME optional, e.g. '--port h2c:8080', '--port 8080'.",
  }),
  env: repeatable('Environment variable to set, NAME=value (repeatable). NAME- removes the variable.', 'e'),
  'env-file': Flags.string({ description: 'Path to a file of NAME=value lines to set as environment variables.' }),
  'env-value-from': repeatable(
    'Environment variable from a ConfigMap key (NAME=cm:name:key or config-map:) or Secret key (NAME=secret:name:key or sc:) (repeatable). NAME- removes it.',
  ),
  'env-from': repeatable(
    'Add all keys of a ConfigMap (cm:NAME or config-map:NAME) or Secret (secret:NAME) as environment variables (repeatable). A trailing "-" removes the reference, e.g. cm:NAME-.',
  ),
  mount: repeatable(
    'Mount a ConfigMap (cm:/config-map:), Secret (secret:/sc:), emptyDir (ed:/emptyDir:), PersistentVolumeClaim (pvc:/persistentVolumeClaim:) or an existing volume (no prefix) at a path: /path=cm:name[/sub/path][:readOnly=true]. A volume is generated for ConfigMaps, Secrets, emptyDirs and PVCs. /path- unmounts and removes a generated volume (repeatable).',
  ),
  volume: repeatable(
    'Add a volume from a ConfigMap (cm:), Secret (secret:/sc:), emptyDir (ed:/emptyDir:NAME[:type=Memory,size=1Gi]) or PVC (pvc:): NAME=cm:name. NAME- removes it (repeatable).',
  ),
  cmd: repeatable('Command to run instead of the image entrypoint (repeatable: each value is one element).'),
  arg: repeatable('Argument for the container command (repeatable).'),
  request: repeatable("Resource requests, e.g. 'cpu=100m,memory=256Mi' (repeatable). NAME- removes one, e.g. 'memory-'."),
  limit: repeatable("Resource limits, e.g. 'cpu=100m,memory=256Mi' (repeatable). NAME- removes one, e.g. 'memory-'."),
  'service-account': Flags.string({ description: 'Service account name to run the revision as; "" clears it.' }),
  'pull-secret': Flags.string({ description: 'Image pull secret to use; "" clears it.' }),
  'pull-policy': Flags.string({ description: 'Image pull policy: Always, Never or IfNotPresent (case-insensitive).' }),
  user: Flags.integer({ description: 'User ID to run the container as (runAsUser).' }),
  'security-context': Flags.string({
    description: "Predefined security context: 'none' (no security context) or 'strict' (no capabilities, non-root, no privilege escalation).",
    default: 'none',
  }),
  containers: Flags.string({
    description: "File with a PodSpec listing additional containers, or '-' for stdin.",
    aliases: ['extra-containers'],
  }),
  'probe-liveness': Flags.string({
    description: 'Liveness probe: http:host:port:path, https:host:port:path, exec:cmd[,arg...] or tcp:host:port.',
  }),
  'probe-liveness-opts': Flags.string({
    description: 'Liveness probe options: InitialDelaySeconds=N,FailureThreshold=N,SuccessThreshold=N,PeriodSeconds=N,TimeoutSeconds=N.',
  }),
  'probe-readiness': Flags.string({
    description: 'Readiness probe: http:host:port:path, https:host:port:path, exec:cmd[,arg...] or tcp:host:port.',
  }),
  'probe-readiness-opts': Flags.string({
    description: 'Readiness probe options: InitialDelaySeconds=N,FailureThreshold=N,SuccessThreshold=N,PeriodSeconds=N,TimeoutSeconds=N.',
  }),
  'node-selector': repeatable('Node selector, Key="value" (repeatable). Key- removes it.'),
  toleration: repeatable('Toleration, Key=..,Operator=Equal|Exists,Value=..,Effect=NoSchedule|PreferNoSchedule|NoExecute (repeatable).'),
  'node-affinity': repeatable(
    'Node affinity term, Type=Required|Preferred,Key=..,Operator=In|NotIn|Exists|DoesNotExist,Values="a b",Weight=.. (repeatable).',
  ),
};

/** Autoscaling flags (annotations on the revision template, containerConcurrency). */
export const scaleFlags = {
  scale: Flags.string({
    description:
      'Minimum and maximum replicas: N (both N), A..B, A.. (only min) or ..B (only max).',
  }),
  'scale-min': Flags.integer({ description: 'Minimum number of replicas.' }),
  'scale-max': Flags.integer({ description: 'Maximum number of replicas.' }),
  'scale-init': Flags.integer({ description: 'Initial number of replicas a new revision starts with (0 or more).' }),
  'scale-activation': Flags.integer({ description: 'Minimum number of replicas when scaling up from zero.' }),
  'scale-metric': Flags.string({ description: "Metric the autoscaler scales on: 'concurrency' (default) or 'rps'." }),
  'scale-target': Flags.integer({
    description: 'Target value of the scale metric per replica (defaults to --concurrency-limit when that is given).',
    aliases: ['concurrency-target'],
  }),
  'scale-utilization': Flags.integer({
    description: 'Percentage of the target to reach before scaling up.',
    default: 70,
    aliases: ['concurrency-utilization'],
  }),
  'scale-window': Flags.string({
    description: 'Time window the autoscaler averages over, e.g. 10s; scale to zero after this long without requests.',
    aliases: ['autoscale-window'],
  }),
  'concurrency-limit': Flags.integer({ description: 'Hard limit of concurrent requests per replica (0 = unlimited).' }),
};

/** Labels, annotations, naming, visibility and other metadata-level flags. */
export const metadataFlags = {
  label: repeatable('Label for both the Service and the revision, name=value (repeatable). name- removes it.', 'l'),
  'label-service': repeatable('Label for the Service only, name=value (repeatable); wins over --label. name- removes it.'),
  'label-revision': repeatable('Label for the revision only, name=value (repeatable); wins over --label. name- removes it.'),
  annotation: repeatable('Annotation for both the Service and the revision, name=value (repeatable). name- removes it.', 'a'),
  'annotation-service': repeatable('Annotation for the Service only, name=value (repeatable); wins over --annotation.'),
  'annotation-revision': repeatable('Annotation for the revision only, name=value (repeatable); wins over --annotation.'),
  'revision-name': Flags.string({
    description:
      'Name of the new revision; must start with the service name and a dash (added when missing). Empty lets the server choose. Go template with {{.Service}}, {{.Generation}} and {{.Random n}}, e.g. {{.Service}}-{{.Random 5}}-{{.Generation}}.',
  }),
  'cluster-local': Flags.boolean({
    description: 'Make the service private (cluster-local); --no-cluster-local makes it public again.',
    allowNo: true,
  }),
  'lock-to-digest': Flags.boolean({
    description:
      'Keep running the same image digest when the image is not changed (default); --no-lock-to-digest pulls the tag afresh for each new revision. Digests are resolved by the cluster, not by kn.',
    allowNo: true,
  }),
  timeout: Flags.integer({
    description: 'Seconds the routing layer waits for a request to the container to begin replying.',
    default: 300,
  }),
  profile: Flags.string({ description: "Profile adding labels and annotations (built in: 'istio'); NAME- removes it." }),
};

/** --tag (create and update). */
export const tagFlag = {
  tag: repeatable("Tag a revision: REVISION=TAG, '@latest=TAG' for the latest ready revision (repeatable, comma lists allowed)."),
};

/** --traffic and --untag (update only). */
export const trafficOnlyFlags = {
  traffic: repeatable(
    "Traffic split: REVISION|TAG|@latest=PERCENT, a bare PERCENT means @latest (repeatable, comma lists allowed). Percents must sum to 100; the one revision left out gets the rest.",
  ),
  untag: repeatable('Remove tags (repeatable, comma lists allowed).'),
};

/** create/apply only: --force and -f. */
export const fileFlags = {
  force: Flags.boolean({ description: 'Replace the service if it already exists.' }),
  filename: Flags.string({
    char: 'f',
    description: 'Create the service from a YAML or JSON file; other flags are applied on top, e.g. -f svc.yaml --env NAME=value.',
  }),
};

/** All edit flags of `kn service create` (besides namespace/wait flags owned elsewhere). */
export const createEditFlags = { ...podSpecFlags, ...scaleFlags, ...metadataFlags, ...fileFlags, ...tagFlag };
/** All edit flags of `kn service update`. */
export const updateEditFlags = { ...podSpecFlags, ...scaleFlags, ...metadataFlags, ...tagFlag, ...trafficOnlyFlags };
/** All edit flags of `kn service apply` (no --tag; --revision-name is accepted and ignored). */
export const applyEditFlagDefs = { ...podSpecFlags, ...scaleFlags, ...metadataFlags, ...fileFlags };

/** File access used while reading flags (--env-file, --containers); injectable for tests. */
export interface FlagIO {
  readFile(path: string): string;
  readStdin(): string;
}

/** Largest file kn reads for a flag (env files, container lists). */
export const MAX_FLAG_FILE_BYTES = 1024 * 1024;

/** Reads files from disk (Go's wording for a missing file) and stdin from fd 0, both size-capped. */
export const nodeFlagIO: FlagIO = {
  readFile: (path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new Error(`open ${path}: no such file or directory`);
      if (code === 'EACCES') throw new Error(`open ${path}: permission denied`);
      throw e;
    }
    return capped(text, path);
  },
  readStdin: () => capped(readFileSync(0, 'utf8'), 'stdin'),
};

function capped(text: string, what: string): string {
  if (Buffer.byteLength(text) > MAX_FLAG_FILE_BYTES) throw new Error(`${what} is larger than ${MAX_FLAG_FILE_BYTES} bytes`);
  return text;
}

/** A malformed flag value (kn appends ` for '<command path>'` to these, as to other flag errors). */
export class FlagValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagValueError';
  }
}

type Raw = Readonly<Interfaces.ParserOutput['raw']>;

/** Names of the flags present on the command line (aliases resolve to the flag's own name). */
export function givenFlags(raw: Raw): Set<string> {
  const out = new Set<string>();
  for (const t of raw) if (t.type === 'flag') out.add(t.flag);
  return out;
}

/** The values of the given edit flags, from oclif's parsed flags and raw tokens. */
export function readEditFlags(flags: Record<string, unknown>, raw: Raw, io: FlagIO = nodeFlagIO): EditFlags {
  // --x/--no-x conflicts are rejected by the base command before parsing (flag-rules.ts).
  const given = givenFlags(raw);
  const out: EditFlags = {};
  const str = (name: string) => (given.has(name) ? (flags[name] as string) : undefined);
  const num = (name: string) => (given.has(name) ? (flags[name] as number) : undefined);
  const arr = (name: string) => (given.has(name) ? [...((flags[name] as string[] | undefined) ?? [])] : undefined);
  const bool = (name: string) => (given.has(name) ? Boolean(flags[name]) : undefined);

  const images = arr('image');
  if (images) {
    if (images.length > 1) throw new FlagValueError(`invalid argument "${images[1]}" for "--image" flag: can be provided only once`);
    out.image = images[0];
  }
  const envArgs = readEnvArgs(raw, io);
  const set = <K extends keyof EditFlags>(key: K, value: EditFlags[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('port', str('port'));
  set('envArgs', envArgs.length > 0 ? envArgs : undefined);
  set('envFrom', arr('env-from'));
  set('mount', arr('mount'));
  set('volume', arr('volume'));
  set('cmd', arr('cmd'));
  set('arg', arr('arg'));
  set('request', given.has('request') ? splitCommaValues(flags.request as string[]) : undefined);
  set('limit', given.has('limit') ? splitCommaValues(flags.limit as string[]) : undefined);
  set('serviceAccount', str('service-account'));
  set('pullSecret', str('pull-secret'));
  set('pullPolicy', str('pull-policy'));
  set('user', num('user'));
  set('securityContext', str('security-context'));
  const containers = str('containers');
  if (containers !== undefined) out.containers = containers === '-' ? io.readStdin() : io.readFile(containers);
  set('probeLiveness', str('probe-liveness'));
  set('probeLivenessOpts', str('probe-liveness-opts'));
  set('probeReadiness', str('probe-readiness'));
  set('probeReadinessOpts', str('probe-readiness-opts'));
  set('nodeSelector', arr('node-selector'));
  set('toleration', given.has('toleration') ? splitCommaValues(flags.toleration as string[]) : undefined);
  set('nodeAffinity', given.has('node-affinity') ? splitCommaValues(flags['node-affinity'] as string[]) : undefined);

  set('scale', str('scale'));
  set('scaleMin', num('scale-min'));
  set('scaleMax', num('scale-max'));
  set('scaleInit', num('scale-init'));
  set('scaleActivation', num('scale-activation'));
  set('scaleTarget', num('scale-target'));
  set('scaleMetric', str('scale-metric'));
  set('scaleUtilization', num('scale-utilization'));
  set('scaleWindow', str('scale-window'));
  set('concurrencyLimit', num('concurrency-limit'));

  set('label', arr('label'));
  set('labelService', arr('label-service'));
  set('labelRevision', arr('label-revision'));
  set('annotation', arr('annotation'));
  set('annotationService', arr('annotation-service'));
  set('annotationRevision', arr('annotation-revision'));
  set('revisionName', str('revision-name'));
  set('clusterLocal', bool('cluster-local'));
  set('lockToDigest', bool('lock-to-digest'));
  set('timeout', num('timeout'));
  set('profile', str('profile'));
  set('filename', str('filename'));
  return out;
}

// --env, --env-value-from and --env-file keep their relative order: new variables are appended so.
function readEnvArgs(raw: Raw, io: FlagIO): EnvArg[] {
  const out: EnvArg[] = [];
  for (const t of raw) {
    if (t.type !== 'flag') continue;
    if (t.flag === 'env' || t.flag === 'env-value-from') {
      out.push({ source: t.flag, values: [t.input] });
    } else if (t.flag === 'env-file') {
      let content: string;
      try {
        content = io.readFile(t.input);
      } catch (e) {
        throw new Error(`Invalid --env-file: ${(e as Error).message}`);
      }
      out.push({ source: 'env-file', values: envFileLines(content) });
    }
  }
  return out;
}

/** The traffic flags given (comma lists split). */
export function readTrafficFlags(flags: Record<string, unknown>, raw: Raw): TrafficFlags {
  const given = givenFlags(raw);
  const out: TrafficFlags = {};
  for (const name of ['traffic', 'tag', 'untag'] as const) {
    if (given.has(name)) out[name] = splitCommaValues(flags[name] as string[]);
  }
  return out;
}

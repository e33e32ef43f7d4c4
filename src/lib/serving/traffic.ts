// spec.traffic from --traffic/--tag/--untag, following knative/client pkg/traffic (Compute): untag
// first, then tags (@latest before others), then percents; remaining traffic goes to the one
// revision left out; error texts as upstream.
import type { Revision, Service, TrafficTarget } from './types.js';

const LATEST = '@latest';

/** The traffic flags as given (comma lists already split); absent = not given. */
export interface TrafficFlags {
  traffic?: string[];
  tag?: string[];
  untag?: string[];
}

/** Inputs of computeTraffic besides the flags. */
export interface TrafficContext {
  /** `create` treats --tag as also routing 100% to @latest. */
  verb: 'create' | 'update';
  /** All revisions of the service (update), used to place the remaining percent. */
  revisions?: readonly Revision[];
  /** True when the same command also makes a new revision (kn's AnyMutation). */
  mutation: boolean;
}

/** True when any traffic flag was given. */
export function trafficFlagsGiven(flags: TrafficFlags): boolean {
  return flags.traffic !== undefined || flags.tag !== undefined || flags.untag !== undefined;
}

function splitByEqualSign(pair: string): [string, string] {
  const parts = pair.split('=');
  if (parts.length === 1) return [LATEST, parts[0]];
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new Error(`expecting the value format in value1=value2, given ${pair}`);
  }
  return [parts[0], parts[1].replace(/%$/, '')];
}

const isLatest = (t: TrafficTarget) => t.latestRevision ?? !t.revisionName;

function newTarget(tag: string, revision: string, percent: number, latest: boolean): TrafficTarget {
  const t: TrafficTarget = {};
  if (tag !== '') t.tag = tag;
  if (!latest) t.revisionName = revision;
  t.latestRevision = latest;
  t.percent = percent;
  return t;
}

function repetitionError(flag: string, name: string): Error {
  const what = name === LATEST ? `identifier ${LATEST}` : `revision reference ${name}`;
  return new Error(`repetition of ${what} is not allowed, use only once with ${flag} flag`);
}

function distributionError(sum: number, reason: 'count' | 'notFound'): Error {
  const why =
    reason === 'count'
      ? 'incorrect number of revisions specified. Only 1 revision should be missing'
      : 'cannot determine the missing revision';
  return new Error(`unable to allocate the remaining traffic: ${100 - sum}%. Reason: ${why}`);
}

// Go's strconv.Atoi.
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** Checks the flags and returns the percent list, completed with the remaining traffic if needed. */
function verifyInput(service: Service, flags: TrafficFlags, ctx: TrafficContext, percentages: string[]): string[] {
  const existing = service.status?.traffic ?? [];
  let latestTagged = false;
  for (const each of flags.tag ?? []) {
    const [rev] = splitByEqualSign(each);
    if (latestTagged && rev === LATEST) throw repetitionError('--tag', LATEST);
    if (rev === LATEST) latestTagged = true;
  }

  const refs = new Map<string, number>();
  let sum = 0;
  percentages.forEach((each, i) => {
    const [ref, percent] = splitByEqualSign(each);
    if (refs.has(ref)) throw repetitionError('--traffic', ref);
    refs.set(ref, i);
    const n = atoi(percent);
    if (n === undefined) throw new Error(`error converting given ${percent} to integer value for traffic distribution`);
    if (n < 0 || n > 100) throw new Error(`invalid value for traffic percent ${n}, expected 0 <= percent <= 100`);
    sum += n;
  });

  if (sum === 100) return percentages;
  if (sum > 100) throw new Error(`given traffic percents sum to ${sum}, want <=100`);
  const given = percentages.length;
  if (given === 0) return percentages;
  if (given < existing.length - 1) throw distributionError(sum, 'count');

  if (ctx.mutation) {
    if (given !== existing.length) throw distributionError(sum, 'count');
    // The new revision is the only one left: it gets the rest.
    if (!refs.has(LATEST)) return [...percentages, `${LATEST}=${100 - sum}`];
  } else {
    if (given !== existing.length - 1) throw distributionError(sum, 'count');
    if (refs.has(LATEST) && service.status?.latestReadyRevisionName) refs.set(service.status.latestReadyRevisionName, 0);
  }

  // The rest goes to the routed revision referenced neither by name nor by one of its tags.
  for (const target of existing) {
    const rev = (ctx.revisions ?? []).find((r) => r.metadata.name === target.revisionName);
    if (!rev) break;
    const name = rev.metadata.name ?? '';
    const tags = existing.filter((t) => t.revisionName === name && t.tag).map((t) => t.tag as string);
    if (!refs.has(name) && !tags.some((t) => refs.has(t))) return [...percentages, `${name}=${100 - sum}`];
  }
  throw distributionError(sum, 'notFound');
}

/**
 * Computes the new spec.traffic for `service` from the traffic flags. Returns undefined when no
 * target remains (kn then leaves traffic to Serving's default: 100% to the latest revision).
 */
export function computeTraffic(service: Service, flags: TrafficFlags, ctx: TrafficContext): TrafficTarget[] | undefined {
  const tags = flags.tag ?? [];
  const percentages = verifyInput(service, flags, ctx, [...(flags.traffic ?? [])]);
  let traffic: TrafficTarget[] = structuredClone(service.spec.traffic ?? []);
  const tagPresent = (tag: string) => traffic.some((t) => (t.tag ?? '') === tag);

  const missing: string[] = [];
  for (const tag of flags.untag ?? []) {
    const t = traffic.find((x) => (x.tag ?? '') === tag);
    if (t) delete t.tag;
    else missing.push(tag);
  }
  if (missing.length > 0) {
    throw new Error(`tag(s) ${missing.join(', ')} not present for any revisions of service ${service.metadata.name ?? ''}`);
  }

  for (const each of tags) {
    const [rev, tag] = splitByEqualSign(each);
    if (rev === LATEST) {
      const existingTag = traffic.find(isLatest)?.tag ?? '';
      if (existingTag === tag) continue;
      if (tagPresent(tag)) throw overwriteError(tag);
      if (existingTag !== '') {
        throw new Error(
          `tag '${existingTag}' exists on latest ready revision of service, refusing to overwrite existing tag with '${tag}', add flag '--untag ${existingTag}' in command to untag it`,
        );
      }
      const latest = traffic.find(isLatest);
      if (latest) latest.tag = tag;
      else traffic.push(newTarget(tag, '', 0, true));
      continue;
    }
    if (traffic.some((t) => (t.tag ?? '') === tag && t.revisionName === rev)) continue;
    if (tagPresent(tag)) throw overwriteError(tag);
    const untagged = traffic.find((t) => t.revisionName === rev);
    // A revision already carrying another tag gets a second target for the new one.
    if (untagged && !untagged.tag) untagged.tag = tag;
    else traffic.push(newTarget(tag, rev, 0, false));
  }

  if (flags.traffic !== undefined || (ctx.verb === 'create' && tags.length > 0)) {
    for (const t of traffic) t.percent = 0;
    for (const each of percentages) {
      const [ref, percentText] = splitByEqualSign(each);
      const percent = Number(percentText);
      if (ref === LATEST) {
        const latest = traffic.find(isLatest);
        if (latest) latest.percent = percent;
        else traffic.push(newTarget('', '', percent, true));
        continue;
      }
      // Tags are unique, so a tag wins over a revision of the same name.
      const byTag = traffic.find((t) => t.tag === ref);
      if (byTag) {
        byTag.percent = percent;
        continue;
      }
      const byName = traffic.find((t) => t.revisionName === ref);
      if (byName) byName.percent = percent;
      else traffic.push(newTarget('', ref, percent, false));
    }
  }

  traffic = traffic.filter((t) => (t.tag ?? '') !== '' || (t.percent ?? 0) !== 0);
  return traffic.length > 0 ? traffic : undefined;
}

function overwriteError(tag: string): Error {
  return new Error(`refusing to overwrite existing tag in service, add flag '--untag ${tag}' in command to untag it`);
}

// kn's describe writer: a prefix writer over Go tabwriter (minwidth 0, tabwidth 8, padding 2), plus the
// metadata and conditions blocks shared by every describe command (spec §3).
import type { Condition, ObjectMeta } from '../api/types.js';
import { shortHumanDuration } from './duration.js';
import { DESCRIBE_OPTIONS, formatTabs } from './tabwriter.js';

/** Max width of compact map/slice values (knative/client TruncateAt). */
export const TRUNCATE_AT = 100;

/** Collects describe output; sections are child writers with a longer prefix. */
export class DescribeWriter {
  private constructor(
    private readonly sink: { pending: string; out: string },
    private readonly prefix: string,
  ) {}

  /** A root writer. */
  static create(): DescribeWriter {
    return new DescribeWriter({ pending: '', out: '' }, '');
  }

  /** `Label:` TAB value; returns a writer for attributes nested under it (2 more spaces). */
  writeAttribute(label: string, value: string): DescribeWriter {
    this.writeColsLn(`${label}:`, value);
    return new DescribeWriter(this.sink, `${this.prefix}  `);
  }

  /** TAB-separated columns; returns a writer whose lines start one TAB column further in. */
  writeColsLn(...cols: string[]): DescribeWriter {
    this.sink.pending += `${this.prefix}${cols.join('\t')}\n`;
    return new DescribeWriter(this.sink, `${this.prefix}\t`);
  }

  /** Preformatted text at this writer's indentation (no column alignment unless it has TABs). */
  writef(text: string): void {
    this.sink.pending += this.prefix + text;
  }

  /** A raw line (blank by default): ends the current alignment block. */
  writeLine(text = ''): void {
    this.sink.pending += `${text}\n`;
  }

  /** Aligns everything written since the last flush. */
  flush(): void {
    if (this.sink.pending === '') return;
    this.sink.out += formatTabs(this.sink.pending, DESCRIBE_OPTIONS);
    this.sink.pending = '';
  }

  /** Flushes and returns all output. */
  toString(): string {
    this.flush();
    return this.sink.out;
  }
}

/** Describe age ("5m"), empty without a timestamp. */
export function describeAge(ts: string | undefined, now: Date): string {
  if (!ts) return '';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '' : shortHumanDuration(now.getTime() - t);
}

const BORING_DOMAINS = new Set(['serving.knative.dev', 'client.knative.dev', 'kubectl.kubernetes.io']);

function isBoring(key: string): boolean {
  const parts = key.split('/');
  return parts.length > 1 && BORING_DOMAINS.has(parts[0] ?? '');
}

/** Name, Namespace, Labels, Annotations, Age. */
export function writeMetadata(dw: DescribeWriter, meta: ObjectMeta, verbose: boolean, now: Date): void {
  dw.writeAttribute('Name', meta.name ?? '');
  dw.writeAttribute('Namespace', meta.namespace ?? '');
  writeMap(dw, meta.labels, 'Labels', verbose);
  writeMap(dw, meta.annotations, 'Annotations', verbose);
  dw.writeAttribute('Age', describeAge(meta.creationTimestamp, now));
}

/** A map: one `k=v` per line with -v, else a truncated single line; boring keys hidden unless -v. */
export function writeMap(dw: DescribeWriter, m: Record<string, string> | undefined, label: string, verbose: boolean): void {
  if (!m) return;
  const keys = Object.keys(m)
    .filter((k) => verbose || !isBoring(k))
    .sort();
  if (keys.length === 0) return;
  if (verbose) {
    keys.forEach((k, i) => dw.writeColsLn(i === 0 ? `${label}:` : '', `${k}=${m[k]}`));
    return;
  }
  dw.writeColsLn(`${label}:`, joinAndTruncate(keys, m, TRUNCATE_AT - label.length - 2));
}

function joinAndTruncate(keys: string[], m: Record<string, string>, width: number): string {
  let ret = '';
  for (const k of keys) {
    ret += `${k}=${m[k]}, `;
    if (ret.length > width) break;
  }
  ret = ret.replace(/[, ]+$/, '');
  return ret.length <= width ? ret : `${ret.slice(0, width - 4)} ...`;
}

/** A list: one per line with -v, else joined with ", " and truncated at 100 chars. */
export function writeSlice(dw: DescribeWriter, values: string[], label: string, verbose: boolean): void {
  if (values.length === 0) return;
  if (verbose) {
    values.forEach((v, i) => dw.writeColsLn(i === 0 ? `${label}:` : '', v));
    return;
  }
  let joined = values.join(', ');
  if (joined.length > TRUNCATE_AT) joined = `${joined.slice(0, TRUNCATE_AT - 4)} ...`;
  dw.writeAttribute(label, joined);
}

const SEVERITY_ORDER: Record<string, number> = { '': 0, Error: 0, Warning: 1, Info: 2 };

/** Ready first, then by severity (Error, Warning, Info), then by type. */
export function sortConditions(conds: Condition[]): Condition[] {
  return [...conds].sort((a, b) => {
    if (a.type === 'Ready') return b.type === 'Ready' ? 0 : -1;
    if (b.type === 'Ready') return 1;
    const sa = SEVERITY_ORDER[a.severity ?? ''] ?? 3;
    const sb = SEVERITY_ORDER[b.severity ?? ''] ?? 3;
    if (sa !== sb) return sa - sb;
    return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
  });
}

/** OK marker of a condition row. */
export function conditionMarker(c: Condition): string {
  if (c.status === 'True') return '++';
  if (c.status === 'False') {
    switch (c.severity ?? '') {
      case '':
      case 'Error':
        return '!!';
      case 'Warning':
        return ' W';
      case 'Info':
        return ' I';
      default:
        return ' !';
    }
  }
  return '??';
}

/** The Conditions block (always last on a describe page). */
export function writeConditions(dw: DescribeWriter, conditions: Condition[] | undefined, verbose: boolean, now: Date): void {
  const section = dw.writeAttribute('Conditions', '');
  const sorted = sortConditions(conditions ?? []);
  const w = Math.max(0, ...sorted.map((c) => c.type.length));
  const row = (ok: string, type: string, age: string, reason: string) =>
    `${ok.padEnd(2)} ${type.padEnd(w)} ${age.padStart(6)} ${reason}\n`;
  section.writef(row('OK', 'TYPE', 'AGE', 'REASON'));
  for (const c of sorted) {
    let reason = c.reason ?? '';
    if (verbose && reason !== '') reason = `${reason} (${c.message ?? ''})`;
    section.writef(row(conditionMarker(c), c.type, describeAge(c.lastTransitionTime, now), reason));
  }
}

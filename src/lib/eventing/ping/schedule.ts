// PingSource schedules: robfig/cron syntax as the upstream adapter parses it (5 fields, optional
// leading seconds field, @descriptors except @every, optional "CRON_TZ=<zone> " prefix), on top of
// cron-parser for the arithmetic.
import { CronExpressionParser } from 'cron-parser';
import { FieldError, invalidValue } from '../field-error.js';

/** A parsed schedule. */
export interface PingSchedule {
  /** Cron expression without the time-zone prefix. */
  expression: string;
  /** IANA zone the expression is evaluated in (UTC by default). */
  timezone: string;
}

// robfig/cron descriptors (cron-parser knows more, which upstream would reject).
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** True when `tz` is an IANA time zone this runtime knows. */
export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses spec.schedule (+ spec.timezone, which upstream turns into a CRON_TZ= prefix).
 * Throws a FieldError under spec.schedule or spec.timezone.
 */
export function parsePingSchedule(schedule: string | undefined, timezone?: string): PingSchedule {
  let expr = (schedule ?? '* * * * *').trim();
  let tz = 'UTC';
  if (timezone) {
    if (!isValidTimezone(timezone)) throw invalidValue(timezone, 'spec.timezone', `unknown time zone ${timezone}`);
    tz = timezone;
  }
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expr);
  if (prefix) {
    if (timezone) throw invalidValue(expr, 'spec.schedule', 'the time zone is set both in spec.timezone and in the schedule');
    if (!isValidTimezone(prefix[1])) throw invalidValue(`provided bad location ${prefix[1]}: unknown time zone ${prefix[1]}`, 'spec.schedule');
    tz = prefix[1];
    expr = prefix[2].trim();
  }
  if (expr.startsWith('@')) {
    if (expr.startsWith('@every')) throw invalidValue('unsupported descriptor @every', 'spec.schedule');
    const d = DESCRIPTORS[expr];
    if (!d) throw invalidValue(`unrecognized descriptor: ${expr}`, 'spec.schedule');
    expr = d;
  }
  const fields = expr.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5 && fields.length !== 6) {
    throw invalidValue(`expected 5 to 6 fields, found ${fields.length}: [${fields.join(' ')}]`, 'spec.schedule');
  }
  try {
    CronExpressionParser.parse(fields.join(' '), { tz, strict: false });
  } catch (e) {
    throw invalidValue((e as Error).message, 'spec.schedule');
  }
  return { expression: fields.join(' '), timezone: tz };
}

/** The first fire time strictly after `after`. */
export function nextFireTime(schedule: PingSchedule, after: Date): Date {
  return CronExpressionParser.parse(schedule.expression, { tz: schedule.timezone, currentDate: after }).next().toDate();
}

/** FieldError type guard (for callers collecting validation errors). */
export const isFieldError = (e: unknown): e is FieldError => e instanceof FieldError;

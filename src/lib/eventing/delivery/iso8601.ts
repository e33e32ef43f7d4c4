// ISO-8601 durations ("PT0.2S", "P1DT2H", "PT1M30.5S") as DeliverySpec uses them. Calendar units are
// approximated like upstream's period.DurationApprox (year 365.2425 days, month 1/12 of that).

const DAY_MS = 86_400_000;
const UNIT_MS = {
  Y: 365.2425 * DAY_MS,
  M: (365.2425 / 12) * DAY_MS,
  W: 7 * DAY_MS,
  D: DAY_MS,
  H: 3_600_000,
  TM: 60_000,
  S: 1000,
} as const;

const PATTERN =
  /^([-+]?)P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/** Parses an ISO-8601 duration into milliseconds (may be negative); undefined when malformed. */
export function parseIsoDuration(text: string): number | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(2);
  if (parts.every((p) => p === undefined)) return undefined;
  // "PT" with nothing after the T is not a duration.
  if (/T$/i.test(text.trim())) return undefined;
  const units = [UNIT_MS.Y, UNIT_MS.M, UNIT_MS.W, UNIT_MS.D, UNIT_MS.H, UNIT_MS.TM, UNIT_MS.S];
  let ms = 0;
  parts.forEach((p, i) => {
    if (p !== undefined) ms += Number(p.replace(',', '.')) * units[i];
  });
  ms = Math.round(ms);
  return m[1] === '-' ? -ms : ms;
}

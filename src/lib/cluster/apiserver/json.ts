// JSON value helpers shared by the write path.

/** Deep copy of a JSON value (several times faster than structuredClone for parsed JSON). */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

// Re-checks a condition after each turn of the event loop until it holds or the time limit passes.
export async function eventually<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, limitMs = 3000): Promise<T> {
  const end = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`condition not met within ${limitMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise<void>((r) => setImmediate(r));
  }
}

// Deletes several objects, printing a line per success and aggregating failures like kn
// ("Error: a\nError: b"), optionally waiting for each deletion on a watch.
import { KnError, toKnError } from '../api/errors.js';
import type { ResourceClient } from '../api/resource-client.js';
import type { KObject } from '../api/types.js';
import { waitForDeleted, type WaitOptions } from '../api/wait.js';

/** Deletes `names`; `success(name)` gives the line printed for each. Throws the aggregated error. */
export async function deleteMany<T extends KObject>(
  client: ResourceClient<T>,
  names: string[],
  success: (name: string) => string,
  print: (line: string) => void,
  wait?: WaitOptions,
): Promise<void> {
  const errors: string[] = [];
  for (const name of names) {
    try {
      await client.delete(name);
      if (wait) await waitForDeleted(client, name, wait);
      print(success(name));
    } catch (e) {
      errors.push(toKnError(e).message);
    }
  }
  if (errors.length === 1) throw new KnError(errors[0] ?? '');
  if (errors.length > 1) throw new KnError(errors.map((m) => `Error: ${m}`).join('\n'));
}

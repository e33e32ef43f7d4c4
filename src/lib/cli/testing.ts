// Test support: run the real kn dispatcher in-process against fake clients, capturing output.
import { createFakeEventingClient, type FakeEventingClient } from '../api/fake-eventing.js';
import { createFakeServingClient, type FakeServingClient } from '../api/fake-serving.js';
import type { FakeStore } from '../api/fake-resource.js';
import { setClientFactory, type KnClients } from './clients.js';

/** What a kn run produced. */
export interface KnRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fakes a run uses: a store shared by all namespaces and the context namespace. */
export interface FakeKnOptions {
  store?: FakeStore;
  contextNamespace?: string;
}

/** KnClients whose API clients are in-memory fakes. */
export interface FakeKnClients extends KnClients {
  serving(ns: string): FakeServingClient;
  eventing(ns: string): FakeEventingClient;
}

/** KnClients over in-memory fakes; serving(ns)/eventing(ns) return fakes on the shared store. */
export function fakeClients(opts: FakeKnOptions = {}): FakeKnClients {
  const first = createFakeServingClient('default', opts.store);
  const store = first.store;
  return {
    contextNamespace: () => opts.contextNamespace,
    serving: (ns) => createFakeServingClient(ns, store),
    eventing: (ns) => createFakeEventingClient(ns, store),
  };
}

/** Runs `kn argv` through src/cli/main.ts with the given clients; stdout/stderr are captured. */
export async function runKn(argv: string[], clients: KnClients = fakeClients()): Promise<KnRun> {
  const { main } = await import('../../cli/main.js');
  let stdout = '';
  let stderr = '';
  const outWrite = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  const capture = (append: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture((s) => (stdout += s));
  // Node's own warnings (e.g. jest's VM-modules notice) are not kn output.
  process.stderr.write = capture((s) => {
    if (!/^\(node:\d+\) \w*Warning|^\(Use `node --trace-warnings/.test(s)) stderr += s;
  });
  // oclif's help writes through console.log, which jest replaces with its own console.
  const log = console.log;
  console.log = (...args: unknown[]) => {
    stdout += `${args.map(String).join(' ')}\n`;
  };
  const restore = setClientFactory(async () => clients);
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    restore();
    console.log = log;
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
  }
}

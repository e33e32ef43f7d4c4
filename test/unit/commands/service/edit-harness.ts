// Runs a kn command class in-process with stdout captured, and a tiny "controller" for the fake
// ServingClient that marks services Ready (so waits finish on events, not sleeps).
import { jest } from '@jest/globals';
import type { Command, Config } from '@oclif/core';
import type { FakeServingClient } from '../../../../src/lib/api/fake-serving.js';
import type { Service } from '../../../../src/lib/api/serving-types.js';

/** Runs `cls` with argv; resolves with what it wrote to stdout (rejects with its error). */
export async function runCommand(cls: new (argv: string[], config: Config) => Command, id: string, argv: string[], config: Config): Promise<{ stdout: string }> {
  let stdout = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    const cmd = new cls(argv, config);
    cmd.id = id;
    await cmd.run();
    return { stdout };
  } finally {
    spy.mockRestore();
  }
}

/**
 * Whenever a service's spec changes, posts the given Ready=Unknown messages then Ready=True with a
 * URL and `latestRevision` as the latest ready revision, as Serving would. Returns a stop function.
 */
export function markReadyOnChange(
  client: FakeServingClient,
  messages: string[] = [],
  latestRevision = (svc: Service) => `${svc.metadata.name}-00001`,
): () => void {
  let stopped = false;
  const react = (svc: Service) => {
    const gen = svc.metadata.generation ?? 1;
    if (svc.status?.observedGeneration === gen) return;
    const name = svc.metadata.name ?? '';
    const steps = [
      ...messages.map((m) => ({ type: 'Ready', status: 'Unknown' as const, message: m })),
      { type: 'Ready', status: 'True' as const },
    ];
    let base = svc;
    const next = () => {
      if (stopped) return;
      const step = steps.shift();
      if (!step) return;
      const latest = step.status === 'True' ? latestRevision(svc) : undefined;
      base = client.services.put({
        ...base,
        status: {
          observedGeneration: gen,
          conditions: [step],
          url: `http://${name}.${svc.metadata.namespace}.127.0.0.1.sslip.io`,
          ...(latest ? { latestReadyRevisionName: latest, latestCreatedRevisionName: latest } : {}),
        },
      } as Service);
      setImmediate(next);
    };
    setImmediate(next);
  };
  const stop = client.store.subscribe((k) => k.startsWith('services/'), {
    onEvent: (ev) => {
      if (ev.type !== 'DELETED') react(ev.object as Service);
    },
    onClose: () => undefined,
  });
  return () => {
    stopped = true;
    stop();
  };
}

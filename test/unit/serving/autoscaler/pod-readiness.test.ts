import { describe, expect, it } from '@jest/globals';
import type { InformerFactory } from '../../../../src/lib/controller/informer-factory.js';
import type { InformerHandler } from '../../../../src/lib/controller/informer.js';
import type { Pod } from '../../../../src/lib/controller/kinds.js';
import { decideOnPodReadiness } from '../../../../src/lib/serving/autoscaler/pod-readiness.js';

function pod(ready: boolean, labels: Record<string, string> = { 'serving.knative.dev/revision': 'hello-00001' }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', labels },
    status: { podIP: '127.0.10.1', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  } as Pod;
}

function wire() {
  let handler: InformerHandler<Pod> = () => undefined;
  const informers = { for: () => ({ onChange: (h: InformerHandler<Pod>) => (handler = h) }) } as unknown as InformerFactory;
  const calls: string[] = [];
  decideOnPodReadiness(informers, { decide: async (ns, name) => void calls.push(`${ns}/${name}`) });
  return { emit: (...args: Parameters<InformerHandler<Pod>>) => handler(...args), calls };
}

describe('decideOnPodReadiness', () => {
  it('asks for a decision when a revision pod turns ready or stops being ready, not on other updates', () => {
    const { emit, calls } = wire();
    emit('add', pod(false));
    expect(calls).toEqual([]);
    emit('update', pod(true), pod(false));
    expect(calls).toEqual(['default/hello-00001']);
    emit('update', pod(true), pod(true));
    expect(calls).toHaveLength(1);
    emit('delete', pod(true));
    expect(calls).toEqual(['default/hello-00001', 'default/hello-00001']);
  });

  it('ignores pods that belong to no revision', () => {
    const { emit, calls } = wire();
    emit('add', pod(true, {}));
    expect(calls).toEqual([]);
  });
});

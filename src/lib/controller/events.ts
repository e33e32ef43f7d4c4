// Records core/v1 Events about objects (what `kubectl describe` shows under Events).
import { randomBytes } from 'node:crypto';
import type { KubeClient } from './client.js';
import type { KubeObject } from './objects.js';
import { Resources } from './resources.js';

/** Normal or Warning, as in core/v1 Event.type. */
export type EventType = 'Normal' | 'Warning';

/** Writes an Event about `obj`; failures are swallowed because events are best effort. */
export async function recordEvent(client: KubeClient, component: string, obj: KubeObject, type: EventType, reason: string, message: string, now: Date = new Date()): Promise<void> {
  const md = obj.metadata ?? {};
  const ts = now.toISOString();
  try {
    await client.create(Resources.events, {
      metadata: { name: `${md.name}.${randomBytes(8).toString('hex')}`, namespace: md.namespace || 'default' },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: md.name, namespace: md.namespace, uid: md.uid, resourceVersion: md.resourceVersion },
      type,
      reason,
      message,
      source: { component },
      reportingComponent: component,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
    });
  } catch {
    // An event that cannot be written must never fail a reconcile.
  }
}

// The InMemoryChannel dispatcher: one HTTP receiver for every channel (found by Host header, or by
// a "/<namespace>/<name>" path for clients that cannot set Host), fanning each event out to all
// subscribers in parallel with each subscriber's DeliverySpec, reply and dead-letter handling.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Dispatcher, type DispatchResult } from '../delivery/dispatcher.js';
import type { Event } from '../http/codec.js';
import { answerOptions, DEFAULT_MAX_EVENT_BYTES, receiveEvent } from '../http/receiver.js';
import { reply } from '../http/server.js';
import { ChannelTable, type ChannelConfig, type ChannelSubscriber } from './config.js';

/** Options of the channel dispatcher. */
export interface ChannelDispatcherOptions {
  dispatcher?: Dispatcher;
  table?: ChannelTable;
  maxBodyBytes?: number;
  onError?: (message: string) => void;
}

/** Result of one fan-out. */
export interface FanoutResult {
  ok: boolean;
  results: { uid: string; result: DispatchResult }[];
}

/** Fan-out engine plus its HTTP receiver. */
export class ChannelDispatcher {
  /** The table reconcilers push state into. */
  readonly table: ChannelTable;
  private readonly dispatcher: Dispatcher;
  private readonly maxBytes: number;
  private readonly onError: (message: string) => void;

  constructor(options: ChannelDispatcherOptions = {}) {
    this.table = options.table ?? new ChannelTable();
    this.dispatcher = options.dispatcher ?? new Dispatcher();
    this.maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.onError = options.onError ?? (() => undefined);
  }

  /** Sends the event to every subscriber in parallel; ok only if all were served. Never throws. */
  async fanout(channel: ChannelConfig, event: Event): Promise<FanoutResult> {
    const results = await Promise.all(
      channel.subscribers.map(async (sub) => ({ uid: sub.uid, result: await this.dispatchOne(sub, event) })),
    );
    for (const { uid, result } of results) {
      if (!result.ok) this.onError(`channel ${channel.namespace}/${channel.name} subscriber ${uid}: ${result.error ?? 'failed'}`);
    }
    return { ok: results.every((r) => r.result.ok), results };
  }

  private async dispatchOne(sub: ChannelSubscriber, event: Event): Promise<DispatchResult> {
    // A subscription with only a reply sends the event straight to it.
    const url = sub.subscriberUri ?? sub.replyUri;
    if (!url) return { ok: true, deadLettered: false, nonEventReply: false, attempts: 0 };
    try {
      return await this.dispatcher.dispatch(event, {
        url,
        replyUrl: sub.subscriberUri ? sub.replyUri : undefined,
        policy: sub.delivery,
      });
    } catch (e) {
      return { ok: false, deadLettered: false, nonEventReply: false, attempts: 0, error: (e as Error).message };
    }
  }

  /** The HTTP receiver (status codes as upstream's imc-dispatcher). */
  handler(): RequestListener {
    return (req, res) => {
      void this.handle(req, res).catch(() => reply(res, 500, 'internal error'));
    };
  }

  private resolve(req: IncomingMessage): ChannelConfig | undefined | 'bad-path' {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '') return this.table.byHostHeader(req.headers.host);
    const segs = path.split('/').filter((s) => s !== '');
    if (segs.length !== 2) return 'bad-path';
    return this.table.get(segs[0], segs[1]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') return answerOptions(res);
    if (req.method !== 'POST') {
      req.resume();
      return reply(res, 405, 'method not allowed', { allow: 'POST, OPTIONS' });
    }
    const channel = this.resolve(req);
    if (channel === 'bad-path') {
      req.resume();
      return reply(res, 400, 'path must be / (channel from Host) or /<namespace>/<channel>');
    }
    if (!channel) {
      req.resume();
      return reply(res, 404, 'channel not found');
    }
    const event = await receiveEvent(req, res, this.maxBytes);
    if (!event) return;
    if (channel.asyncHandler) {
      reply(res, 202);
      this.fanout(channel, event).catch(() => undefined);
      return;
    }
    const out = await this.fanout(channel, event);
    reply(res, out.ok ? 202 : 500, out.ok ? '' : 'failed to deliver to every subscriber');
  }
}

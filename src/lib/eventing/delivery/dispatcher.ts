// Delivers one event to a destination with the DeliverySpec semantics of the Knative runtime:
// retries (SelectiveRetry + backoff + Retry-After), optional reply forwarding, then the dead-letter
// sink with the knativeerror* extensions. The caller gets the subscriber's reply event back.
import { systemClock, type Clock } from '../clock.js';
import { decodeEvent, encodeEvent, looksLikeEvent, withExtensions, type Event, type EventFormat, type ExtensionEdits } from '../http/codec.js';
import { isRetryable, parseRetryAfter, retryWaitMs } from './backoff.js';
import { createHttpSender, type HttpResponse, type Sender } from './sender.js';
import type { DeliveryPolicy } from './spec.js';

/** Result of one delivery attempt sequence to one URL. */
export interface AttemptsOutcome {
  ok: boolean;
  /** Last response (absent after a network error). */
  response?: HttpResponse;
  /** Last network error message. */
  error?: string;
  attempts: number;
}

/** Outcome of a full dispatch (destination, reply, dead letter). */
export interface DispatchResult {
  /** True when the event was handled: delivered, or dead-lettered successfully. */
  ok: boolean;
  /** True when the event ended in the dead-letter sink. */
  deadLettered: boolean;
  /** Status of the last response from the destination (undefined after network errors). */
  status?: number;
  /** Reply event from the destination's 2xx response (returned even when forwarded to replyUrl). */
  reply?: Event;
  /** The 2xx response had a non-empty body that is not a CloudEvent. */
  nonEventReply: boolean;
  /** Attempts made on the destination. */
  attempts: number;
  /** Why the dispatch failed (when !ok). */
  error?: string;
}

/** Where and how to dispatch. */
export interface DispatchRequest {
  /** Destination URL (the subscriber). */
  url: string;
  policy: DeliveryPolicy;
  /** Where to send a reply event (channels); brokers leave it unset and route replies themselves. */
  replyUrl?: string;
  /** Aborting stops further retries (e.g. the trigger was deleted). */
  signal?: AbortSignal;
  /**
   * Treat a 2xx whose non-empty body is not a CloudEvent as a failed, retryable 502 (the broker
   * filter's rule); channels leave it off and discard such bodies.
   */
  strictReplies?: boolean;
  /** Extensions to drop or stamp on every event sent (the broker strips its TTL, adds the arrival time). */
  extensionEdits?: ExtensionEdits;
}

/** Status the broker filter reports for a non-event reply body. */
export const NON_EVENT_REPLY_STATUS = 502;

/** Options of one retried send (a subset of DispatchRequest). */
export type SendWithRetriesOptions = Pick<DispatchRequest, 'signal' | 'strictReplies' | 'extensionEdits'>;

/** Dependencies of the dispatcher. */
export interface DispatcherOptions {
  clock?: Clock;
  sender?: Sender;
}

/** Upstream cuts the base64 error data to this many characters. */
export const MAX_ERROR_DATA_CHARS = 1024;

/** Header every dispatch carries so subscribers know a reply is welcome. */
const PREFER_REPLY = { prefer: 'reply' };

const formatOf = (policy: DeliveryPolicy): EventFormat => (policy.format === 'json' ? 'structured' : 'binary');

/** Event dispatcher with injectable clock and transport. */
export class Dispatcher {
  private readonly clock: Clock;
  private readonly sender: Sender;

  constructor(options: DispatcherOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.sender = options.sender ?? createHttpSender();
  }

  /** Sends to `url` with retries per policy; never throws. */
  async sendWithRetries(event: Event, url: string, policy: DeliveryPolicy, options: SendWithRetriesOptions = {}): Promise<AttemptsOutcome> {
    const { signal, strictReplies = false, extensionEdits } = options;
    const message = encodeEvent(event, formatOf(policy), extensionEdits);
    let attempts = 0;
    let last: AttemptsOutcome = { ok: false, attempts: 0 };
    for (let retry = 0; ; retry++) {
      attempts++;
      try {
        let response = await this.sender(url, message, { timeoutMs: policy.timeoutMs, headers: PREFER_REPLY });
        if (strictReplies && isSuccess(response.status) && parseReply(response).nonEvent) {
          response = { ...response, status: NON_EVENT_REPLY_STATUS };
        }
        const ok = isSuccess(response.status);
        last = { ok, response, attempts };
        if (ok || !isRetryable(response.status)) return last;
      } catch (e) {
        last = { ok: false, error: (e as Error).message, attempts };
      }
      if (retry >= policy.retry || signal?.aborted) return last;
      const status = last.response?.status;
      const retryAfter = parseRetryAfter(headerValue(last.response?.headers['retry-after']), this.clock.now());
      try {
        await this.clock.sleep(retryWaitMs(policy, retry + 1, status, retryAfter), signal);
      } catch {
        return last;
      }
    }
  }

  /** Full dispatch: destination, then reply forwarding, then the dead-letter sink on failure. Never throws. */
  async dispatch(event: Event, req: DispatchRequest): Promise<DispatchResult> {
    const sent = await this.sendWithRetries(event, req.url, req.policy, req);
    const result: DispatchResult = {
      ok: sent.ok,
      deadLettered: false,
      status: sent.response?.status,
      nonEventReply: false,
      attempts: sent.attempts,
    };
    let failed: { url: string; outcome: AttemptsOutcome } | undefined = sent.ok ? undefined : { url: req.url, outcome: sent };
    if (sent.ok && sent.response) {
      const parsed = parseReply(sent.response);
      result.reply = parsed.reply;
      result.nonEventReply = parsed.nonEvent;
      if (parsed.reply && req.replyUrl) {
        const replied = await this.sendWithRetries(parsed.reply, req.replyUrl, req.policy, { signal: req.signal });
        if (!replied.ok) failed = { url: req.replyUrl, outcome: replied };
      }
    }
    if (!failed) return result;
    result.ok = false;
    result.error = describeFailure(failed.url, failed.outcome);
    if (!req.policy.deadLetterUri) return result;
    const dlEvent = withExtensions(event, errorExtensions(failed.url, failed.outcome.response));
    const dl = await this.sendWithRetries(dlEvent, req.policy.deadLetterUri, req.policy, {
      signal: req.signal,
      extensionEdits: req.extensionEdits,
    });
    if (dl.ok) {
      result.ok = true;
      result.deadLettered = true;
      result.error = undefined;
    } else {
      result.error = `${result.error}; dead letter sink: ${describeFailure(req.policy.deadLetterUri, dl)}`;
    }
    return result;
  }
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** Reads a reply event from a 2xx response: none for an empty body, nonEvent for other bodies. */
export function parseReply(res: HttpResponse): { reply?: Event; nonEvent: boolean } {
  if (!looksLikeEvent(res.headers)) return { nonEvent: res.body.length > 0 };
  try {
    return { reply: decodeEvent(res.headers, res.body), nonEvent: false };
  } catch {
    return { nonEvent: true };
  }
}

/** The extensions upstream puts on a dead-lettered event. */
export function errorExtensions(destination: string, response: HttpResponse | undefined): Record<string, string | undefined> {
  const ext: Record<string, string | undefined> = { knativeerrordest: destination };
  if (response) {
    ext.knativeerrorcode = String(response.status);
    if (response.body.length > 0) {
      ext.knativeerrordata = response.body.toString('base64').slice(0, MAX_ERROR_DATA_CHARS);
    }
  }
  return ext;
}

function describeFailure(url: string, o: AttemptsOutcome): string {
  const why = o.response ? `status ${o.response.status}` : (o.error ?? 'unknown error');
  return `failed to deliver to ${url} after ${o.attempts} attempt(s): ${why}`;
}

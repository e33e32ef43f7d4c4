// Request statistics of the queue-proxy (upstream networking RequestStats): concurrency averaged over
// time between reports (time-weighted), and request counts. Proxied requests (those the activator
// forwards, marked by K-Proxy-Request) are also counted apart. The clock is the caller's: every
// method takes "now" in milliseconds.

/** What one report period saw. */
export interface StatsReport {
  averageConcurrency: number;
  averageProxiedConcurrency: number;
  requestCount: number;
  proxiedRequestCount: number;
}

/** Time-weighted concurrency and request counters, reset at each report. */
export class RequestStats {
  private concurrency = 0;
  private proxiedConcurrency = 0;
  private requestCount = 0;
  private proxiedCount = 0;
  private area = 0;
  private proxiedArea = 0;
  private elapsed = 0;
  private lastChange: number;

  constructor(startMs: number) {
    this.lastChange = startMs;
  }

  /** Records a request arriving. */
  requestIn(nowMs: number, proxied: boolean): void {
    this.advance(nowMs);
    this.requestCount++;
    this.concurrency++;
    if (proxied) {
      this.proxiedCount++;
      this.proxiedConcurrency++;
    }
  }

  /** Records a request finishing. */
  requestOut(nowMs: number, proxied: boolean): void {
    this.advance(nowMs);
    this.concurrency--;
    if (proxied) this.proxiedConcurrency--;
  }

  /** Requests currently in flight. */
  current(): number {
    return this.concurrency;
  }

  /** Closes the period at nowMs and starts a new one (counts reset, in-flight requests carry over). */
  report(nowMs: number): StatsReport {
    this.advance(nowMs);
    const r: StatsReport = {
      averageConcurrency: this.elapsed > 0 ? this.area / this.elapsed : 0,
      averageProxiedConcurrency: this.elapsed > 0 ? this.proxiedArea / this.elapsed : 0,
      requestCount: this.requestCount,
      proxiedRequestCount: this.proxiedCount,
    };
    this.area = 0;
    this.proxiedArea = 0;
    this.elapsed = 0;
    this.requestCount = 0;
    this.proxiedCount = 0;
    return r;
  }

  private advance(nowMs: number): void {
    // Events may arrive slightly out of order; an older timestamp adds no time, as upstream.
    if (nowMs <= this.lastChange) return;
    const dt = nowMs - this.lastChange;
    this.area += this.concurrency * dt;
    this.proxiedArea += this.proxiedConcurrency * dt;
    this.elapsed += dt;
    this.lastChange = nowMs;
  }
}

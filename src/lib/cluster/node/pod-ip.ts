// Loopback pod addresses. Every pod gets its own 127.0.x.y (x 1..255, y 1..254: on Linux the whole
// 127/8 is on `lo`), so two pods can both listen on :8080. Addresses are stable per pod uid while
// the pod runs; released ones go to the back of the line so a new pod rarely inherits a
// recently-used address (a stale endpoint then points nowhere instead of at the wrong pod).

const SPACE = 255 * 254;

/** Allocates loopback addresses to pod uids. */
export class PodIpAllocator {
  private readonly byUid = new Map<string, string>();
  private readonly used = new Set<string>();
  private next = 0;
  private readonly released: string[] = [];

  /** `start` is where the search begins (0 = 127.0.1.1). Agents default to a random start, so
   * several agents on one machine (parallel test clusters) rarely pick the same addresses. */
  constructor(private readonly start = Math.floor(Math.random() * SPACE)) {}

  /** The address of a pod, allocating one on first call; `preferred` (e.g. from pod status) is kept if free. */
  allocate(uid: string, preferred?: string): string {
    const have = this.byUid.get(uid);
    if (have) return have;
    let ip: string | undefined;
    if (preferred && isPodLoopback(preferred) && !this.used.has(preferred)) {
      ip = preferred;
      const i = this.released.indexOf(preferred);
      if (i >= 0) this.released.splice(i, 1);
    }
    while (!ip && this.next < SPACE) {
      const n = (this.start + this.next++) % SPACE;
      const candidate = `127.0.${1 + Math.floor(n / 254)}.${1 + (n % 254)}`;
      if (!this.used.has(candidate)) ip = candidate;
    }
    ip ??= this.released.shift();
    if (!ip) throw new Error('no free pod loopback address');
    this.used.add(ip);
    this.byUid.set(uid, ip);
    return ip;
  }

  /** Takes an address out of use without a pod (someone else on this machine is using it). */
  block(ip: string): void {
    this.used.add(ip);
    const i = this.released.indexOf(ip);
    if (i >= 0) this.released.splice(i, 1);
  }

  /** The address held by a pod, if any. */
  get(uid: string): string | undefined {
    return this.byUid.get(uid);
  }

  /** Returns a pod's address to the pool. */
  release(uid: string): void {
    const ip = this.byUid.get(uid);
    if (!ip) return;
    this.byUid.delete(uid);
    this.used.delete(ip);
    this.released.push(ip);
  }
}

/** True for addresses in our pod range (127.0.1.1 - 127.0.255.254). */
export function isPodLoopback(ip: string): boolean {
  const m = /^127\.0\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return false;
  const x = Number(m[1]);
  const y = Number(m[2]);
  return x >= 1 && x <= 255 && y >= 1 && y <= 254;
}

/** True when every port can be bound on `ip` right now (nobody else serves them there). */
export async function portsFree(ip: string, ports: number[]): Promise<boolean> {
  const { createServer } = await import('node:net');
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen({ host: ip, port, exclusive: true }, () => srv.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

export interface HostPolicy {
  /** Parallel requests to this host. */
  concurrency: number;
  /** Minimum time between two request starts on this host. */
  delayMs: number;
}

/** Ends a request's hold on its host's slot (call it once the request is done). */
export type HostRelease = () => void | Promise<void>;

/**
 * Per-host politeness as the crawler uses it: a slot per request, back-off after errors, recovery
 * after successes. `LocalHostGate` (the default) keeps it in this process; `SharedHostGate` keeps it
 * in the store, so every process on one database shares each host's limits.
 */
export interface HostGate {
  /** Waits for a slot on the host; call the returned function when the request is done. */
  acquire(host: string, policy: HostPolicy): Promise<HostRelease>;
  /** The host errored or throttled: space its requests by at least `atLeastMs` until successes wear it down. */
  penalize(host: string, atLeastMs: number): void | Promise<void>;
  /** A request to the host succeeded: its penalty halves. */
  reward(host: string): void | Promise<void>;
  /** When the host's next request may start, as far as this gate knows (ms since the epoch; 0 if unknown). */
  readyAt(host: string): number;
}

interface HostState {
  active: number;
  nextStartAt: number;
  /** Extra delay after errors and slow answers; halves on each success. */
  penaltyMs: number;
  waiters: (() => void)[];
}

const MAX_PENALTY_MS = 60_000;

/**
 * Politeness per host in this process: at most `concurrency` requests in flight and `delayMs` (plus any back-off
 * penalty) between request starts. Time and sleeping are injected so tests stay fast and exact.
 */
export class LocalHostGate implements HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, nextStartAt: 0, penaltyMs: 0, waiters: [] };
      this.hosts.set(host, s);
    }
    return s;
  }

  /** When the host's next request may start (ms since the epoch; 0 for a host not seen yet). */
  readyAt(host: string): number {
    return this.hosts.get(host)?.nextStartAt ?? 0;
  }

  activeRequests(host: string): number {
    return this.hosts.get(host)?.active ?? 0;
  }

  /** Waits for a slot on the host; call the returned function when the request is done. */
  async acquire(host: string, policy: HostPolicy): Promise<() => void> {
    const s = this.state(host);
    for (;;) {
      if (s.active >= policy.concurrency) {
        await new Promise<void>((resolve) => s.waiters.push(resolve));
        continue;
      }
      const wait = s.nextStartAt - this.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      s.active++;
      s.nextStartAt = this.now() + policy.delayMs + s.penaltyMs;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        s.active--;
        s.waiters.shift()?.();
      };
    }
  }

  /**
   * The host errored or throttled: space its requests by at least `atLeastMs` (the caller's back-off,
   * which already grows per attempt) until successes wear the penalty down.
   */
  penalize(host: string, atLeastMs: number): void {
    const s = this.state(host);
    s.penaltyMs = Math.min(MAX_PENALTY_MS, Math.max(atLeastMs, s.penaltyMs));
    s.nextStartAt = Math.max(s.nextStartAt, this.now() + s.penaltyMs);
  }

  reward(host: string): void {
    const s = this.state(host);
    s.penaltyMs = s.penaltyMs < 50 ? 0 : s.penaltyMs / 2;
  }
}

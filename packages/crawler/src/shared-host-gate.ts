import { hostname } from "node:os";
import {
  type HostLeaseStore,
  penalizeHost,
  releaseHostSlot,
  renewHostSlot,
  rewardHost,
  takeHostSlot,
} from "@touming/store";
import type { HostGate, HostPolicy, HostRelease } from "./host-gate.js";

export interface SharedHostGateOptions {
  /** How long a slot counts unless renewed: a killed worker's slot frees after it. Default 60 s. */
  leaseMs?: number;
  /** How often a held slot is renewed. Default a third of `leaseMs`. */
  renewEveryMs?: number;
  /** The longest sleep between two tries while every slot is taken (a release may come any time). Default 250 ms. */
  pollMs?: number;
  /** Who holds the leases, for people reading `host_leases`. Default `<host name> pid <pid>`. */
  holder?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Per-host politeness kept in the store (`host_pacing`, `host_leases`), so that every process on one
 * database — workers on several machines crawling agencies that share a host — keeps each host's
 * concurrency and delay together. A slot is a lease the gate renews while the request runs and
 * deletes when it ends; a worker killed mid-request holds its slot until the lease expires.
 *
 * Waiting polls the store: for the host's delay, until the next start (it only moves later); while
 * every slot is taken, every `pollMs` at most. In this process the acquires of one host queue in
 * order, and only the first of them polls.
 */
export class SharedHostGate implements HostGate {
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly pollMs: number;
  private readonly holder: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The last next start the store told of, per host (what `readyAt` says). */
  private readonly nextStarts = new Map<string, number>();
  /** The tail of this process's acquires waiting on each host. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: HostLeaseStore,
    options: SharedHostGateOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(this.leaseMs / 3));
    this.pollMs = options.pollMs ?? 250;
    this.holder = options.holder ?? `${hostname()} pid ${process.pid}`;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  readyAt(host: string): number {
    return this.nextStarts.get(host) ?? 0;
  }

  async acquire(host: string, policy: HostPolicy): Promise<HostRelease> {
    const previous = this.queues.get(host) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => mine);
    this.queues.set(host, tail);
    try {
      await previous;
      return await this.take(host, policy);
    } finally {
      done();
      if (this.queues.get(host) === tail) this.queues.delete(host);
    }
  }

  private async take(host: string, policy: HostPolicy): Promise<HostRelease> {
    for (;;) {
      const slot = await takeHostSlot(this.store, {
        host,
        concurrency: policy.concurrency,
        delayMs: policy.delayMs,
        now: this.now,
        leaseMs: this.leaseMs,
        holder: this.holder,
      });
      this.nextStarts.set(host, slot.nextStartAt);
      if (slot.granted) return this.held(host, slot.leaseId);
      await this.sleep(slot.reason === "delay" ? slot.waitMs : Math.min(slot.waitMs, this.pollMs));
    }
  }

  /** Renews the lease until released; releasing deletes it (once). */
  private held(host: string, leaseId: string): HostRelease {
    const renewal = setInterval(() => {
      // A renewal that fails (the store is briefly unreachable) is retried at the next tick; the
      // lease counts until its expiry meanwhile.
      renewHostSlot(this.store, host, leaseId, this.now() + this.leaseMs).catch(() => undefined);
    }, this.renewEveryMs);
    renewal.unref();
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      clearInterval(renewal);
      // The request is done whatever the store says: a release that fails (the database unreachable
      // past the driver's retries) must not fail the page; the lease stops counting at its expiry.
      await releaseHostSlot(this.store, host, leaseId).catch(() => false);
    };
  }

  async penalize(host: string, atLeastMs: number): Promise<void> {
    const next = await penalizeHost(this.store, host, atLeastMs, this.now);
    this.nextStarts.set(host, next);
  }

  async reward(host: string): Promise<void> {
    await rewardHost(this.store, host);
  }
}

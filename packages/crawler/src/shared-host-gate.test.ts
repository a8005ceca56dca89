import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Store, hostPacing, takeHostSlot } from "@touming/store";
import { openStoreAgain, useCleanups, useTempStore } from "@touming/store/testing";
import { describe, expect, it } from "vitest";
import { type HostGate, type HostPolicy, LocalHostGate } from "./host-gate.js";
import { SharedHostGate } from "./shared-host-gate.js";

const defer = useCleanups();
const sqliteStore = useTempStore({ dialect: "sqlite" });
const postgresStore = useTempStore({ dialect: "postgres" });

/** A second store on the same database: another worker process's. */
async function secondStore(store: Store): Promise<Store> {
  const other = await openStoreAgain(store, { maxConnections: 4 });
  defer(() => other.close());
  return other;
}

/** A loopback HTTP server that holds each request `holdMs` and notes when each started and how many overlapped. */
async function countingServer(holdMs: number) {
  const seen = { starts: [] as number[], inFlight: 0, most: 0 };
  const server: Server = createServer((_req, res) => {
    seen.starts.push(performance.timeOrigin + performance.now());
    seen.inFlight++;
    seen.most = Math.max(seen.most, seen.inFlight);
    setTimeout(() => {
      seen.inFlight--;
      res.end("ok");
    }, holdMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { seen, host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}/report` };
}

/** A worker: `loops` requests at a time through its gate, `each` requests per loop. */
async function work(
  gate: HostGate,
  host: string,
  url: string,
  policy: HostPolicy,
  loops: number,
  each: number,
) {
  await Promise.all(
    Array.from({ length: loops }, async () => {
      for (let i = 0; i < each; i++) {
        const release = await gate.acquire(host, policy);
        try {
          const response = await fetch(url);
          expect(await response.text()).toBe("ok");
        } finally {
          await release();
        }
      }
    }),
  );
}

/**
 * The median time between two request starts as the server saw them. Not the smallest: on a loaded
 * machine (CI runs every package's tests at once) the event loop can stall one request by 150 ms
 * after its grant and bunch it with the next; a gate that ignored the delay gives a median of a few ms.
 */
function medianGap(starts: readonly number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((t, i) => t - sorted[i]!)
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/**
 * Slack between a grant and its request reaching the server: the grant's commit, the event loop and
 * the connection vary by a few ms, and by up to ~50 ms on a two-core machine running the database
 * and other packages' tests at once (seen in CI). The delays below are twice as large, so a gate that
 * ignored them (gaps of a few ms) still fails.
 */
const SLACK_MS = 100;

describe.each([
  ["sqlite", sqliteStore],
  ["postgres", postgresStore],
] as const)("SharedHostGate on %s", (_dialect, tempStore) => {
  it("two workers on one database never exceed a host's concurrency nor its delay", async () => {
    const store = await tempStore();
    const other = await secondStore(store);
    const server = await countingServer(250);
    const policy = { concurrency: 2, delayMs: 200 };
    await Promise.all([
      work(new SharedHostGate(store), server.host, server.url, policy, 3, 4),
      work(new SharedHostGate(other), server.host, server.url, policy, 3, 4),
    ]);
    expect(server.seen.starts).toHaveLength(24);
    expect(server.seen.most).toBe(2);
    expect(medianGap(server.seen.starts)).toBeGreaterThanOrEqual(policy.delayMs - SLACK_MS);
    expect(await hostPacing(store, server.host, Date.now())).toMatchObject({ leases: 0, penaltyMs: 0 });
  });

  it("spaces two workers' requests by the delay (and a penalty) when concurrency allows more", async () => {
    const store = await tempStore();
    const other = await secondStore(store);
    const server = await countingServer(5);
    const policy = { concurrency: 4, delayMs: 200 };
    const a = new SharedHostGate(store);
    const b = new SharedHostGate(other);
    await Promise.all([
      work(a, server.host, server.url, policy, 2, 3),
      work(b, server.host, server.url, policy, 2, 3),
    ]);
    expect(server.seen.starts).toHaveLength(12);
    expect(medianGap(server.seen.starts)).toBeGreaterThanOrEqual(policy.delayMs - SLACK_MS);
    // One worker's penalty holds the other back too.
    const before = Date.now();
    await a.penalize(server.host, 500);
    await work(b, server.host, server.url, policy, 1, 1);
    expect(server.seen.starts.at(-1)! - before).toBeGreaterThanOrEqual(500 - SLACK_MS);
    expect(b.readyAt(server.host)).toBeGreaterThanOrEqual(before + 500 + 200);
  });

  it("renews a held slot past its lease, and a killed worker's slot frees at its expiry", async () => {
    const store = await tempStore();
    const other = await secondStore(store);
    const policy = { concurrency: 1, delayMs: 0 };
    const gate = new SharedHostGate(store, { leaseMs: 300, renewEveryMs: 100 });
    const release = await gate.acquire("h.gov.cn", policy);
    await new Promise((r) => setTimeout(r, 700));
    const refused = await takeHostSlot(other, {
      host: "h.gov.cn",
      ...policy,
      now: Date.now(),
      leaseMs: 300,
      holder: "other",
    });
    expect(refused).toMatchObject({ granted: false, reason: "concurrency" });
    await release();
    await release(); // once is enough
    expect(await hostPacing(store, "h.gov.cn", Date.now())).toMatchObject({ leases: 0 });

    // A worker that took a slot and died: nobody renews or releases it.
    const killed = await takeHostSlot(other, {
      host: "k.gov.cn",
      ...policy,
      now: Date.now(),
      leaseMs: 400,
      holder: "killed",
    });
    expect(killed.granted).toBe(true);
    const start = Date.now();
    await (
      await gate.acquire("k.gov.cn", policy)
    )();
    expect(Date.now() - start).toBeGreaterThanOrEqual(400 - SLACK_MS);
  });
});

describe("SharedHostGate", () => {
  function fakeTime() {
    let now = 0;
    const sleeps: number[] = [];
    return {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      sleeps,
    };
  }

  it("sleeps out the delay in one go and polls every pollMs while the slots are taken", async () => {
    const store = await sqliteStore();
    const t = fakeTime();
    const gate = new SharedHostGate(store, { now: t.now, sleep: t.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const release = await gate.acquire("a.gov.cn", { concurrency: 1, delayMs: 1000 });
      starts.push(t.now());
      expect(gate.readyAt("a.gov.cn")).toBe(t.now() + 1000);
      await release();
    }
    expect(starts).toEqual([0, 1000, 2000]);
    expect(t.sleeps).toEqual([1000, 1000]);

    // Another worker holds the only slot; it finishes after three polls.
    t.sleeps.length = 0;
    const holder = new SharedHostGate(store, { now: t.now, sleep: t.sleep });
    const held = await holder.acquire("b.gov.cn", { concurrency: 1, delayMs: 0 });
    const polling = new SharedHostGate(store, {
      now: t.now,
      sleep: async (ms) => {
        await t.sleep(ms);
        if (t.sleeps.length === 3) await held();
      },
    });
    await (
      await polling.acquire("b.gov.cn", { concurrency: 1, delayMs: 0 })
    )();
    expect(t.sleeps).toEqual([250, 250, 250]);
  });

  it("lets one process's acquires of a host through in order", async () => {
    const store = await sqliteStore();
    const gate = new SharedHostGate(store, { pollMs: 5 });
    const order: number[] = [];
    const releases = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const release = await gate.acquire("c.gov.cn", { concurrency: 3, delayMs: 0 });
        order.push(i);
        return release;
      }),
    );
    expect(order).toEqual([0, 1, 2]);
    await Promise.all(releases.map((release) => release()));
    expect(await hostPacing(store, "c.gov.cn", Date.now())).toMatchObject({ leases: 0 });
  });

  it("two local gates (one per worker) would exceed the concurrency: what the shared gate prevents", async () => {
    const server = await countingServer(120);
    const policy = { concurrency: 2, delayMs: 0 };
    await Promise.all([
      work(new LocalHostGate(), server.host, server.url, policy, 3, 2),
      work(new LocalHostGate(), server.host, server.url, policy, 3, 2),
    ]);
    expect(server.seen.most).toBe(4);
  });
});

describe("SharedHostGate, when the store fails", () => {
  const tempStore = useTempStore();
  it("a release the store cannot record still ends the request: the lease stops counting at its expiry", async () => {
    const store = await tempStore();
    const other = await openStoreAgain(store);
    const release = await new SharedHostGate(other, { leaseMs: 200 }).acquire("x.gov.cn", {
      concurrency: 1,
      delayMs: 0,
    });
    await other.close();
    await expect(release()).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await hostPacing(store, "x.gov.cn", Date.now())).toMatchObject({ leases: 0 });
  });
});

import { describe, expect, it } from "vitest";
import type { Store } from "../open-store.js";
import { openStoreAgain, useCleanups, useTempStore } from "../testing/index.js";
import {
  type HostSlotRequest,
  hostPacing,
  penalizeHost,
  releaseHostSlot,
  renewHostSlot,
  rewardHost,
  takeHostSlot,
} from "./host-leases.js";

const tempStore = useTempStore();
const defer = useCleanups();

const HOST = "www.example.gov.cn";

function request(now: number, over: Partial<HostSlotRequest> = {}): HostSlotRequest {
  return { host: HOST, concurrency: 1, delayMs: 0, now, leaseMs: 60_000, holder: "test pid 1", ...over };
}

async function leaseIdOf(store: Store, req: HostSlotRequest): Promise<string> {
  const slot = await takeHostSlot(store, req);
  if (!slot.granted) throw new Error(`refused: ${slot.reason} ${slot.waitMs}`);
  return slot.leaseId;
}

/** A second store on the same database: another worker process. */
async function secondStore(store: Store): Promise<Store> {
  const other = await openStoreAgain(store, { maxConnections: 4 });
  defer(() => other.close());
  return other;
}

describe("host leases", () => {
  it("counts leases in flight against the concurrency", async () => {
    const store = await tempStore();
    const req = request(1_000, { concurrency: 2, leaseMs: 5_000 });
    const first = await takeHostSlot(store, req);
    const second = await takeHostSlot(store, req);
    expect(first.granted && second.granted).toBe(true);
    expect(await takeHostSlot(store, req)).toEqual({
      granted: false,
      reason: "concurrency",
      waitMs: 5_000,
      nextStartAt: 1_000,
    });
    // Other hosts are independent.
    expect((await takeHostSlot(store, { ...req, host: "other.gov.cn" })).granted).toBe(true);
    expect(await hostPacing(store, HOST, 1_000)).toEqual({ nextStartAt: 1_000, penaltyMs: 0, leases: 2 });
  });

  it("spaces request starts by the delay", async () => {
    const store = await tempStore();
    expect(await takeHostSlot(store, request(1_000, { concurrency: 5, delayMs: 500 }))).toMatchObject({
      granted: true,
      nextStartAt: 1_500,
    });
    expect(await takeHostSlot(store, request(1_200, { concurrency: 5, delayMs: 500 }))).toEqual({
      granted: false,
      reason: "delay",
      waitMs: 300,
      nextStartAt: 1_500,
    });
    expect(await takeHostSlot(store, request(1_500, { concurrency: 5, delayMs: 500 }))).toMatchObject({
      granted: true,
      nextStartAt: 2_000,
    });
  });

  it("stops counting a lease at its expiry (a killed worker), and a renewed lease counts on", async () => {
    const store = await tempStore();
    await leaseIdOf(store, request(0, { leaseMs: 1_000 }));
    expect(await takeHostSlot(store, request(500, { leaseMs: 1_000 }))).toMatchObject({
      granted: false,
      reason: "concurrency",
      waitMs: 500,
    });
    const second = await leaseIdOf(store, request(1_000, { leaseMs: 1_000 }));
    // The expired lease is gone from the table.
    const rows = await store.db
      .selectFrom("host_leases")
      .select(["lease_id", "holder", "expires_at"])
      .execute();
    expect(rows).toEqual([{ lease_id: second, holder: "test pid 1", expires_at: 2_000 }]);
    expect(await renewHostSlot(store, HOST, second, 4_000)).toBe(true);
    expect(await takeHostSlot(store, request(3_000))).toMatchObject({ granted: false, waitMs: 1_000 });
    expect((await takeHostSlot(store, request(4_000))).granted).toBe(true);
    // A lease that expired and was deleted cannot be renewed.
    expect(await renewHostSlot(store, HOST, second, 9_000)).toBe(false);
  });

  it("a released lease frees its slot at once", async () => {
    const store = await tempStore();
    const lease = await leaseIdOf(store, request(0));
    expect((await takeHostSlot(store, request(10))).granted).toBe(false);
    expect(await releaseHostSlot(store, HOST, lease)).toBe(true);
    expect(await releaseHostSlot(store, HOST, lease)).toBe(false);
    expect((await takeHostSlot(store, request(10))).granted).toBe(true);
  });

  it("a penalty spaces the host's starts until successes wear it down", async () => {
    const store = await tempStore();
    const slot = { concurrency: 10, delayMs: 100 };
    await leaseIdOf(store, request(0, slot));
    expect(await penalizeHost(store, HOST, 500, 0)).toBe(500);
    expect(await penalizeHost(store, HOST, 200, 0)).toBe(500); // the larger penalty stays
    expect(await takeHostSlot(store, request(400, slot))).toMatchObject({ reason: "delay", waitMs: 100 });
    // Granted at 500: the next start is 500 + delay 100 + penalty 500.
    expect(await takeHostSlot(store, request(500, slot))).toMatchObject({
      granted: true,
      nextStartAt: 1_100,
    });
    await rewardHost(store, HOST);
    expect(await hostPacing(store, HOST, 500)).toMatchObject({ penaltyMs: 250, nextStartAt: 1_100 });
    expect(await takeHostSlot(store, request(1_100, slot))).toMatchObject({
      granted: true,
      nextStartAt: 1_450,
    });
    await rewardHost(store, HOST); // 125
    await rewardHost(store, HOST); // 62
    await rewardHost(store, HOST); // 31
    await rewardHost(store, HOST); // under 50: none
    expect(await hostPacing(store, HOST, 1_450)).toMatchObject({ penaltyMs: 0 });
    expect(await penalizeHost(store, HOST, 120_000, 2_000)).toBe(62_000); // capped at 60 s
  });

  it("two stores on one database taking slots at once never grant more than the concurrency", async () => {
    const store = await tempStore();
    const other = await secondStore(store);
    const stores = [store, other];
    const now = 10_000;
    const all = await Promise.all(
      Array.from({ length: 30 }, (_, i) => takeHostSlot(stores[i % 2]!, request(now, { concurrency: 3 }))),
    );
    expect(all.filter((s) => s.granted)).toHaveLength(3);
    // With a delay, one start per instant whatever the concurrency.
    const paced = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        takeHostSlot(stores[i % 2]!, request(now, { host: "paced.gov.cn", concurrency: 10, delayMs: 1_000 })),
      ),
    );
    expect(paced.filter((s) => s.granted)).toHaveLength(1);
    expect(await hostPacing(other, "paced.gov.cn", now)).toEqual({
      nextStartAt: 11_000,
      penaltyMs: 0,
      leases: 1,
    });
  });

  it("two stores taking, holding and releasing slots in real time keep the host under its concurrency", async () => {
    const store = await tempStore();
    const other = await secondStore(store);
    let inFlight = 0;
    let most = 0;
    let granted = 0;
    const worker = async (s: Store) => {
      for (let i = 0; i < 6; i++) {
        for (;;) {
          const slot = await takeHostSlot(s, request(Date.now(), { concurrency: 2 }));
          if (!slot.granted) {
            await new Promise((r) => setTimeout(r, 2));
            continue;
          }
          granted++;
          inFlight++;
          most = Math.max(most, inFlight);
          // Held long enough that another of the five takes the second slot meanwhile, even on a
          // loaded machine (5 ms was not, once, in CI).
          await new Promise((r) => setTimeout(r, 40));
          inFlight--;
          await releaseHostSlot(s, HOST, slot.leaseId);
          break;
        }
      }
    };
    await Promise.all([worker(store), worker(store), worker(other), worker(other), worker(other)]);
    expect(granted).toBe(30);
    expect(most).toBe(2);
    expect(await hostPacing(store, HOST, Date.now())).toMatchObject({ leases: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { LocalHostGate } from "./host-gate.js";

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

describe("LocalHostGate", () => {
  it("spaces request starts on one host by the delay", async () => {
    const t = fakeTime();
    const gate = new LocalHostGate(t.now, t.sleep);
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const release = await gate.acquire("a.gov.cn", { concurrency: 1, delayMs: 1000 });
      starts.push(t.now());
      release();
    }
    expect(starts).toEqual([0, 1000, 2000]);
  });

  it("never lets more than `concurrency` requests run on one host; other hosts are independent", async () => {
    const gate = new LocalHostGate();
    let active = 0;
    let max = 0;
    const job = async (host: string) => {
      const release = await gate.acquire(host, { concurrency: 2, delayMs: 0 });
      active++;
      max = Math.max(max, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      release();
    };
    await Promise.all(Array.from({ length: 8 }, () => job("a")));
    expect(max).toBe(2);
    expect(gate.activeRequests("a")).toBe(0);
  });

  it("backs off after errors and recovers after successes", async () => {
    const t = fakeTime();
    const gate = new LocalHostGate(t.now, t.sleep);
    (await gate.acquire("h", { concurrency: 1, delayMs: 0 }))();
    gate.penalize("h", 500);
    gate.penalize("h", 1000);
    gate.penalize("h", 200);
    const before = t.now();
    (await gate.acquire("h", { concurrency: 1, delayMs: 0 }))();
    expect(t.now() - before).toBe(1000);
    gate.reward("h");
    gate.reward("h");
    gate.reward("h");
    (await gate.acquire("h", { concurrency: 1, delayMs: 0 }))();
    const first = t.now();
    (await gate.acquire("h", { concurrency: 1, delayMs: 0 }))();
    expect(t.now() - first).toBe(125);
  });
});

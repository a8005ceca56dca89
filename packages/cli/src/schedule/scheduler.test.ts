import { afterEach, describe, expect, it, vi } from "vitest";
import { type JobName, type SchedulerEvent, nextRun, previousRun, startScheduler } from "./scheduler.js";

const config = { timezone: "Asia/Shanghai", nightly: "0 2 * * *", publish: "30 6 * * *" };

afterEach(() => {
  vi.useRealTimers();
});

describe("schedule times", () => {
  it("reads expressions in Asia/Shanghai", () => {
    // 02:00 in Shanghai is 18:00 UTC the day before.
    expect(nextRun("0 2 * * *", "Asia/Shanghai", new Date("2025-01-31T17:00:00Z"))?.toISOString()).toBe(
      "2025-01-31T18:00:00.000Z",
    );
    expect(previousRun("30 6 * * *", "Asia/Shanghai", new Date("2025-02-01T00:00:00Z"))?.toISOString()).toBe(
      "2025-01-31T22:30:00.000Z",
    );
  });
});

describe("scheduler (fake timers)", () => {
  it("fires the nightly and publish jobs at their Shanghai times, never overlapping", async () => {
    vi.useFakeTimers({ now: new Date("2025-01-31T17:58:00Z") });
    const events: SchedulerEvent[] = [];
    const fired: [JobName, string][] = [];
    let finishNightly: () => void = () => {};
    const jobs = {
      nightly: vi.fn(() => {
        fired.push(["nightly", new Date().toISOString()]);
        return new Promise<void>((resolve) => (finishNightly = resolve));
      }),
      publish: vi.fn(async () => {
        fired.push(["publish", new Date().toISOString()]);
      }),
    };
    const scheduler = startScheduler(config, jobs, {
      lastSuccess: async () => new Date(),
      onEvent: (e) => events.push(e),
    });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(fired).toEqual([["nightly", "2025-01-31T18:00:00.000Z"]]);
    // Still running at 06:30: publish is skipped, not run in parallel.
    await vi.advanceTimersByTimeAsync(4.5 * 3600_000);
    expect(events.map((e) => `${e.job}:${e.type}`)).toContain("publish:skipped-busy");
    expect(jobs.publish).not.toHaveBeenCalled();
    finishNightly();
    await vi.advanceTimersByTimeAsync(19.5 * 3600_000); // 02:01 on 2 February in Shanghai
    finishNightly();
    await vi.advanceTimersByTimeAsync(5 * 3600_000); // past 06:30
    expect(fired.map(([job, at]) => `${job}@${at}`)).toEqual([
      "nightly@2025-01-31T18:00:00.000Z",
      "nightly@2025-02-01T18:00:00.000Z",
      "publish@2025-02-01T22:30:00.000Z",
    ]);
    await scheduler.stop();
  });

  it("runs a missed nightly once at start-up", async () => {
    vi.useFakeTimers({ now: new Date("2025-02-01T01:00:00Z") }); // 09:00 in Shanghai, after 02:00 and 06:30
    const jobs = { nightly: vi.fn(async () => {}), publish: vi.fn(async () => {}) };
    const scheduler = startScheduler(config, jobs, {
      lastSuccess: async (job) =>
        job === "nightly" ? new Date("2025-01-30T18:05:00Z") : new Date("2025-01-31T22:40:00Z"),
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(jobs.nightly).toHaveBeenCalledTimes(1);
    expect(jobs.publish).not.toHaveBeenCalled();
    await scheduler.stop();
  });

  it("stop() waits for the running job to finish", async () => {
    vi.useFakeTimers({ now: new Date("2025-01-31T17:59:30Z") });
    let done = false;
    const jobs = {
      nightly: vi.fn(
        () => new Promise<void>((resolve) => setTimeout(() => ((done = true), resolve()), 5000)),
      ),
      publish: vi.fn(async () => {}),
    };
    const scheduler = startScheduler(config, jobs, { lastSuccess: async () => new Date() });
    await vi.advanceTimersByTimeAsync(31_000);
    expect(jobs.nightly).toHaveBeenCalledTimes(1);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await stopping;
    expect(done).toBe(true);
  });
});

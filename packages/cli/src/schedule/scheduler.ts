import { createTask } from "node-cron";
import type { ScheduleConfig } from "./schedule-config.js";

export type JobName = "nightly" | "publish";

export interface SchedulerEvent {
  job: JobName;
  type: "start" | "done" | "failed" | "skipped-busy" | "catch-up";
  at: Date;
  error?: string;
}

/** The next time an expression fires after `from`. */
export function nextRun(expr: string, timezone: string, from: Date): Date | null {
  const task = createTask(expr, () => {}, { timezone });
  try {
    const probe = new Date(from.getTime() + 1000);
    for (let i = 0, t = Math.ceil(probe.getTime() / 60_000) * 60_000; i < 60 * 24 * 366; i++, t += 60_000) {
      if (task.match(new Date(t))) return new Date(t);
    }
    return null;
  } finally {
    void task.destroy();
  }
}

/** The last time an expression fired at or before `now` (looking back up to two days). */
export function previousRun(expr: string, timezone: string, now: Date): Date | null {
  const task = createTask(expr, () => {}, { timezone });
  try {
    for (let i = 0, t = Math.floor(now.getTime() / 60_000) * 60_000; i < 60 * 48; i++, t -= 60_000) {
      if (task.match(new Date(t))) return new Date(t);
    }
    return null;
  } finally {
    void task.destroy();
  }
}

export interface Scheduler {
  stop(): Promise<void>;
  /** Resolves when a job that is running has finished. */
  idle(): Promise<void>;
}

/**
 * Runs the nightly and publish jobs on their cron expressions. Never two jobs at once (a firing
 * while one runs is skipped and logged); a run missed while the process was down (its last success
 * is older than the latest scheduled time) runs once at start-up.
 */
export function startScheduler(
  config: ScheduleConfig,
  jobs: Record<JobName, () => Promise<void>>,
  options: {
    lastSuccess: (job: JobName) => Promise<Date | null>;
    onEvent?: (e: SchedulerEvent) => void;
    now?: () => Date;
  },
): Scheduler {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  let stopped = false;
  const fire = (job: JobName, type: "start" | "catch-up" = "start") => {
    if (stopped) return;
    if (running) {
      options.onEvent?.({ job, type: "skipped-busy", at: now() });
      return;
    }
    options.onEvent?.({ job, type, at: now() });
    running = jobs[job]()
      .then(() => options.onEvent?.({ job, type: "done", at: now() }))
      .catch((error: Error) => options.onEvent?.({ job, type: "failed", at: now(), error: error.message }))
      .finally(() => {
        running = null;
      });
  };
  const tasks = (["nightly", "publish"] as const).map((job) =>
    createTask(config[job], () => fire(job), { timezone: config.timezone, name: `touming-${job}` }),
  );
  for (const task of tasks) void task.start();
  void (async () => {
    for (const job of ["nightly", "publish"] as const) {
      const due = previousRun(config[job], config.timezone, now());
      const last = await options.lastSuccess(job);
      if (due && (!last || last < due)) {
        fire(job, "catch-up");
        await running;
      }
    }
  })();
  return {
    idle: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      await Promise.all(tasks.map((t) => t.destroy()));
      while (running) await running;
    },
  };
}

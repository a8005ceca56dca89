/**
 * When the scheduled jobs run. Apart from the scheduler (which loads node-cron), so that reading the
 * settings, and `touming --help`, does not load node-cron and the modules it brings (child_process,
 * crypto).
 */
export interface ScheduleConfig {
  /** IANA time zone the expressions are read in. Default Asia/Shanghai. */
  timezone: string;
  /** Crawl + extract + grade. Default 02:00 every night. */
  nightly: string;
  /** Publish (cards for every year past its deadline; only changed files are rewritten). Default 06:30. */
  publish: string;
}

export const DEFAULT_SCHEDULE: ScheduleConfig = {
  timezone: "Asia/Shanghai",
  nightly: "0 2 * * *",
  publish: "30 6 * * *",
};

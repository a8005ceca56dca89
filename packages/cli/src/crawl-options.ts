import type { CrawlOptions } from "@touming/crawler";

/** What `crawl`, `run`, `demo` and `schedule` say about crawling. */
export interface CrawlCommandOptions {
  agency?: string[];
  maxPages?: number;
  /** Contact URL sent in the User-Agent (`--contact`). */
  contact?: string;
  concurrency?: number;
  /** Days before a report already fetched is requested again (default 7; 0 = every crawl). */
  recheckDays?: number;
  /** First retry back-off (default 1000 ms); the demo's loopback sites need less. */
  retryBaseDelayMs?: number;
}

/**
 * The crawl stage's options from a command's. The User-Agent names `--contact`, else the
 * TOUMING_CONTACT_URL setting (`contact`), else the crawler's own default.
 */
export function crawlOptions(options: CrawlCommandOptions, contact: string | null): CrawlOptions {
  const contactUrl = options.contact ?? contact;
  return {
    ...(options.agency?.length ? { agencyIds: options.agency } : {}),
    ...(options.maxPages !== undefined ? { maxListPages: options.maxPages } : {}),
    ...(options.concurrency !== undefined ? { globalConcurrency: options.concurrency } : {}),
    ...(options.recheckDays !== undefined ? { recheckAfterDays: options.recheckDays } : {}),
    ...(options.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.retryBaseDelayMs } : {}),
    ...(contactUrl ? { userAgent: `Touming/0.1 (+${contactUrl})` } : {}),
  };
}

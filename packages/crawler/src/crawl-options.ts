import type { Agency } from "@touming/store";
import type { Lookup } from "./address-guard.js";
import { type CrawlBudgets, DEFAULT_BUDGETS } from "./agency-budgets.js";
import { DEFAULT_LIMITS, type HttpLimits } from "./http-fetch.js";
import { LIST_PATTERNS, type ListPattern } from "./list-patterns/index.js";
import { CRAWL_COUNT_DEFAULTS } from "./defaults.js";

/** What the crawler says it is; `--contact` / TOUMING_CONTACT_URL replace the URL. */
export const DEFAULT_USER_AGENT =
  "Touming/0.1 (+https://github.com/touming/touming; government annual report monitor)";

/** Every crawl option's default, in one place: the crawl and the CLI's help text read them here. */
export const CRAWL_DEFAULTS = Object.freeze({
  ...CRAWL_COUNT_DEFAULTS,
  userAgent: DEFAULT_USER_AGENT,
  maxAttempts: 4,
  retryBaseDelayMs: 1000,
  maxRetryAfterMs: 120_000,
  defaultHostDelayMs: 1000,
  defaultHostConcurrency: 1,
  pageReadTimeoutMs: 10_000,
  pageLimits: Object.freeze({ ...DEFAULT_LIMITS }),
  attachmentLimits: Object.freeze({ ...DEFAULT_LIMITS, maxResponseBytes: 50 * 1024 * 1024 }),
  budgets: DEFAULT_BUDGETS,
});

export interface CrawlOptions {
  /** Only these agencies (default: all in the store). */
  agencyIds?: readonly string[];
  /** List pages followed per agency per crawl. Default 50. */
  maxListPages?: number;
  /** Requests in flight across all hosts. Default 8. */
  globalConcurrency?: number;
  /** Sent with every request: names the project and a contact URL. */
  userAgent?: string;
  /** Time one fetched page may take to read (links, list entries); beyond it the page fails. Default 10 000 ms. */
  pageReadTimeoutMs?: number;
  /** Caps and timeouts for list and article pages. */
  pageLimits?: Partial<HttpLimits>;
  /** Caps and timeouts for attachments (PDF/DOC…), larger than pages. */
  attachmentLimits?: Partial<HttpLimits>;
  /** Attempts per URL within one crawl (network errors, 5xx, 429). Default 4. */
  maxAttempts?: number;
  /** First back-off; doubles per attempt, with jitter. Default 1000 ms. */
  retryBaseDelayMs?: number;
  /** Longer Retry-After values defer the URL to the next crawl. Default 120 000 ms. */
  maxRetryAfterMs?: number;
  /**
   * A report already fetched is requested again (conditionally) only when its last successful fetch
   * is this many days old; list pages are always read. 0 = every crawl. Default 7.
   */
  recheckAfterDays?: number;
  /** Per-host politeness unless the agency's crawl options say otherwise. Default 1000 ms, 1. */
  defaultHostDelayMs?: number;
  defaultHostConcurrency?: number;
  /** What one agency may use per crawl (requests, bytes, hosts, time, links per page). */
  budgets?: Partial<CrawlBudgets>;
  /** CMS list patterns used besides LIST_PATTERNS (a CMS the crawler does not know yet). */
  listPatterns?: readonly ListPattern[];
  /** DNS lookup (tests replace it so that no query leaves the machine). */
  lookup?: Lookup;
}

/** The options a crawl runs with: every default filled in, the list patterns complete. */
export interface ResolvedCrawlOptions extends Required<
  Omit<CrawlOptions, "agencyIds" | "lookup" | "pageLimits" | "attachmentLimits" | "listPatterns" | "budgets">
> {
  budgets: CrawlBudgets;
  agencyIds: readonly string[] | null;
  lookup: Lookup | null;
  pageLimits: HttpLimits;
  attachmentLimits: HttpLimits;
  /** LIST_PATTERNS, then the extra ones. */
  listPatterns: readonly ListPattern[];
}

/** Fills in the defaults; an extra list pattern whose name is taken is refused. */
export function resolveCrawlOptions(options: CrawlOptions = {}): ResolvedCrawlOptions {
  const d = CRAWL_DEFAULTS;
  const listPatterns = [...LIST_PATTERNS, ...(options.listPatterns ?? [])];
  const names = listPatterns.map((p) => p.name);
  const taken = names.find((name, i) => names.indexOf(name) !== i);
  if (taken !== undefined)
    throw new Error(`list pattern "${taken}" is registered twice (pattern names are unique)`);
  return {
    agencyIds: options.agencyIds ?? null,
    maxListPages: options.maxListPages ?? d.maxListPages,
    globalConcurrency: options.globalConcurrency ?? d.globalConcurrency,
    userAgent: options.userAgent ?? d.userAgent,
    maxAttempts: options.maxAttempts ?? d.maxAttempts,
    retryBaseDelayMs: options.retryBaseDelayMs ?? d.retryBaseDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? d.maxRetryAfterMs,
    recheckAfterDays: options.recheckAfterDays ?? d.recheckAfterDays,
    pageReadTimeoutMs: options.pageReadTimeoutMs ?? d.pageReadTimeoutMs,
    defaultHostDelayMs: options.defaultHostDelayMs ?? d.defaultHostDelayMs,
    defaultHostConcurrency: options.defaultHostConcurrency ?? d.defaultHostConcurrency,
    pageLimits: { ...d.pageLimits, ...options.pageLimits },
    attachmentLimits: { ...d.attachmentLimits, ...options.attachmentLimits },
    budgets: { ...d.budgets, ...options.budgets },
    listPatterns,
    lookup: options.lookup ?? null,
  };
}

/** How one agency's hosts are fetched: the registry's `crawl:` options over the crawl's defaults. */
export interface AgencyFetchPolicy {
  /** Minimum time between two request starts on a host. */
  delayMs: number;
  /** Parallel requests to a host. */
  concurrency: number;
  /** Loopback and private addresses may be fetched (local test and demo sites only). */
  allowPrivate: boolean;
  /** TLS certificates that do not verify are accepted (and recorded as a finding). */
  allowInvalidCertificates: boolean;
}

export function agencyFetchPolicy(
  agency: Agency | undefined,
  options: ResolvedCrawlOptions,
): AgencyFetchPolicy {
  const o = (agency?.crawlOptions ?? {}) as {
    minHostDelayMs?: number;
    hostConcurrency?: number;
    allowPrivateAddresses?: boolean;
    allowInvalidCertificates?: boolean;
  };
  return {
    delayMs: o.minHostDelayMs ?? options.defaultHostDelayMs,
    concurrency: o.hostConcurrency ?? options.defaultHostConcurrency,
    allowPrivate: o.allowPrivateAddresses === true,
    allowInvalidCertificates: o.allowInvalidCertificates === true,
  };
}

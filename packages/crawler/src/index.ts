export { parseRegistry, readRegistryFile } from "./registry.js";
export type { Registry } from "./registry.js";
export { ConfigError, formatConfigIssue, FetchRetryableError, FetchPermanentError } from "./errors.js";
export type { ConfigIssue } from "./errors.js";
export { crawl, DEFAULT_USER_AGENT } from "./crawl.js";
export type {
  CrawlOptions,
  CrawlDeps,
  CrawlEvent,
  CrawlSummary,
  AgencyCrawlSummary,
  ItemOutcome,
} from "./crawl.js";
export { AddressRefusedError, forbiddenReason, resolveChecked } from "./address-guard.js";
export type { Lookup } from "./address-guard.js";
export { isAnnualReportTitle, yearFromTitle } from "./report-title.js";

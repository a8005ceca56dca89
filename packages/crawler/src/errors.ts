/** One problem in a configuration file: which file, which field, what was expected there. */
export interface ConfigIssue {
  file: string;
  /** `agencies[3].listUrls[0]`; empty for the whole file. */
  field: string;
  expected: string;
}

export function formatConfigIssue(issue: ConfigIssue): string {
  return [issue.file, issue.field, issue.expected].filter(Boolean).join(": ");
}

/** A configuration file was rejected; nothing from it was used. `issues` lists every problem found. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly issues: readonly ConfigIssue[],
    options?: ErrorOptions,
  ) {
    const first = issues[0];
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    super((first ? formatConfigIssue(first) : "invalid configuration") + more, options);
  }
}

/** A fetch that may succeed later: network error, timeout, 5xx, 429. `retryAfterMs` when the server said. */
export class FetchRetryableError extends Error {
  override name = "FetchRetryableError";
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A fetch that will not succeed by retrying now: too large, redirect loop, refused address, bad scheme. */
export class FetchPermanentError extends Error {
  override name = "FetchPermanentError";
}

// Configuration errors are the vocabulary's: the registry and the rubric report problems alike.
export { ConfigError, formatConfigIssue } from "@touming/vocabulary";
export type { ConfigIssue } from "@touming/vocabulary";

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

/**
 * The document is over one of extraction's limits (input bytes, inflated bytes, pages, elements,
 * nesting, text): refused as `too_large` instead of exhausting memory or time. A newer extractor
 * with other limits may read it.
 */
export class DocumentTooLargeError extends Error {
  override name = "DocumentTooLargeError";
}

/** Reading took longer than its time budget: `timeout`, worth retrying when the machine is idle. */
export class DocumentTimeoutError extends Error {
  override name = "DocumentTimeoutError";
}

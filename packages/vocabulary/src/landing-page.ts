/**
 * An article page whose own text is at most this long holds no report of its own, only a link to
 * one (its attachment) or its scanned pages (its images): extraction reads such a page as a landing
 * page and the crawler queues its page images. One threshold for both.
 */
export const LANDING_PAGE_CHARS = 1500;

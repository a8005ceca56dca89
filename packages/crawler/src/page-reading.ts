import { redirectShellTarget } from "./anti-bot.js";
import { type ListReading, LIST_PATTERNS, readListPage, toListPage } from "./list-patterns/index.js";
import type { ListPattern } from "./list-patterns/list-pattern.js";
import { readAttachments } from "./page-attachments.js";
import { type LinkCandidate, readLinks } from "./page-links.js";
import { decodePage } from "./page-text.js";
import type { StoredCopy } from "./stored-copy.js";

/** A fetched page to read, and what for: a site page's links, a list page's entries and pager, an article's attachments. */
export interface PageJob {
  want: "site" | "list" | "article";
  /** The page's bytes; empty when they are a stored copy's (`stored`). */
  body: Uint8Array;
  /**
   * A page answered 304, read from its stored copy where it is read (readStoredCopy): the crawl's
   * thread neither reads nor sends its bytes.
   */
  stored?: StoredCopy;
  contentType: string | null;
  /** Where the page was answered from (after redirects). */
  url: string;
}

/** What was read from a page. A redirect shell is only that: nothing else is read from it. */
export type PageReading =
  | { shell: string }
  | {
      shell: null;
      /** The page had more than MAX_LINKS_READ links; those beyond were not read. */
      linksCapped: boolean;
      /** site: the page's links. */
      links?: LinkCandidate[];
      /** list: what the list patterns read. */
      list?: ListReading;
      /** article: its attachments. */
      attachments?: LinkCandidate[];
      /** article: its page images, in page order, when its body is the report's scanned pages. */
      pageImages?: LinkCandidate[];
    };

/**
 * Reads a page: decoded by its charset, a JavaScript redirect shell recognised, then the links, list
 * entries or attachments asked for. Pure and linear in the page (links read up to MAX_LINKS_READ), so
 * that it can run on a worker thread under a time budget (see PageReader).
 */
export function readPage(job: PageJob, patterns: readonly ListPattern[] = LIST_PATTERNS): PageReading {
  const text = decodePage(job.body, job.contentType);
  const shell = redirectShellTarget(text, job.url);
  if (shell) return { shell };
  if (job.want === "article") {
    const { attachments, pageImages, capped } = readAttachments(text, job.url);
    return { shell: null, attachments, pageImages, linksCapped: capped };
  }
  if (job.want === "site") {
    const { links, capped } = readLinks(text, job.url);
    return { shell: null, links, linksCapped: capped };
  }
  const page = toListPage(text, job.url, job.contentType);
  return { shell: null, list: readListPage(page, patterns), linksCapped: page.linksCapped };
}

import type { Answer } from "../fetch-policy.js";
import type { FetchedResource } from "../http-fetch.js";
import type { PageJob, PageReading } from "../page-reading.js";
import { endFailedRequest } from "./failed-request.js";
import { readFetchedPage } from "./page-reading-outcome.js";
import { followRedirectShell } from "./redirect-shell.js";
import type { CrawlContext, CrawlItem, ItemResult, PageHandler } from "./page-handler.js";

const NO_BYTES = new Uint8Array(0);

/**
 * What to read: the response's body, or a 304's stored copy (null when there is none). Where blobs
 * are files, the page reader reads the copy itself: the crawl's thread neither reads nor sends it.
 */
async function bytesOf(
  crawl: CrawlContext,
  response: FetchedResource,
  copy: string | null,
): Promise<Pick<PageJob, "body" | "stored"> | null> {
  if (!response.notModified) return { body: response.body };
  if (!copy) return null;
  const file = crawl.blobs.pathOf?.(copy);
  if (file) return { body: NO_BYTES, stored: { file, sha256: copy } };
  const body = await crawl.blobs.get(copy).catch(() => null);
  return body && { body };
}

/** A site or list page as fetched (a 304 read from the copy stored last time) and read. */
export interface FetchedPage {
  /** Where it was answered from (after redirects). */
  url: string;
  reading: Extract<PageReading, { shell: null }>;
}

/** What sets a site page apart from a list page: what is read from it, and an HTTP error's meaning. */
export interface NavigationRules {
  kind: "site" | "list";
  read(item: CrawlItem, page: FetchedPage, crawl: CrawlContext): Promise<Omit<ItemResult, "attempts">>;
  /** A request that ended without a page: how the item ends, or null for the usual failure. */
  failed?(
    item: CrawlItem,
    answer: Extract<Answer, { ok: false }>,
    crawl: CrawlContext,
  ): Promise<ItemResult | null>;
}

/**
 * A page read for its links, not stored as a document: requested conditionally against the last
 * copy (list pages are read every crawl; a 304 reads the stored copy), read by the page reader, a
 * JavaScript redirect shell followed.
 */
export function navigationHandler(rules: NavigationRules): PageHandler {
  return {
    kind: rules.kind,
    readsAhead: "stored-copy",
    async handle(item, crawl) {
      const last = await crawl.lookahead.storedCopy(item.agency.id, item.url);
      const answer = await crawl.fetcher.request(item.agency, item.url, {
        ...(item.meta.method ? { method: item.meta.method } : {}),
        etag: last?.etag ?? null,
        lastModified: last?.last_modified ?? null,
        limits: crawl.options.pageLimits,
        attempt: item.attempt,
      });
      if (!answer.ok)
        return (await rules.failed?.(item, answer, crawl)) ?? endFailedRequest(crawl, item, answer);
      const { response, attempts } = answer;
      const bytes = await bytesOf(crawl, response, last?.sha256 ?? null);
      if (!bytes) return { outcome: "failed", reason: "304 without a stored copy", discovered: [], attempts };
      const contentType = response.contentType ?? last?.content_type ?? null;
      const url = response.finalUrl;
      const read = await readFetchedPage(crawl, item, { want: rules.kind, ...bytes, contentType, url });
      if ("ended" in read) return { ...read.ended, attempts };
      const { reading } = read;
      if (reading.shell !== null)
        return {
          ...(await followRedirectShell(item, crawl, reading.shell, { kind: item.kind, meta: {} })),
          attempts,
        };
      return { ...(await rules.read(item, { url, reading }, crawl)), attempts };
    },
  };
}

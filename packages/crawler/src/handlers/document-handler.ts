import {
  type DocumentRow,
  type DocumentSighting,
  addDocument,
  hasUnfetchedAttachments,
  lastSuccessfulFetch,
  recordDocumentContent,
} from "@touming/store";
import type { HttpLimits, FetchedResource } from "../http-fetch.js";
import { endFailedRequest } from "./failed-request.js";
import type {
  CrawlContext,
  CrawlItem,
  Discovered,
  ItemOutcome,
  ItemResult,
  PageHandler,
} from "./page-handler.js";

/** The body of a stored document, as the handler reads it for further links. */
export interface StoredDocument {
  id: number;
  /** Stored for the first time now: nothing was recorded under it before (no page images of its own). */
  first: boolean;
  body: Buffer;
  contentType: string | null;
  /** Where the body was answered from (after redirects). */
  url: string;
}

/** What sets one kind of report document (an article page, an attachment file) apart from the other. */
export interface DocumentRules {
  kind: "article" | "attachment";
  limits(crawl: CrawlContext): HttpLimits;
  /**
   * A fresh body that is not the document itself (a redirect shell, a dead link's error page): how
   * the item ends instead of storing it; null to store it.
   */
  refuse(
    item: CrawlItem,
    response: FetchedResource,
    crawl: CrawlContext,
    documentId: () => Promise<number>,
  ): Promise<Omit<ItemResult, "attempts"> | null>;
  /**
   * What the stored document points at (an article's attachments); none for a kind that points at
   * nothing (an attachment), whose stored copy is then not read back on a 304.
   */
  discover?(item: CrawlItem, document: StoredDocument, crawl: CrawlContext): Promise<Discovered[]>;
}

/**
 * A report document's handler: not requested again within the recheck period, requested
 * conditionally with the validators of the stored copy, stored in blobs and `documents`.
 */
export function documentHandler(rules: DocumentRules): PageHandler {
  return {
    kind: rules.kind,
    readsAhead: "document",
    async handle(item, crawl) {
      const known = await crawl.lookahead.document(item.agency.id, item.url);
      if (known && (await recentlyVerified(crawl, known))) {
        return { outcome: "unchanged", discovered: [], attempts: 0, recentlyVerified: true };
      }
      let id = known?.id;
      const documentId = async () => (id ??= (await sighting(crawl, item, rules.kind)).id);
      const answer = await crawl.fetcher.request(item.agency, item.url, {
        ...(item.meta.method ? { method: item.meta.method } : {}),
        etag: known?.etag ?? null,
        lastModified: known?.last_modified ?? null,
        limits: rules.limits(crawl),
        attempt: item.attempt,
      });
      if (!answer.ok) return endFailedRequest(crawl, item, answer, documentId);
      const { response, attempts, sha256 } = answer;
      if (!response.notModified) {
        const refused = await rules.refuse(item, response, crawl, documentId);
        if (refused) return { ...refused, attempts };
      }
      const document = id ?? (() => sightingOf(item, rules.kind));
      const stored = await store(crawl, response, { sha256, known, document, readBack: !!rules.discover });
      const discovered =
        rules.discover && stored.body.length > 0 ? await rules.discover(item, stored, crawl) : [];
      return { outcome: stored.outcome, discovered, attempts };
    },
  };
}

/** What the crawl item says of its document. */
const sightingOf = (item: CrawlItem, kind: "article" | "attachment"): DocumentSighting => ({
  agencyId: item.agency.id,
  url: item.url,
  kind,
  title: item.meta.title ?? null,
  listedDate: item.meta.listedDate ?? null,
  listedDateSource: item.meta.listedDateSource ?? null,
  parentId: item.parentDocumentId,
});

/** The document's row, made when the handler found none (see addDocument). */
const sighting = (crawl: CrawlContext, item: CrawlItem, kind: "article" | "attachment") =>
  addDocument(crawl.db, sightingOf(item, kind), crawl.clock);

/**
 * Keeps the body (a 304 keeps the stored one) and records it on the document: new, changed or
 * unchanged. `sha256` is the body's blob when the fetch log stored it already (not hashed again).
 * `document` is the document's id, or what to sight when it has no row yet: it is then added with
 * its content, in the crawl's batch with its row's end (CrawlContext.addDocument). On a 304 the
 * stored copy is read back only when `readBack` (a report of a kind that points at nothing is not: a
 * PDF rechecked each week was read whole and hashed for nothing); the body is then empty.
 */
async function store(
  crawl: CrawlContext,
  response: FetchedResource,
  {
    sha256: stored,
    known,
    document,
    readBack,
  }: {
    sha256: string | null;
    known: DocumentRow | undefined;
    document: number | (() => DocumentSighting);
    readBack: boolean;
  },
): Promise<StoredDocument & { outcome: ItemOutcome }> {
  const contentType = response.contentType ?? known?.content_type ?? null;
  const sha256 = response.notModified
    ? known?.blob_sha256
    : (stored ?? (await crawl.blobs.put(response.body)).sha256);
  if (!sha256) {
    const id =
      typeof document === "number" ? document : (await addDocument(crawl.db, document(), crawl.clock)).id;
    return {
      id,
      first: false,
      body: response.body,
      contentType,
      url: response.finalUrl,
      outcome: "unchanged",
    };
  }
  const content = {
    sha256,
    contentType: response.notModified ? (known?.content_type ?? null) : response.contentType,
    etag: response.etag ?? known?.etag ?? null,
    lastModified: response.lastModified ?? known?.last_modified ?? null,
  };
  // A report fetched for the first time is written with its row's end (its id provisional until then).
  const { id, outcome } =
    typeof document === "number"
      ? { id: document, outcome: await recordDocumentContent(crawl.db, document, content, crawl.clock) }
      : { id: crawl.addDocument(document(), content), outcome: "new" as const };
  const body = !response.notModified
    ? response.body
    : readBack
      ? await crawl.blobs.get(sha256).catch(() => Buffer.alloc(0))
      : Buffer.alloc(0);
  return { id, first: outcome === "new", body, contentType, url: response.finalUrl, outcome };
}

/**
 * A report fetched successfully within the recheck period is not requested again, unless it is an
 * article with an attachment still to fetch (reading the article again is how the attachment is retried).
 */
async function recentlyVerified(crawl: CrawlContext, known: DocumentRow): Promise<boolean> {
  const days = crawl.options.recheckAfterDays;
  if (days <= 0 || known.fetch_state !== "fetched" || !known.blob_sha256) return false;
  if (known.kind === "article" && (await hasUnfetchedAttachments(crawl.db, known.id))) return false;
  const last = await lastSuccessfulFetch(crawl.db, known.url);
  if (!last) return false;
  return crawl.clock().getTime() - Date.parse(last.fetched_at) < days * 86_400_000;
}

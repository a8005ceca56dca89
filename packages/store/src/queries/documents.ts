import type { ExpressionBuilder, Kysely } from "kysely";
import { type Clock, stamp, systemClock } from "../clock.js";
import type { Database, DocumentKind, DocumentRow, ListedDateSource } from "../schema.js";
import { readInLists } from "../dialects/statement-rows.js";

export interface DocumentSighting {
  agencyId: string;
  url: string;
  kind: DocumentKind;
  title?: string | null;
  listedDate?: string | null;
  /** Where listedDate was read: `api` (a JSON list API's record) or `list` (beside the link on an HTML list). */
  listedDateSource?: ListedDateSource | null;
  parentId?: number | null;
}

/**
 * Records that a report candidate was seen (on a list page, as an attachment, as a local file).
 * Idempotent on (agency, url): a second sighting only refreshes last_seen_at and fills blanks. A
 * listed date and its source are kept together: a sighting with a date replaces both.
 */
export async function upsertDocument(
  db: Kysely<Database>,
  doc: DocumentSighting,
  clock: Clock = systemClock,
): Promise<{ id: number; created: boolean }> {
  const now = stamp(clock);
  const existing = await db
    .selectFrom("documents")
    .select(["id", "title", "listed_date", "listed_date_source", "parent_id"])
    .where("agency_id", "=", doc.agencyId)
    .where("url", "=", doc.url)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable("documents")
      .set({
        last_seen_at: now,
        title: doc.title ?? existing.title,
        listed_date: doc.listedDate ?? existing.listed_date,
        listed_date_source: doc.listedDate ? (doc.listedDateSource ?? null) : existing.listed_date_source,
        parent_id: doc.parentId ?? existing.parent_id,
      })
      .where("id", "=", existing.id)
      .execute();
    return { id: existing.id, created: false };
  }
  return addDocument(db, doc, clock);
}

/** The columns a new document's row takes from its first sighting at `now`. */
const sightedRow = (doc: DocumentSighting, now: string) => ({
  agency_id: doc.agencyId,
  url: doc.url,
  kind: doc.kind,
  title: doc.title ?? null,
  listed_date: doc.listedDate ?? null,
  listed_date_source: doc.listedDate ? (doc.listedDateSource ?? null) : null,
  parent_id: doc.parentId ?? null,
  first_seen_at: now,
  last_seen_at: now,
});

/**
 * Records a sighting of a document the caller has just looked up and not found (the crawler, which
 * reads the row first for its validators): inserted without looking again. Should another writer
 * have added it meanwhile, its row is only touched (last_seen_at), as a second sighting would be.
 */
export async function addDocument(
  db: Kysely<Database>,
  doc: DocumentSighting,
  clock: Clock = systemClock,
): Promise<{ id: number; created: boolean }> {
  const now = stamp(clock);
  const row = await db
    .insertInto("documents")
    .values({
      ...sightedRow(doc, now),
      fetch_state: "pending",
      extraction_state: "pending",
    })
    .onConflict((oc) => oc.columns(["agency_id", "url"]).doUpdateSet({ last_seen_at: now }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

/**
 * A document sighted and fetched in one go (the crawler's first fetch of a report): inserted with its
 * content, queued for extraction, in one statement — a sighting and then its content took two
 * transactions and four statements. Should another writer have added it meanwhile, it is recorded
 * as a sighting and then a fetch of that row, as addDocument and recordDocumentContent would.
 */
export async function addFetchedDocument(
  db: Kysely<Database>,
  doc: DocumentSighting,
  content: DocumentContent,
  clock: Clock = systemClock,
): Promise<{ id: number; outcome: ContentOutcome }> {
  const now = stamp(clock);
  const row = await db
    .insertInto("documents")
    .values({
      ...sightedRow(doc, now),
      blob_sha256: content.sha256,
      content_type: content.contentType ?? null,
      etag: content.etag ?? null,
      last_modified: content.lastModified ?? null,
      fetch_state: "fetched",
      extraction_state: "pending",
    })
    .onConflict((oc) => oc.columns(["agency_id", "url"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) return { id: row.id, outcome: "new" };
  const { id } = await addDocument(db, doc, clock);
  return { id, outcome: await recordDocumentContent(db, id, content, clock) };
}

export interface DocumentContent {
  sha256: string;
  contentType?: string | null;
  etag?: string | null;
  lastModified?: string | null;
}

export type ContentOutcome = "new" | "unchanged" | "changed";

/**
 * Attaches fetched bytes (by blob hash) to a document. New or changed content is queued for extraction;
 * a change of content after the first fetch is kept in document_changes (an edited report is a finding).
 */
export async function recordDocumentContent(
  db: Kysely<Database>,
  documentId: number,
  content: DocumentContent,
  clock: Clock = systemClock,
): Promise<ContentOutcome> {
  const now = stamp(clock);
  // In the caller's transaction when it has one (a crawl batch), else in one of its own.
  const inTransaction = (record: (trx: Kysely<Database>) => Promise<ContentOutcome>) =>
    db.isTransaction ? record(db) : db.transaction().execute(record);
  return inTransaction(async (trx) => {
    const doc = await trx
      .selectFrom("documents")
      .select(["blob_sha256"])
      .where("id", "=", documentId)
      .executeTakeFirstOrThrow();
    const validators = {
      content_type: content.contentType ?? null,
      etag: content.etag ?? null,
      last_modified: content.lastModified ?? null,
      last_seen_at: now,
      fetch_state: "fetched" as const,
      fetch_error: null,
    };
    if (doc.blob_sha256 === content.sha256) {
      await trx.updateTable("documents").set(validators).where("id", "=", documentId).execute();
      return "unchanged";
    }
    await trx
      .updateTable("documents")
      .set({
        ...validators,
        blob_sha256: content.sha256,
        changed_at: doc.blob_sha256 === null ? null : now,
        extraction_state: "pending",
        extraction_error: null,
      })
      .where("id", "=", documentId)
      .execute();
    if (doc.blob_sha256 === null) return "new";
    await trx
      .insertInto("document_changes")
      .values({
        document_id: documentId,
        previous_sha256: doc.blob_sha256,
        new_sha256: content.sha256,
        detected_at: now,
      })
      .onConflict((oc) => oc.columns(["document_id", "previous_sha256", "new_sha256"]).doNothing())
      .execute();
    return "changed";
  });
}

/** A fetch that failed: recorded with its reason; the document stays in the queue for the next run. */
export async function recordDocumentFetchFailure(
  db: Kysely<Database>,
  documentId: number,
  error: string,
  clock: Clock = systemClock,
): Promise<void> {
  await db
    .updateTable("documents")
    .set({ fetch_error: error, last_seen_at: stamp(clock) })
    .where("id", "=", documentId)
    .execute();
  await db
    .updateTable("documents")
    .set({ fetch_state: "failed" })
    .where("id", "=", documentId)
    .where("blob_sha256", "is", null)
    .execute();
}

/**
 * One page of documents that need extraction: fetched, and pending, failed last time, or extracted
 * by another extractor version. Page with `afterId` so a large backlog is never loaded at once.
 */
export async function documentsToExtract(
  db: Kysely<Database>,
  options: { extractorVersion: string; afterId?: number; limit?: number; documentIds?: readonly number[] },
): Promise<DocumentRow[]> {
  if (options.documentIds?.length === 0) return [];
  return db
    .selectFrom("documents")
    .selectAll()
    .where("blob_sha256", "is not", null)
    .where("id", ">", options.afterId ?? 0)
    .where((eb) => toExtract(eb, options.extractorVersion))
    .$if(options.documentIds !== undefined, (q) => q.where("id", "in", options.documentIds!))
    .orderBy("id")
    .limit(options.limit ?? 500)
    .execute();
}

/** Documents to (re-)extract: new, changed, failed last time, or extracted by another version. */
function toExtract(eb: ExpressionBuilder<Database, "documents">, extractorVersion: string) {
  return eb.or([
    eb("extraction_state", "in", ["pending", "failed"]),
    eb("extractor_version", "is", null),
    eb("extractor_version", "!=", extractorVersion),
  ]);
}

/** How many documents documentsToExtract would return in all (for progress); `documentIds` limits as there. */
export async function countDocumentsToExtract(
  db: Kysely<Database>,
  extractorVersion: string,
  options: { documentIds?: readonly number[] } = {},
): Promise<number> {
  if (options.documentIds?.length === 0) return 0;
  const row = await db
    .selectFrom("documents")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("blob_sha256", "is not", null)
    .where((eb) => toExtract(eb, extractorVersion))
    .$if(options.documentIds !== undefined, (q) => q.where("id", "in", options.documentIds!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Extraction ended without a report: `failed` is retried next run, `skipped` (not a report) is not. */
export async function recordExtractionOutcome(
  db: Kysely<Database>,
  documentId: number,
  outcome: { state: "failed" | "skipped"; reason: string; extractorVersion: string },
  clock: Clock = systemClock,
): Promise<void> {
  await db
    .updateTable("documents")
    .set({
      extraction_state: outcome.state,
      extraction_error: outcome.reason,
      extractor_version: outcome.extractorVersion,
      extracted_at: stamp(clock),
    })
    .where("id", "=", documentId)
    .execute();
}

export async function getDocument(db: Kysely<Database>, id: number): Promise<DocumentRow | undefined> {
  return db.selectFrom("documents").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Whether a document (an article) has attachments that are not fetched yet or failed last time. */
export async function hasUnfetchedAttachments(db: Kysely<Database>, documentId: number): Promise<boolean> {
  const row = await db
    .selectFrom("documents")
    .select("id")
    .where("parent_id", "=", documentId)
    .where("fetch_state", "!=", "fetched")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A page image of an article as the crawler found it: where it is, and what its `alt` says. */
export interface PageImageSighting {
  url: string;
  title?: string | null;
}

/**
 * Records the page images of an article whose body is its report's scanned pages, as the crawler
 * read the article just now, in page order: each is sighted as an attachment of the article with its
 * page number (1, 2, …); a document that was a page of the article and is not any more loses its
 * number. An empty list clears the article's pages. Returns the pages' document ids, in page order.
 */
export async function recordPageImages(
  db: Kysely<Database>,
  article: { agencyId: string; articleId: number; pages: readonly PageImageSighting[] },
  clock: Clock = systemClock,
): Promise<number[]> {
  /** The article's pages other than `kept` lose their number. */
  const clearPages = async (on: Kysely<Database>, kept: readonly number[]) => {
    let stale = on
      .updateTable("documents")
      .set({ page: null })
      .where("parent_id", "=", article.articleId)
      .where("page", "is not", null);
    if (kept.length > 0) stale = stale.where("id", "not in", kept);
    await stale.execute();
  };
  // Most articles have none: then the one statement clearing any it had, atomic by itself (a
  // transaction around it cost a begin and a commit for every article crawled).
  if (article.pages.length === 0) {
    await clearPages(db, []);
    return [];
  }
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    for (const [i, image] of article.pages.entries()) {
      const { id } = await upsertDocument(
        trx,
        {
          agencyId: article.agencyId,
          url: image.url,
          kind: "attachment",
          title: image.title ?? null,
          parentId: article.articleId,
        },
        clock,
      );
      await trx
        .updateTable("documents")
        .set({ page: i + 1 })
        .where("id", "=", id)
        .execute();
      ids.push(id);
    }
    await clearPages(trx, ids);
    return ids;
  });
}

/** An article's page images (see recordPageImages) in page order, fetched or not. */
export async function pageImagesOf(db: Kysely<Database>, articleId: number): Promise<DocumentRow[]> {
  return db
    .selectFrom("documents")
    .selectAll()
    .where("parent_id", "=", articleId)
    .where("page", "is not", null)
    .orderBy("page")
    .orderBy("id")
    .execute();
}

/** An agency's document by URL: what the crawler already knows of it (validators, blob). */
export async function documentByUrl(
  db: Kysely<Database>,
  agencyId: string,
  url: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom("documents")
    .selectAll()
    .where("agency_id", "=", agencyId)
    .where("url", "=", url)
    .executeTakeFirst();
}

/**
 * The documents of many (agency, URL) pairs at once, as documentByUrl finds each: what the crawler
 * reads ahead for a batch of frontier rows, in statements of at most 128 pairs (`readInLists`; a
 * pair with no document has no row).
 */
export async function documentsByUrls(
  db: Kysely<Database>,
  pairs: readonly { agencyId: string; url: string }[],
): Promise<DocumentRow[]> {
  return readInLists(pairs, (list) =>
    db
      .selectFrom("documents")
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple("agency_id", "url"),
          "in",
          list.map((p) => eb.tuple(p.agencyId, p.url)),
        ),
      )
      .execute(),
  );
}

/** How many documents are in each fetch state and in each extraction state (states with none left out). */
export async function documentStateCounts(
  db: Kysely<Database>,
): Promise<{ byFetchState: Record<string, number>; byExtractionState: Record<string, number> }> {
  const [fetchStates, extractionStates] = await Promise.all([
    db
      .selectFrom("documents")
      .select((eb) => ["fetch_state as state", eb.fn.countAll<number>().as("n")])
      .groupBy("fetch_state")
      .execute(),
    db
      .selectFrom("documents")
      .select((eb) => ["extraction_state as state", eb.fn.countAll<number>().as("n")])
      .groupBy("extraction_state")
      .execute(),
  ]);
  const tally = (rows: { state: string; n: number }[]) =>
    Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  return { byFetchState: tally(fetchStates), byExtractionState: tally(extractionStates) };
}

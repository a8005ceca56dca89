import {
  type DocumentRow,
  type FetchRow,
  type StoreDb,
  type StoredFrontierEntry,
  documentByUrl,
  documentsByUrls,
  lastStoredFetches,
  lastSuccessfulFetch,
} from "@touming/store";
import type { PageHandler } from "./handlers/page-handler.js";

/**
 * What the store holds of the frontier rows about to be handled, read for a loaded batch of rows at
 * once: a report's document (articles, attachments) and a page's last stored copy (list and site
 * pages), as each handler declares (`PageHandler.readsAhead`). Asked a row at a time they were a
 * query each on the crawl's busiest thread: 7,844 in a 1,000-agency crawl, an eighth of its time.
 *
 * An answer read ahead serves the row's first attempt; it is forgotten when that attempt ends
 * (`forget`), so a row tried again, or not read ahead, is looked up when asked. Read ahead, an answer
 * is older than the row's handling by the rows queued before it. A document is written only by its
 * own row, so the one read ahead is the one the row would have found. A page's stored copy may
 * meanwhile have been replaced by the same URL's row of another agency: the request made against
 * the older copy's validators is answered with the page, or with a 304 that the older copy answers.
 */
export class StoreLookahead {
  private readonly documents = new Map<string, DocumentRow | null>();
  private readonly storedCopies = new Map<string, FetchRow | null>();
  private readonly readsAheadOf: ReadonlyMap<string, PageHandler["readsAhead"]>;

  constructor(
    private readonly db: StoreDb,
    handlers: readonly PageHandler[],
  ) {
    this.readsAheadOf = new Map(handlers.map((h) => [h.kind, h.readsAhead]));
  }

  /** Reads ahead what the handlers of these rows will ask: two queries for the lot, at most. */
  async readAhead(rows: readonly StoredFrontierEntry[]): Promise<void> {
    const wanting = (what: PageHandler["readsAhead"]) =>
      rows.filter((row) => this.readsAheadOf.get(row.kind) === what);
    const documentRows = wanting("document");
    if (documentRows.length > 0) {
      const pairs = documentRows.map((row) => ({ agencyId: row.agency_id, url: row.url }));
      const found = new Map(
        (await documentsByUrls(this.db, pairs)).map((d) => [keyOf(d.agency_id, d.url), d]),
      );
      for (const row of documentRows) {
        const key = keyOf(row.agency_id, row.url);
        this.documents.set(key, found.get(key) ?? null);
      }
    }
    const pageRows = wanting("stored-copy");
    if (pageRows.length > 0) {
      const urls = [...new Set(pageRows.map((row) => row.url))];
      const found = new Map((await lastStoredFetches(this.db, urls)).map((f) => [f.url, f]));
      for (const row of pageRows)
        this.storedCopies.set(keyOf(row.agency_id, row.url), found.get(row.url) ?? null);
    }
  }

  /** The agency's document at this URL (documentByUrl), read ahead or looked up now. */
  async document(agencyId: string, url: string): Promise<DocumentRow | undefined> {
    const ahead = this.documents.get(keyOf(agencyId, url));
    return ahead === undefined ? documentByUrl(this.db, agencyId, url) : (ahead ?? undefined);
  }

  /** The URL's newest 200 with a stored body (lastSuccessfulFetch `withBody`), read ahead or looked up now. */
  async storedCopy(agencyId: string, url: string): Promise<FetchRow | undefined> {
    const ahead = this.storedCopies.get(keyOf(agencyId, url));
    return ahead === undefined ? lastSuccessfulFetch(this.db, url, { withBody: true }) : (ahead ?? undefined);
  }

  /** A row's attempt ended (whatever its outcome): what was read ahead for it is let go. */
  forget(agencyId: string, url: string): void {
    const key = keyOf(agencyId, url);
    this.documents.delete(key);
    this.storedCopies.delete(key);
  }

  /** Rows whose answers are held (read ahead, their attempt not ended). */
  get held(): number {
    return this.documents.size + this.storedCopies.size;
  }
}

const keyOf = (agencyId: string, url: string) => `${agencyId}\n${url}`;

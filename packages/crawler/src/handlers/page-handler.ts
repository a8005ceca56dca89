import type {
  Agency,
  BlobStore,
  Clock,
  DocumentContent,
  DocumentSighting,
  FrontierEntry,
  FrontierKind,
  ListedDateSource,
  StoreDb,
} from "@touming/store";
import type { AgencyBudgets } from "../agency-budgets.js";
import type { ResolvedCrawlOptions } from "../crawl-options.js";
import type { FetchPolicy } from "../fetch-policy.js";
import type { PageJob, PageReading } from "../page-reading.js";
import type { ListPageBudget } from "./list-page-budget.js";
import type { StoreLookahead } from "../store-lookahead.js";

/** What a frontier row carries besides its URL (stored as JSON in `crawl_frontier.meta`). */
export type ItemMeta = {
  /** The link's title on the list that pointed here. */
  title?: string;
  listedDate?: string | null;
  /** Where listedDate was read: `api` (a JSON list API's record) or `list` (beside the link on an HTML list). */
  listedDateSource?: ListedDateSource | null;
  year?: number | null;
  method?: "GET" | "POST";
  /** A fingerprint of the entries of the list page that pointed at this one (see entriesFingerprint). */
  previousEntries?: string;
  /** A list page charged to the agency's list-page budget (see ListPageBudget). */
  budgeted?: boolean;
  /** Reached by following a JavaScript redirect shell: a further shell is not followed. */
  viaShell?: boolean;
  /** A page image of an article whose body is its report's scanned pages (see PageImageReader). */
  pageImage?: boolean;
};

/** One frontier row to handle, with its agency. */
export interface CrawlItem {
  agency: Agency;
  url: string;
  kind: FrontierKind;
  depth: number;
  parentDocumentId: number | null;
  meta: ItemMeta;
  /** Which attempt at the URL in this crawl this is (1 for the first; more after `deferred`). */
  attempt: number;
}

export type ItemOutcome =
  | "new"
  | "changed"
  | "unchanged"
  | "listed"
  | "skipped"
  | "failed"
  | "blocked"
  /** Worth trying again in `retryInMs` (back-off, Retry-After): re-queued, holding no slot meanwhile. */
  | "deferred";

/** A URL found while handling an item, queued for the same agency. */
export type Discovered = Omit<FrontierEntry, "agencyId">;

/** How an item ended and what it found. */
export interface ItemResult {
  outcome: ItemOutcome;
  reason?: string;
  discovered: Discovered[];
  /** Requests made for the item (0 when none was needed). */
  attempts: number;
  /** A known report not requested: fetched within the recheck period. */
  recentlyVerified?: boolean;
  /** With `deferred`: when to try again. */
  retryInMs?: number;
}

/** What handlers work with; one per crawl. */
export interface CrawlContext {
  db: StoreDb;
  blobs: BlobStore;
  clock: Clock;
  runId: number | null;
  /** The crawl's stop signal: what is cut short by it is left for the next crawl, not recorded as a failure. */
  signal?: AbortSignal | undefined;
  options: ResolvedCrawlOptions;
  fetcher: FetchPolicy;
  /** List pages each agency may still follow in this crawl. */
  listBudget: ListPageBudget;
  /** What each agency used against its budgets. */
  budgets: AgencyBudgets;
  /** Reads a fetched page (off the main thread, within a time budget); a PageReadError when it cannot. */
  readPage(job: PageJob): Promise<PageReading>;
  finding(agency: Agency, url: string, kind: string, detail: string): Promise<void>;
  /**
   * A report fetched for the first time, written with the end of the row that fetched it (see
   * CrawlJournal). Returns its id until then: provisional (negative), good as the parent of what the
   * row discovers.
   */
  addDocument(sighting: DocumentSighting, content: DocumentContent): number;
  /** A document's id in the store: a report still waiting under a provisional id is written now. */
  documentId(id: number): Promise<number>;
  /** What the store holds of the rows being handled (their documents, pages' stored copies), read ahead. */
  lookahead: StoreLookahead;
}

/**
 * Handles the frontier rows of one kind (site page, list page, article, attachment): fetches the URL
 * through the context's fetch policy, stores what it should, and says what it found.
 */
export interface PageHandler {
  readonly kind: FrontierKind;
  /**
   * What the handler first asks the store of its row, read ahead for a loaded batch of rows
   * (StoreLookahead): the row's document, or its page's last stored copy.
   */
  readonly readsAhead?: "document" | "stored-copy";
  handle(item: CrawlItem, crawl: CrawlContext): Promise<ItemResult>;
}

import {
  type BatchedDocument,
  type Clock,
  type CrawlBatch,
  type CrawlBatchWriter,
  type DocumentContent,
  type DocumentSighting,
  type FetchRecord,
  type FrontierCompletion,
  type StoreDb,
  addFetchedDocument,
  batchWriterOn,
} from "@touming/store";

export interface CrawlJournalOptions {
  /** Ended frontier rows held before a batch is written. Default 256 (64 took twice as many commits: 0.55 s of a 1,000-agency crawl against 0.27). */
  maxItems?: number;
  /** Longest anything waits to be written (ms). Default 250. */
  maxDelayMs?: number;
  /**
   * Where batches are written. Default on `db`'s connection; the crawl stage passes a thread of its
   * own on SQLite (`openCrawlBatchWriter`). Reports written at once (`documentId`) go to `db`.
   */
  writer?: CrawlBatchWriter;
}

type Finding = CrawlBatch["findings"][number];

/**
 * The crawl's writes that may wait a moment (the fetch log, findings, the URLs each ended item
 * discovered and its end in the frontier), written in one transaction per batch instead of a few per
 * request. A batch is written when it holds `maxItems` ended rows, `maxDelayMs` after its first
 * entry, and whenever the crawl asks (`flush`: before reading the frontier, at its end).
 *
 * Reports fetched for the first time are written in the batch too (`addDocument`): an autocommitted
 * insert per report was, with its five indexes, half of the crawl's SQL time. Until then a report goes
 * by a provisional id (negative), which what its row discovers may name as its parent; the batch
 * writes the report first and gives them its id. `documentId` writes one at once, for what needs
 * its id in the store before the row ends (its page images).
 *
 * Durability: a crawl killed before a batch commits loses the whole batch and nothing else. Its rows
 * are still pending in the frontier, and no fetch is logged nor report written for them, so the next
 * crawl requests them again. Blobs are written at once (a blob no row names is only unused).
 *
 * That holds because a row's fetches are written with its end, never before: from `begin` until
 * `complete`, the fetches of its URL wait for it (a batch written meanwhile leaves them out). A fetch
 * logged in an earlier batch than its row's end would let a kill between the two leave a report
 * fetched and logged but its row pending: the resumed crawl found it fetched within the recheck
 * period, did not request or read it again, and never queued its attachments.
 *
 * A failed write (a full disk) is kept: every later call throws it, so the crawl stops with it.
 */
export class CrawlJournal {
  /** Frontier rows the written batches added (URLs not queued before). */
  added = 0;
  private fetches: (FetchRecord & { at: string })[] = [];
  private findings: Finding[] = [];
  private completions: FrontierCompletion[] = [];
  private documents: BatchedDocument[] = [];
  /** Rows being handled (begun, not ended), by agency and URL, with the writes that wait for their end. */
  private readonly handling = new Map<
    string,
    { id: number; fetches: (FetchRecord & { at: string })[]; documents: BatchedDocument[] }
  >();
  /**
   * Reports' provisional ids and their ids in the store, for those written by documentId and those
   * added while no row was handled (`unbound`, which documentId may ask for after their batch): a
   * report written with its row's end is named by its key in that batch only, and is not kept here.
   */
  private readonly written = new Map<number, number>();
  private readonly unbound = new Set<number>();
  private nextKey = -1;
  private readonly keyOfRow = new Map<number, string>();
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly maxItems: number;
  private readonly maxDelayMs: number;
  private readonly writer: CrawlBatchWriter;

  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
    options: CrawlJournalOptions = {},
  ) {
    this.maxItems = options.maxItems ?? 256;
    this.maxDelayMs = options.maxDelayMs ?? 250;
    this.writer = options.writer ?? batchWriterOn(db);
  }

  /** Entries not written yet (with the fetches waiting for their row's end). */
  get pending(): number {
    let waiting = 0;
    for (const row of this.handling.values()) waiting += row.fetches.length + row.documents.length;
    return (
      this.fetches.length + waiting + this.findings.length + this.completions.length + this.documents.length
    );
  }

  /**
   * A frontier row is being handled: the fetches of its URL wait for its end (`complete`), so that
   * both are written in the same batch. A row tried again later (deferred) stays begun until it ends.
   */
  begin(row: { id: number; agencyId: string; url: string }): void {
    this.throwIfFailed();
    if (this.keyOfRow.has(row.id)) return;
    const key = rowKey(row.agencyId, row.url);
    this.handling.set(key, { id: row.id, fetches: [], documents: [] });
    this.keyOfRow.set(row.id, key);
  }

  /** One attempt for the `fetches` log, stamped now (held until its row ends, if one is being handled). */
  fetch(record: FetchRecord): void {
    this.throwIfFailed();
    const entry = { ...record, at: this.now() };
    const row = record.agencyId ? this.handling.get(rowKey(record.agencyId, record.url)) : undefined;
    if (row) row.fetches.push(entry);
    else {
      this.fetches.push(entry);
      this.later();
    }
  }

  /**
   * A report fetched for the first time: written with the end of the row that fetched it (the one
   * being handled for its agency and URL), else with the next batch. Returns its provisional id.
   */
  addDocument(sighting: DocumentSighting, content: DocumentContent): number {
    this.throwIfFailed();
    const document = { key: this.nextKey--, sighting, content, at: this.now() };
    const row = this.handling.get(rowKey(sighting.agencyId, sighting.url));
    if (row) row.documents.push(document);
    else {
      this.documents.push(document);
      this.unbound.add(document.key);
      this.later();
    }
    return document.key;
  }

  /** A document's id in the store: a report still waiting (a provisional id) is written now. */
  async documentId(id: number): Promise<number> {
    this.throwIfFailed();
    if (id >= 0) return id;
    const known = this.written.get(id);
    if (known !== undefined) return known;
    const take = (list: BatchedDocument[]) => {
      const at = list.findIndex((d) => d.key === id);
      return at < 0 ? undefined : list.splice(at, 1)[0];
    };
    let document = take(this.documents);
    for (const row of this.handling.values()) document ??= take(row.documents);
    if (!document) {
      // Taken by a batch being written: its id is known once the batch is.
      await this.flush();
      const stored = this.written.get(id);
      if (stored === undefined) throw new Error(`no report was written under the id ${id}`);
      return stored;
    }
    const { sighting, content, at } = document;
    this.unbound.delete(id);
    const written = await addFetchedDocument(this.db, sighting, content, () => new Date(at));
    this.written.set(id, written.id);
    return written.id;
  }

  finding(finding: Omit<Finding, "at">): void {
    this.throwIfFailed();
    this.findings.push({ ...finding, at: this.now() });
    this.later();
  }

  /** A frontier row ended, with what it discovered: both are written in the same transaction. */
  complete(completion: Omit<FrontierCompletion, "at">): void {
    this.throwIfFailed();
    const key = this.keyOfRow.get(completion.id);
    if (key !== undefined) {
      const row = this.handling.get(key)!;
      this.fetches.push(...row.fetches);
      this.documents.push(...row.documents);
      this.handling.delete(key);
      this.keyOfRow.delete(completion.id);
    }
    // What names a report written before its row ended names it by its id in the store.
    const discovered = completion.discovered.map((d) =>
      d.parentDocumentId != null && this.written.has(d.parentDocumentId)
        ? { ...d, parentDocumentId: this.written.get(d.parentDocumentId)! }
        : d,
    );
    this.completions.push({ ...completion, discovered, at: this.now() });
    if (this.completions.length >= this.maxItems) void this.flush().catch(() => {});
    else this.later();
  }

  /**
   * Writes what is held (after any batch being written); rejects with the journal's write failure.
   * The fetches of rows not ended yet keep waiting, unless `unended` (the crawl's last flush: a crawl
   * that stops logs the requests of the rows it leaves pending, which the next crawl requests again).
   */
  flush(options: { unended?: boolean } = {}): Promise<void> {
    if (options.unended) {
      for (const row of this.handling.values()) {
        this.fetches.push(...row.fetches);
        this.documents.push(...row.documents);
      }
      this.handling.clear();
      this.keyOfRow.clear();
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = {
      documents: this.documents,
      fetches: this.fetches,
      findings: this.findings,
      completions: this.completions,
    } satisfies CrawlBatch;
    this.documents = [];
    this.fetches = [];
    this.findings = [];
    this.completions = [];
    this.writing = this.writing.then(async () => {
      const entries =
        batch.documents.length + batch.fetches.length + batch.findings.length + batch.completions.length;
      if (this.failure || entries === 0) return;
      try {
        const { added, documentIds } = await this.writer.write(batch);
        this.added += added;
        for (const [key, id] of documentIds) if (this.unbound.delete(key)) this.written.set(key, id);
      } catch (error) {
        this.failure = { error };
      }
    });
    return this.writing.then(() => this.throwIfFailed());
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private later(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => {}), this.maxDelayMs);
    this.timer.unref();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

const rowKey = (agencyId: string, url: string) => `${agencyId}\n${url}`;

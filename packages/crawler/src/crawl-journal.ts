import {
  type Clock,
  type CrawlBatch,
  type FetchRecord,
  type FrontierCompletion,
  type StoreDb,
  recordCrawlBatch,
} from "@touming/store";

export interface CrawlJournalOptions {
  /** Ended frontier rows held before a batch is written. Default 64. */
  maxItems?: number;
  /** Longest anything waits to be written (ms). Default 250. */
  maxDelayMs?: number;
}

type Finding = CrawlBatch["findings"][number];

/**
 * The crawl's writes that may wait a moment (the fetch log, findings, the URLs each ended item
 * discovered and its end in the frontier), written in one transaction per batch instead of a few per
 * request. A batch is written when it holds `maxItems` ended rows, `maxDelayMs` after its first
 * entry, and whenever the crawl asks (`flush`: before reading the frontier, at its end).
 *
 * Durability: a crawl killed before a batch commits loses the whole batch and nothing else. Its rows
 * are still pending in the frontier, and no fetch is logged for them, so the next crawl requests them
 * again (a report stored meanwhile is asked for conditionally and read again for its attachments).
 * Documents and blobs are written at once, as before.
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
  /** Rows being handled (begun, not ended), by agency and URL, with the fetches that wait for their end. */
  private readonly handling = new Map<string, { id: number; fetches: (FetchRecord & { at: string })[] }>();
  private readonly keyOfRow = new Map<number, string>();
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly maxItems: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
    options: CrawlJournalOptions = {},
  ) {
    this.maxItems = options.maxItems ?? 64;
    this.maxDelayMs = options.maxDelayMs ?? 250;
  }

  /** Entries not written yet (with the fetches waiting for their row's end). */
  get pending(): number {
    let waiting = 0;
    for (const row of this.handling.values()) waiting += row.fetches.length;
    return this.fetches.length + waiting + this.findings.length + this.completions.length;
  }

  /**
   * A frontier row is being handled: the fetches of its URL wait for its end (`complete`), so that
   * both are written in the same batch. A row tried again later (deferred) stays begun until it ends.
   */
  begin(row: { id: number; agencyId: string; url: string }): void {
    this.throwIfFailed();
    if (this.keyOfRow.has(row.id)) return;
    const key = rowKey(row.agencyId, row.url);
    this.handling.set(key, { id: row.id, fetches: [] });
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
      this.fetches.push(...this.handling.get(key)!.fetches);
      this.handling.delete(key);
      this.keyOfRow.delete(completion.id);
    }
    this.completions.push({ ...completion, at: this.now() });
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
      for (const row of this.handling.values()) this.fetches.push(...row.fetches);
      this.handling.clear();
      this.keyOfRow.clear();
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch: CrawlBatch = {
      fetches: this.fetches,
      findings: this.findings,
      completions: this.completions,
    };
    this.fetches = [];
    this.findings = [];
    this.completions = [];
    this.writing = this.writing.then(async () => {
      if (this.failure || batch.fetches.length + batch.findings.length + batch.completions.length === 0)
        return;
      try {
        this.added += await recordCrawlBatch(this.db, batch);
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

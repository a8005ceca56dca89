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
 * A failed write (a full disk) is kept: every later call throws it, so the crawl stops with it.
 */
export class CrawlJournal {
  /** Frontier rows the written batches added (URLs not queued before). */
  added = 0;
  private fetches: (FetchRecord & { at: string })[] = [];
  private findings: Finding[] = [];
  private completions: FrontierCompletion[] = [];
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

  /** Entries not written yet. */
  get pending(): number {
    return this.fetches.length + this.findings.length + this.completions.length;
  }

  /** One attempt for the `fetches` log, stamped now. */
  fetch(record: FetchRecord): void {
    this.throwIfFailed();
    this.fetches.push({ ...record, at: this.now() });
    this.later();
  }

  finding(finding: Omit<Finding, "at">): void {
    this.throwIfFailed();
    this.findings.push({ ...finding, at: this.now() });
    this.later();
  }

  /** A frontier row ended, with what it discovered: both are written in the same transaction. */
  complete(completion: Omit<FrontierCompletion, "at">): void {
    this.throwIfFailed();
    this.completions.push({ ...completion, at: this.now() });
    if (this.completions.length >= this.maxItems) void this.flush().catch(() => {});
    else this.later();
  }

  /** Writes what is held (after any batch being written); rejects with the journal's write failure. */
  flush(): Promise<void> {
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

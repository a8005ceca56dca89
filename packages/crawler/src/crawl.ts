import {
  type Agency,
  type BlobStore,
  type Clock,
  type CrawlBatchWriter,
  type FrontierEntry,
  type StoreDb,
  type StoredFrontierEntry,
  frontierCounts,
  frontierListPages,
  openFrontierRounds,
  startFrontierRound,
  lastCrawlFindingId,
  listAgencies,
  pendingFrontier,
} from "@touming/store";
import { AgencyBudgets } from "./agency-budgets.js";
import { recordCoverage } from "./crawl-coverage.js";
import { CrawlJournal } from "./crawl-journal.js";
import { type CrawlOptions, agencyFetchPolicy, resolveCrawlOptions } from "./crawl-options.js";
import { type CrawlSummary, CrawlTally } from "./crawl-tally.js";
import { FetchPolicy } from "./fetch-policy.js";
import { runScheduler } from "./frontier-scheduler.js";
import { PAGE_HANDLERS, crawlItem, handleItem } from "./handlers/index.js";
import { ListPageBudget } from "./handlers/list-page-budget.js";
import type { CrawlContext, ItemOutcome } from "./handlers/page-handler.js";
import { type HostGate, LocalHostGate } from "./host-gate.js";
import { HttpClient } from "./http-client.js";
import { LIST_PATTERNS } from "./list-patterns/index.js";
import { PageReader } from "./page-reader.js";
import type { PageJob } from "./page-reading.js";
import { redactSecrets } from "./redact-secrets.js";
import { readPageJob } from "./stored-copy.js";
import { StoreLookahead } from "./store-lookahead.js";

export type { CrawlSummary } from "./crawl-tally.js";

export interface CrawlDeps {
  db: StoreDb;
  blobs: BlobStore;
  runId?: number | null;
  clock?: Clock;
  /** Stops the crawl: nothing more is started; what was not finished stays pending for the next crawl. */
  signal?: AbortSignal;
  onEvent?: (event: CrawlEvent) => void;
  /**
   * Per-host politeness. Default a `LocalHostGate` of this crawl; a worker sharing its database with
   * others passes a `SharedHostGate` so that they all keep each host's concurrency and delay together.
   */
  gate?: HostGate;
  /**
   * Where fetched pages are read (a worker thread). Default one of this crawl's, closed at its end;
   * a worker running one crawl per agency passes one it keeps across them (it owns and closes it),
   * so each crawl does not start a thread of its own.
   */
  reader?: PageReader;
  /**
   * Where the crawl's batches of writes go (see CrawlJournal). Default `db`'s connection; the crawl
   * stage passes a thread of its own on SQLite (`openCrawlBatchWriter`), which its caller closes.
   */
  writer?: CrawlBatchWriter;
}

export type CrawlEvent =
  | { type: "start"; agencies: number; resumed: boolean; pending: number }
  | {
      type: "item";
      agencyId: string;
      url: string;
      kind: string;
      outcome: ItemOutcome;
      reason?: string;
      done: number;
      total: number;
    };

/** The store's agencies, or those of `ids` (an unknown id is an error naming it). */
async function selectAgencies(db: StoreDb, ids: readonly string[] | null): Promise<Agency[]> {
  if (!ids) return listAgencies(db);
  const selected = await listAgencies(db, ids);
  const missing = ids.filter((id) => !selected.some((a) => a.id === id));
  if (missing.length > 0)
    throw new Error(`unknown agency: ${missing.join(", ")} (import it with touming agencies import)`);
  return selected;
}

/** A new crawl generation starts at each agency's report columns, or at its site root when it has none. */
async function seedFrontier(
  db: StoreDb,
  agencies: readonly Agency[],
  clock: Clock,
  scope?: readonly string[],
) {
  const seeds: FrontierEntry[] = [];
  for (const a of agencies) {
    if (a.listUrls.length > 0)
      for (const url of a.listUrls) seeds.push({ agencyId: a.id, url, kind: "list" });
    else if (a.siteUrl) seeds.push({ agencyId: a.id, url: a.siteUrl, kind: "site" });
  }
  await startFrontierRound(db, { agencyIds: scope, agencies: agencies.map((a) => a.id), seeds }, clock);
}

/**
 * Crawls the registry's agencies: robots, politeness per host, retries, conditional GETs, report
 * links from list pages (the CMS list patterns, plus `options.listPatterns`), articles and their
 * attachments into blobs and `documents`. The frontier is in the database: a killed crawl resumes
 * where it stopped. A crawl that runs to its end records each agency's coverage (`crawl_coverage`:
 * were its lists read whole, and if not, why).
 */
export async function crawl(deps: CrawlDeps, options: CrawlOptions = {}): Promise<CrawlSummary> {
  const resolved = resolveCrawlOptions(options);
  const clock = deps.clock ?? (() => new Date());
  const selected = await selectAgencies(deps.db, resolved.agencyIds);
  const agencies = new Map(selected.map((a) => [a.id, a]));
  const tally = new CrawlTally([...agencies.keys()]);
  const runId = deps.runId ?? null;
  // Fetch log rows, findings and frontier updates are written in batches (see CrawlJournal).
  const journal = new CrawlJournal(deps.db, clock, deps.writer ? { writer: deps.writer } : {});
  // The url column keeps the real URL (it is fetched again); the detail is a message, redacted.
  const finding = async (agency: Agency, url: string, kind: string, detail: string) =>
    journal.finding({ runId, agencyId: agency.id, url, kind, detail: redactSecrets(detail) });
  const http = new HttpClient({
    connectTimeoutMs: resolved.pageLimits.connectTimeoutMs,
    ...(resolved.lookup ? { lookup: resolved.lookup } : {}),
  });
  const budgets = new AgencyBudgets(resolved.budgets);
  const reader = deps.reader ?? new PageReader({ timeoutMs: resolved.pageReadTimeoutMs });
  // A stopped crawl does not wait for a page being read (up to its time budget): its own thread ends
  // now. A reader kept across crawls is its owner's to close.
  const stopReading = () => void reader.close();
  if (!deps.reader) deps.signal?.addEventListener("abort", stopReading, { once: true });
  // Extra list patterns are functions a worker thread cannot be sent: their lists are read here.
  const extraPatterns = resolved.listPatterns.length > LIST_PATTERNS.length;
  const readFetched = (job: PageJob) =>
    extraPatterns && job.want === "list"
      ? Promise.resolve().then(() => readPageJob(job, resolved.listPatterns))
      : reader.read(job);
  const gate = deps.gate ?? new LocalHostGate();
  const fetcher = new FetchPolicy({
    ...deps,
    logFetch: (record) => journal.fetch(record),
    runId,
    signal: deps.signal,
    options: resolved,
    http,
    gate,
    finding,
    onRequest: (agency, host, usage) => budgets.charge(agency, host, usage),
    timeLeftMs: (agency) => budgets.timeLeftMs(agency),
  });
  try {
    // Filter by agency only for --agency: a registry of 10,000 ids would exceed SQLite's variable limit.
    const scope = resolved.agencyIds ? [...agencies.keys()] : undefined;
    // The last finding before this crawl: coverage reads an agency's findings from its round's start,
    // and from here for an agency without a round (a frontier seeded before rounds were kept).
    const findingsAfterId = await lastCrawlFindingId(deps.db);
    // A crawl resumes while pages are pending, or while a round is open: one killed after its last
    // page but before its coverage is finished (its coverage recorded), not started again.
    tally.summary.resumed =
      (await frontierCounts(deps.db, scope)).pending > 0 ||
      (await openFrontierRounds(deps.db, scope)).size > 0;
    if (!tally.summary.resumed) await seedFrontier(deps.db, selected, clock, scope);
    const listBudget = new ListPageBudget(
      resolved.maxListPages,
      (await frontierListPages(deps.db, scope)).map((row) => ({
        agencyId: row.agency_id,
        url: row.url,
        charged: row.meta.budgeted === true,
      })),
    );
    const context: CrawlContext = {
      ...deps,
      clock,
      runId,
      options: resolved,
      fetcher,
      listBudget,
      budgets,
      readPage: readFetched,
      finding,
      addDocument: (sighting, content) => journal.addDocument(sighting, content),
      documentId: (id) => journal.documentId(id),
      lookahead: new StoreLookahead(deps.db, PAGE_HANDLERS),
    };
    try {
      await runFrontier(deps, context, agencies, tally, scope, gate, journal);
    } finally {
      // What ended is written whatever stopped the crawl (a write failure is thrown here), with the
      // requests of the rows it leaves pending.
      await journal.flush({ unended: true });
    }
    // A crawl that ran to its end says, per agency, whether its lists were read whole.
    if (!deps.signal?.aborted)
      await recordCoverage(deps.db, { agencies: selected, runId, findingsAfterId, scope }, clock);
  } finally {
    tally.summary.budgetHits = budgets.hits;
    tally.summary.requests = fetcher.requests;
    tally.summary.notModified = fetcher.notModified;
    deps.signal?.removeEventListener("abort", stopReading);
    await Promise.all([http.close(), deps.reader ? undefined : reader.close()]);
  }
  return tally.summary;
}

/**
 * Runs the pending frontier rows of the crawl's agencies through their handlers, host by host. A host
 * waiting out its politeness delay or back-off holds no slot, and an item to retry later (`deferred`)
 * is put back with its attempt count; a stopped crawl leaves it pending for the next.
 */
async function runFrontier(
  deps: CrawlDeps,
  context: CrawlContext,
  agencies: ReadonlyMap<string, Agency>,
  tally: CrawlTally,
  scope: readonly string[] | undefined,
  gate: HostGate,
  journal: CrawlJournal,
): Promise<void> {
  const { db, options } = context;
  const pendingAtStart = (await frontierCounts(db, scope)).pending;
  let done = 0;
  let loadedUpTo = 0;
  /** Whether rows may wait beyond those read: the last read was a full batch, or rows were added since. */
  let lastReadFull = true;
  let addedAtLastRead = 0;
  /** Attempts made so far at the rows deferred to retry. */
  const attemptsOf = new Map<number, number>();
  deps.onEvent?.({
    type: "start",
    agencies: agencies.size,
    resumed: tally.summary.resumed,
    pending: pendingAtStart,
  });
  await runScheduler<StoredFrontierEntry>({
    load: async (limit, { waiting }) => {
      // Running short of work: what ended is written now, so that what it discovered can be read.
      if (waiting < options.globalConcurrency) await journal.flush();
      // The frontier is read again only when it may hold rows not read yet.
      if (!lastReadFull && journal.added === addedAtLastRead) return { read: 0, items: [] };
      addedAtLastRead = journal.added;
      const rows = await pendingFrontier(db, {
        afterId: loadedUpTo,
        limit,
        ...(scope ? { agencyIds: scope } : {}),
      });
      lastReadFull = rows.length === limit;
      loadedUpTo = rows.at(-1)?.id ?? loadedUpTo;
      const items = rows.filter((row) => agencies.has(row.agency_id));
      await context.lookahead.readAhead(items);
      return { read: rows.length, items };
    },
    keyOf: (row) => new URL(row.url).host,
    concurrencyOf: (row) => agencyFetchPolicy(agencies.get(row.agency_id), options).concurrency,
    readyAt: (host) => gate.readyAt(host),
    globalConcurrency: options.globalConcurrency,
    ...(deps.signal ? { signal: deps.signal } : {}),
    run: async (row) => {
      const attempt = (attemptsOf.get(row.id) ?? 0) + 1;
      // The row's fetches are written with its end, in the same batch (see CrawlJournal).
      journal.begin({ id: row.id, agencyId: row.agency_id, url: row.url });
      const handled = await handleItem(
        crawlItem(row, agencies.get(row.agency_id)!, attempt),
        context,
      ).finally(() => context.lookahead.forget(row.agency_id, row.url));
      const result = handled.reason ? { ...handled, reason: redactSecrets(handled.reason) } : handled;
      if (result.outcome === "deferred") {
        attemptsOf.set(row.id, attempt);
        return deps.signal?.aborted ? undefined : { retryInMs: result.retryInMs ?? 0 };
      }
      attemptsOf.delete(row.id);
      const failed = result.outcome === "failed" || result.outcome === "blocked";
      // Stopped mid-request: the row stays pending and the next crawl picks it up.
      if (deps.signal?.aborted && failed) return;
      journal.complete({
        id: row.id,
        state: failed ? "failed" : "done",
        attempts: result.attempts,
        error: result.reason ?? null,
        discovered: result.discovered.map((d) => ({ agencyId: row.agency_id, ...d })),
      });
      tally.add(row.agency_id, result);
      done++;
      deps.onEvent?.({
        type: "item",
        agencyId: row.agency_id,
        url: row.url,
        kind: row.kind,
        outcome: result.outcome,
        ...(result.reason ? { reason: result.reason } : {}),
        done,
        // Rows discovered are counted once written (the journal's batches).
        total: pendingAtStart + journal.added,
      });
    },
  });
}

import {
  type Agency,
  type BlobStore,
  type Clock,
  type FrontierEntry,
  type FrontierRow,
  clearFrontier,
  completeFrontier,
  documentByUrl,
  enqueueFrontier,
  frontierCounts,
  frontierListPageCounts,
  hasUnfetchedAttachments,
  lastSuccessfulFetch,
  listAgencies,
  pendingFrontier,
  recordCrawlFinding,
  recordDocumentContent,
  recordDocumentFetchFailure,
  recordFetch,
  type StoreDb,
  upsertDocument,
} from "@touming/store";
import { antiBotReason, redirectShellTarget } from "./anti-bot.js";
import type { Lookup } from "./address-guard.js";
import { FetchRetryableError } from "./errors.js";
import { HostGate } from "./host-gate.js";
import {
  DEFAULT_LIMITS,
  type FetchedResource,
  type HttpLimits,
  HttpClient,
  fetchResource,
} from "./http-fetch.js";
import {
  type LinkCandidate,
  findAttachments,
  findLinks,
  findPagination,
  readJsonList,
} from "./page-links.js";
import { decodePage } from "./page-text.js";
import { isAnnualReportTitle, namesOtherAgency, yearFromTitle } from "./report-title.js";
import { type RobotsRules, parseRobots } from "./robots.js";

export interface CrawlOptions {
  /** Only these agencies (default: all in the store). */
  agencyIds?: readonly string[];
  /** List pages followed per agency per crawl. Default 50. */
  maxListPages?: number;
  /** Requests in flight across all hosts. Default 8. */
  globalConcurrency?: number;
  /** Sent with every request: names the project and a contact URL. */
  userAgent?: string;
  /** Caps and timeouts for list and article pages. */
  pageLimits?: Partial<HttpLimits>;
  /** Caps and timeouts for attachments (PDF/DOC…), larger than pages. */
  attachmentLimits?: Partial<HttpLimits>;
  /** Attempts per URL within one crawl (network errors, 5xx, 429). Default 4. */
  maxAttempts?: number;
  /** First back-off; doubles per attempt, with jitter. Default 1000 ms. */
  retryBaseDelayMs?: number;
  /** Longer Retry-After values defer the URL to the next crawl. Default 120 000 ms. */
  maxRetryAfterMs?: number;
  /**
   * A report already fetched is requested again (conditionally) only when its last successful fetch
   * is this many days old; list pages are always read. 0 = every crawl. Default 7.
   */
  recheckAfterDays?: number;
  /** Per-host politeness unless the agency's crawl options say otherwise. */
  defaultHostDelayMs?: number;
  defaultHostConcurrency?: number;
  /** DNS lookup (tests replace it so that no query leaves the machine). */
  lookup?: Lookup;
}

export interface CrawlDeps {
  db: StoreDb;
  blobs: BlobStore;
  runId?: number | null;
  clock?: Clock;
  signal?: AbortSignal;
  onEvent?: (event: CrawlEvent) => void;
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

export type ItemOutcome = "new" | "changed" | "unchanged" | "listed" | "skipped" | "failed" | "blocked";

export interface AgencyCrawlSummary {
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
  reasons: string[];
}

export interface CrawlSummary {
  resumed: boolean;
  requests: number;
  notModified: number;
  items: number;
  newDocuments: number;
  changedDocuments: number;
  unchangedDocuments: number;
  /** Known reports not requested because they were fetched within `recheckAfterDays`. */
  recentlyVerified: number;
  failed: number;
  blocked: number;
  perAgency: Record<string, AgencyCrawlSummary>;
}

export const DEFAULT_USER_AGENT =
  "Touming/0.1 (+https://github.com/touming/touming; government annual report monitor)";
const ATTACHMENT_LIMITS: HttpLimits = { ...DEFAULT_LIMITS, maxResponseBytes: 50 * 1024 * 1024 };
const COLUMN_TEXT = /(政府信息公开年报|政府信息公开年度报告|信息公开年度报告|政务公开年报|年度报告|年报)/;
const DISCLOSURE_TEXT = /(政府信息公开|信息公开|政务公开|法定主动公开)/;
const ATTACHMENT_URL = /\.(pdf|docx?|wps|xlsx?|rtf)(?:$|[?#])/i;

type Meta = {
  title?: string;
  listedDate?: string | null;
  year?: number | null;
  method?: "GET" | "POST";
};

interface Context {
  deps: Required<Pick<CrawlDeps, "db" | "blobs">> & CrawlDeps;
  clock: Clock;
  options: Required<Omit<CrawlOptions, "agencyIds" | "lookup" | "pageLimits" | "attachmentLimits">>;
  pageLimits: HttpLimits;
  attachmentLimits: HttpLimits;
  http: HttpClient;
  gate: HostGate;
  agencies: Map<string, Agency>;
  robots: Map<string, Promise<RobotsRules>>;
  listPages: Map<string, number>;
  summary: CrawlSummary;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

function policyOf(agency: Agency | undefined, ctx: Context) {
  const o = (agency?.crawlOptions ?? {}) as {
    minHostDelayMs?: number;
    hostConcurrency?: number;
    allowPrivateAddresses?: boolean;
  };
  return {
    delayMs: o.minHostDelayMs ?? ctx.options.defaultHostDelayMs,
    concurrency: o.hostConcurrency ?? ctx.options.defaultHostConcurrency,
    allowPrivate: o.allowPrivateAddresses === true,
  };
}

/**
 * How a URL's requests ended: the response, or why the last attempt failed. A failure is a value so that
 * the caller knows how many attempts were made; only a store failure (disk full, read-only) is thrown.
 */
type Fetched = { attempts: number } & ({ response: FetchedResource } | { error: Error });

/** One request through the host gate, logged in `fetches`, retried with back-off when it may succeed later. */
async function fetchWithRetries(
  ctx: Context,
  agency: Agency,
  url: string,
  init: { method?: "GET" | "POST"; etag?: string | null; lastModified?: string | null; limits: HttpLimits },
): Promise<Fetched> {
  const policy = policyOf(agency, ctx);
  const host = new URL(url).host;
  let attempt = 0;
  for (;;) {
    attempt++;
    const release = await ctx.gate.acquire(host, policy);
    let response: FetchedResource | undefined;
    let error: Error | undefined;
    try {
      response = await fetchResource(ctx.http, {
        url,
        ...(init.method ? { method: init.method } : {}),
        etag: init.etag ?? null,
        lastModified: init.lastModified ?? null,
        allowPrivate: policy.allowPrivate,
        limits: init.limits,
        userAgent: ctx.options.userAgent,
        ...(ctx.deps.signal ? { signal: ctx.deps.signal } : {}),
      });
    } catch (e) {
      error = e as Error;
    } finally {
      release();
    }
    ctx.summary.requests++;
    if (response?.notModified) ctx.summary.notModified++;
    let sha256: string | null = null;
    if (response && response.status === 200 && response.body.length > 0)
      sha256 = (await ctx.deps.blobs.put(response.body)).sha256;
    const retryable =
      error instanceof FetchRetryableError ||
      (response !== undefined &&
        (response.status >= 500 || response.status === 429 || response.status === 408) &&
        !antiBotReason(response.status, response.body.toString("latin1")));
    // An answer worth retrying is a failed attempt too: the log says so, not only its status.
    const failure = error?.message ?? (retryable ? `${url}: HTTP ${response!.status}` : null);
    await recordFetch(
      ctx.deps.db,
      {
        runId: ctx.deps.runId ?? null,
        agencyId: agency.id,
        url,
        finalUrl: response?.finalUrl ?? null,
        status: response?.status ?? null,
        etag: response?.etag ?? null,
        lastModified: response?.lastModified ?? null,
        contentType: response?.contentType ?? null,
        bytes: response?.body.length ?? null,
        sha256,
        durationMs: response?.durationMs ?? null,
        error: failure,
      },
      ctx.clock,
    );
    if (!retryable) {
      if (error) return { error, attempts: attempt };
      ctx.gate.reward(host);
      return { response: response!, attempts: attempt };
    }
    const retryAfter =
      response?.retryAfterMs ?? (error instanceof FetchRetryableError ? error.retryAfterMs : null);
    if (retryAfter !== null && retryAfter > ctx.options.maxRetryAfterMs) {
      const message = `${failure}; Retry-After ${Math.round(retryAfter / 1000)} s, deferred to the next crawl`;
      return { error: new FetchRetryableError(message), attempts: attempt };
    }
    if (attempt >= ctx.options.maxAttempts || ctx.deps.signal?.aborted) {
      return { error: new FetchRetryableError(`${failure} (after ${attempt} attempts)`), attempts: attempt };
    }
    const backoff = ctx.options.retryBaseDelayMs * 2 ** (attempt - 1);
    const wait = Math.max(retryAfter ?? 0, backoff * (0.75 + Math.random() * 0.5));
    ctx.gate.penalize(host, wait);
    await sleep(wait, ctx.deps.signal);
  }
}

async function robotsFor(ctx: Context, agency: Agency, url: string): Promise<RobotsRules> {
  const origin = new URL(url).origin;
  let rules = ctx.robots.get(origin);
  if (!rules) {
    rules = (async () => {
      const robotsUrl = `${origin}/robots.txt`;
      const fetched = await fetchWithRetries(ctx, agency, robotsUrl, {
        limits: { ...ctx.pageLimits, maxResponseBytes: 512 * 1024 },
      });
      // Unreachable robots.txt: RFC 9309 says assume disallowed; the next crawl tries again.
      if ("error" in fetched) return { isAllowed: () => false, unreachable: fetched.error.message };
      const { response } = fetched;
      return parseRobots(
        robotsUrl,
        response.status,
        response.contentType,
        response.body.toString("utf8"),
        ctx.options.userAgent,
      );
    })();
    ctx.robots.set(origin, rules);
  }
  return rules;
}

function metaOf(row: FrontierRow): Meta {
  try {
    return JSON.parse(row.meta) as Meta;
  } catch {
    return {};
  }
}

async function finding(ctx: Context, agency: Agency, url: string, kind: string, detail: string) {
  await recordCrawlFinding(
    ctx.deps.db,
    { runId: ctx.deps.runId ?? null, agencyId: agency.id, url, kind, detail },
    ctx.clock,
  );
}

/** A page body to parse: this fetch's, or on 304 the one stored by the last successful fetch. */
async function pageBody(ctx: Context, url: string, response: FetchedResource): Promise<Buffer | null> {
  if (!response.notModified) return response.body;
  const last = await lastSuccessfulFetch(ctx.deps.db, url, { withBody: true });
  return last?.sha256 ? ctx.deps.blobs.get(last.sha256).catch(() => null) : null;
}

type Discovered = Omit<FrontierEntry, "agencyId">;

function reportLinks(agency: Agency, links: readonly LinkCandidate[], depth: number): Discovered[] {
  const out: Discovered[] = [];
  for (const link of links) {
    if (!isAnnualReportTitle(link.title) || namesOtherAgency(link.title, agency.name)) continue;
    out.push({
      url: link.url,
      kind: ATTACHMENT_URL.test(link.url) ? "attachment" : "article",
      depth: depth + 1,
      meta: { title: link.title, listedDate: link.date, year: yearFromTitle(link.title) },
    });
  }
  return out;
}

/** Processes one frontier row; returns what it discovered and how it ended. */
async function processItem(
  ctx: Context,
  row: FrontierRow,
): Promise<{ outcome: ItemOutcome; reason?: string; discovered: Discovered[]; attempts: number }> {
  const agency = ctx.agencies.get(row.agency_id)!;
  const meta = metaOf(row);
  const rules = await robotsFor(ctx, agency, row.url);
  if (!rules.isAllowed(row.url)) {
    if (rules.unreachable) {
      const reason = `robots.txt unreachable: ${rules.unreachable}; not fetched until a crawl reads it`;
      await finding(ctx, agency, row.url, "failed", reason);
      return { outcome: "failed", reason, discovered: [], attempts: 0 };
    }
    await finding(ctx, agency, row.url, "robots", "disallowed by robots.txt; not fetched");
    return { outcome: "skipped", reason: "disallowed by robots.txt", discovered: [], attempts: 0 };
  }
  const isDocument = row.kind === "article" || row.kind === "attachment";
  const known = isDocument ? await documentByUrl(ctx.deps.db, agency.id, row.url) : undefined;
  if (known && (await recentlyVerified(ctx, known))) {
    ctx.summary.recentlyVerified++;
    return { outcome: "unchanged", discovered: [], attempts: 0 };
  }
  const lastPage = !isDocument
    ? await lastSuccessfulFetch(ctx.deps.db, row.url, { withBody: true })
    : undefined;
  const docId = async () =>
    known?.id ??
    (
      await upsertDocument(
        ctx.deps.db,
        {
          agencyId: agency.id,
          url: row.url,
          kind: row.kind === "attachment" ? "attachment" : "article",
          title: meta.title ?? null,
          listedDate: meta.listedDate ?? null,
          parentId: row.parent_document_id,
        },
        ctx.clock,
      )
    ).id;

  const fetched = await fetchWithRetries(ctx, agency, row.url, {
    ...(meta.method ? { method: meta.method } : {}),
    etag: known?.etag ?? lastPage?.etag ?? null,
    lastModified: known?.last_modified ?? lastPage?.last_modified ?? null,
    limits: row.kind === "attachment" ? ctx.attachmentLimits : ctx.pageLimits,
  });
  if ("error" in fetched) {
    const reason = fetched.error.message;
    if (isDocument) await recordDocumentFetchFailure(ctx.deps.db, await docId(), reason, ctx.clock);
    await finding(ctx, agency, row.url, "failed", reason);
    return { outcome: "failed", reason, discovered: [], attempts: fetched.attempts };
  }
  const { response, attempts } = fetched;
  const text = () => decodePage(response.body, response.contentType);
  const blocked = response.notModified
    ? null
    : antiBotReason(response.status, response.body.toString("utf8"));
  if (blocked) {
    const reason = `blocked by anti-bot challenge: ${blocked}`;
    await finding(ctx, agency, row.url, "blocked", reason);
    if (isDocument) await recordDocumentFetchFailure(ctx.deps.db, await docId(), reason, ctx.clock);
    return { outcome: "blocked", reason, discovered: [], attempts };
  }
  if (response.status >= 400) {
    const reason = `HTTP ${response.status}`;
    if (isDocument)
      await recordDocumentFetchFailure(ctx.deps.db, await docId(), `${row.url}: ${reason}`, ctx.clock);
    if (row.kind === "list" && row.depth === 0 && agency.siteUrl) {
      await finding(
        ctx,
        agency,
        row.url,
        "column_moved",
        `report column answered ${reason}; looking for it from the site root`,
      );
      return {
        outcome: "failed",
        reason,
        discovered: [{ url: agency.siteUrl, kind: "site", depth: 0 }],
        attempts,
      };
    }
    await finding(ctx, agency, row.url, "failed", reason);
    return { outcome: "failed", reason, discovered: [], attempts };
  }

  if (isDocument) {
    let body = response.body;
    if (!response.notModified) {
      if (row.kind === "attachment") {
        const head = body.subarray(0, 1024).toString("latin1");
        const pdfLike = /\.pdf(?:$|[?#])/i.test(row.url) || /\.pdf/i.test(meta.title ?? "");
        const looksHtml = /^\s*(<!doctype|<html|<head|<body|<div|<p[\s>])/i.test(head);
        if ((pdfLike && !head.includes("%PDF-")) || looksHtml) {
          const reason = `${row.url}: the attachment link returns ${looksHtml ? "an HTML page" : "no PDF"} (dead link)`;
          await recordDocumentFetchFailure(ctx.deps.db, await docId(), reason, ctx.clock);
          await finding(ctx, agency, row.url, "dead_attachment", reason);
          return { outcome: "failed", reason, discovered: [], attempts };
        }
      } else {
        const shell = redirectShellTarget(text(), response.finalUrl);
        if (shell)
          return {
            outcome: "listed",
            discovered: [{ url: shell, kind: "article", depth: row.depth, meta }],
            attempts,
          };
      }
    }
    const id = await docId();
    const sha256 = response.notModified ? known?.blob_sha256 : (await ctx.deps.blobs.put(body)).sha256;
    let outcome: ItemOutcome = "unchanged";
    if (sha256) {
      const result = await recordDocumentContent(
        ctx.deps.db,
        id,
        {
          sha256,
          contentType: response.notModified ? (known?.content_type ?? null) : response.contentType,
          etag: response.etag ?? known?.etag ?? null,
          lastModified: response.lastModified ?? known?.last_modified ?? null,
        },
        ctx.clock,
      );
      outcome = result;
      if (response.notModified) body = await ctx.deps.blobs.get(sha256).catch(() => Buffer.alloc(0));
    }
    const discovered: Discovered[] = [];
    if (row.kind === "article" && body.length > 0) {
      for (const attachment of findAttachments(
        decodePage(body, response.contentType ?? known?.content_type ?? null),
        response.finalUrl,
      )) {
        discovered.push({
          url: attachment.url,
          kind: "attachment",
          depth: row.depth + 1,
          parentDocumentId: id,
          meta: {
            title: attachment.title || meta.title,
            listedDate: meta.listedDate ?? null,
            year: meta.year ?? null,
          },
        });
      }
    }
    return { outcome, discovered, attempts };
  }

  // Site and list pages: find the column, the reports and the next pages.
  const body = await pageBody(ctx, row.url, response);
  if (!body) return { outcome: "failed", reason: "304 without a stored copy", discovered: [], attempts };
  const page = decodePage(body, response.contentType ?? lastPage?.content_type ?? null);
  const base = response.finalUrl;
  const discovered: Discovered[] = [];
  const shell = redirectShellTarget(page, base);
  if (shell)
    return { outcome: "listed", discovered: [{ url: shell, kind: row.kind, depth: row.depth }], attempts };

  if (row.kind === "site") {
    const links = findLinks(page, base).filter((l) => new URL(l.url).host === new URL(base).host);
    const columns = links.filter((l) => COLUMN_TEXT.test(l.title) && isColumnTitle(l.title));
    for (const c of columns.slice(0, 3)) discovered.push({ url: c.url, kind: "list", depth: row.depth + 1 });
    if (columns.length === 0 && row.depth < 3) {
      for (const l of links
        .filter((l) => DISCLOSURE_TEXT.test(l.title) && l.title.length <= 12)
        .slice(0, 4)) {
        discovered.push({ url: l.url, kind: "site", depth: row.depth + 1 });
      }
    }
    if (columns.length === 0 && discovered.length === 0) {
      await finding(ctx, agency, row.url, "no_column", "no annual-report column found from this page");
    }
    return { outcome: "listed", discovered, attempts };
  }

  const isJson = /json/i.test(response.contentType ?? "") || /^\s*[[{]/.test(page);
  let links: LinkCandidate[];
  let next: { url: string; method: "GET" | "POST" }[];
  if (isJson) {
    const list = readJsonList(page, base);
    links = list.links;
    next = list.next ? [{ url: list.next, method: "GET" }] : [];
  } else {
    links = findLinks(page, base);
    next = findPagination(page, base, links);
  }
  discovered.push(...reportLinks(agency, links, row.depth));
  const used = ctx.listPages.get(agency.id) ?? 0;
  const room = Math.max(0, ctx.options.maxListPages - used);
  const pages = next.slice(0, room);
  ctx.listPages.set(agency.id, used + pages.length);
  for (const p of pages) {
    discovered.push({
      url: p.url,
      kind: "list",
      depth: row.depth + 1,
      meta: p.method === "POST" ? { method: "POST" } : {},
    });
  }
  return { outcome: "listed", discovered, attempts };
}

/**
 * A report fetched successfully within the recheck period is not requested again, unless it is an
 * article with an attachment still to fetch (reading the article again is how the attachment is retried).
 */
async function recentlyVerified(
  ctx: Context,
  known: { id: number; url: string; kind: string; fetch_state: string; blob_sha256: string | null },
): Promise<boolean> {
  const days = ctx.options.recheckAfterDays;
  if (days <= 0 || known.fetch_state !== "fetched" || !known.blob_sha256) return false;
  if (known.kind === "article" && (await hasUnfetchedAttachments(ctx.deps.db, known.id))) return false;
  const last = await lastSuccessfulFetch(ctx.deps.db, known.url);
  if (!last) return false;
  return ctx.clock().getTime() - Date.parse(last.fetched_at) < days * 86_400_000;
}

function isColumnTitle(title: string): boolean {
  // A column link is short (政府信息公开年报); a long title is an article in a list.
  return title.replace(/\s+/g, "").length <= 14;
}

/**
 * Crawls the registry's agencies: robots, politeness per host, retries, conditional GETs, report
 * links from list pages (pagination of every common CMS), articles and their attachments into blobs
 * and `documents`. The frontier is in the database: a killed crawl resumes where it stopped.
 */
export async function crawl(deps: CrawlDeps, options: CrawlOptions = {}): Promise<CrawlSummary> {
  const clock = deps.clock ?? (() => new Date());
  const all = await listAgencies(deps.db);
  const selected = options.agencyIds ? all.filter((a) => options.agencyIds!.includes(a.id)) : all;
  if (options.agencyIds) {
    const missing = options.agencyIds.filter((id) => !selected.some((a) => a.id === id));
    if (missing.length > 0)
      throw new Error(`unknown agency: ${missing.join(", ")} (import it with touming agencies import)`);
  }
  const ids = selected.map((a) => a.id);
  const ctx: Context = {
    deps: deps as Context["deps"],
    clock,
    options: {
      maxListPages: options.maxListPages ?? 50,
      globalConcurrency: options.globalConcurrency ?? 8,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      maxAttempts: options.maxAttempts ?? 4,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 1000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
      defaultHostDelayMs: options.defaultHostDelayMs ?? 1000,
      defaultHostConcurrency: options.defaultHostConcurrency ?? 1,
      recheckAfterDays: options.recheckAfterDays ?? 7,
    },
    pageLimits: { ...DEFAULT_LIMITS, ...options.pageLimits },
    attachmentLimits: { ...ATTACHMENT_LIMITS, ...options.attachmentLimits },
    http: new HttpClient({
      connectTimeoutMs: options.pageLimits?.connectTimeoutMs ?? DEFAULT_LIMITS.connectTimeoutMs,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    }),
    gate: new HostGate(),
    agencies: new Map(selected.map((a) => [a.id, a])),
    robots: new Map(),
    listPages: new Map(),
    summary: {
      resumed: false,
      requests: 0,
      notModified: 0,
      items: 0,
      newDocuments: 0,
      changedDocuments: 0,
      unchangedDocuments: 0,
      recentlyVerified: 0,
      failed: 0,
      blocked: 0,
      perAgency: {},
    },
  };
  for (const id of ids)
    ctx.summary.perAgency[id] = { new: 0, changed: 0, unchanged: 0, failed: 0, reasons: [] };

  try {
    // Filter by agency only for --agency: a registry of 10,000 ids would exceed SQLite's variable limit.
    const scope = options.agencyIds ? ids : undefined;
    const counts = await frontierCounts(deps.db, scope);
    ctx.summary.resumed = counts.pending > 0;
    if (!ctx.summary.resumed) {
      await clearFrontier(deps.db, scope);
      const seeds: FrontierEntry[] = [];
      for (const a of selected) {
        if (a.listUrls.length > 0)
          for (const url of a.listUrls) seeds.push({ agencyId: a.id, url, kind: "list" });
        else if (a.siteUrl) seeds.push({ agencyId: a.id, url: a.siteUrl, kind: "site" });
      }
      await enqueueFrontier(deps.db, seeds, clock);
    } else {
      ctx.listPages = await frontierListPageCounts(deps.db, scope);
    }
    await runQueue(ctx, ids, scope);
  } finally {
    await ctx.http.close();
  }
  return ctx.summary;
}

/**
 * Dispatches frontier rows host by host (round robin), within global and per-host limits. Rows are
 * read from the database a page at a time (discovered URLs are inserted there and come back in
 * their turn), so memory does not grow with the registry.
 */
async function runQueue(
  ctx: Context,
  ids: readonly string[],
  scope: readonly string[] | undefined,
): Promise<void> {
  const queues = new Map<string, FrontierRow[]>();
  const activeByHost = new Map<string, number>();
  const ready: string[] = [];
  const inReady = new Set<string>();
  let active = 0;
  let waiting = 0;
  let done = 0;
  let failure: unknown;
  let total = (await frontierCounts(ctx.deps.db, scope)).pending;
  let loadedUpTo = 0;
  let wake = () => {};

  const hostOf = (row: FrontierRow) => new URL(row.url).host;
  const capacity = (host: string, row: FrontierRow) =>
    (activeByHost.get(host) ?? 0) < policyOf(ctx.agencies.get(row.agency_id), ctx).concurrency;
  const markReady = (host: string) => {
    const q = queues.get(host);
    if (q?.length && capacity(host, q[0]!) && !inReady.has(host)) {
      inReady.add(host);
      ready.push(host);
    }
  };
  /** The next page of pending rows; how many it held (0: none left for now). */
  const load = async (): Promise<number> => {
    const page = await pendingFrontier(ctx.deps.db, {
      afterId: loadedUpTo,
      limit: QUEUE_PAGE,
      ...(scope ? { agencyIds: scope } : {}),
    });
    for (const row of page) {
      loadedUpTo = row.id;
      if (!ctx.agencies.has(row.agency_id)) continue;
      const host = hostOf(row);
      const q = queues.get(host) ?? [];
      q.push(row);
      queues.set(host, q);
      waiting++;
      markReady(host);
    }
    return page.length;
  };
  const stopped = () => Boolean(ctx.deps.signal?.aborted || failure);

  const handle = async (row: FrontierRow) => {
    try {
      const result = await processItem(ctx, row);
      // Stopped mid-request: the row stays pending and the next crawl picks it up.
      if (ctx.deps.signal?.aborted && (result.outcome === "failed" || result.outcome === "blocked")) return;
      const added = await enqueueFrontier(
        ctx.deps.db,
        result.discovered.map((d) => ({ agencyId: row.agency_id, ...d })),
        ctx.clock,
      );
      total += added.length;
      const failed = result.outcome === "failed" || result.outcome === "blocked";
      await completeFrontier(
        ctx.deps.db,
        row.id,
        { state: failed ? "failed" : "done", attempts: result.attempts, error: result.reason ?? null },
        ctx.clock,
      );
      tally(ctx, row, result.outcome, result.reason);
      done++;
      ctx.deps.onEvent?.({
        type: "item",
        agencyId: row.agency_id,
        url: row.url,
        kind: row.kind,
        outcome: result.outcome,
        ...(result.reason ? { reason: result.reason } : {}),
        done,
        total,
      });
    } catch (error) {
      // A store failure (disk full, read-only) stops the crawl; the row stays pending for the next run.
      failure ??= error;
    }
  };
  const pump = () => {
    while (active < ctx.options.globalConcurrency && ready.length > 0 && !stopped()) {
      const host = ready.shift()!;
      inReady.delete(host);
      const row = queues.get(host)!.shift()!;
      waiting--;
      active++;
      activeByHost.set(host, (activeByHost.get(host) ?? 0) + 1);
      markReady(host);
      void handle(row).finally(() => {
        active--;
        activeByHost.set(host, (activeByHost.get(host) ?? 1) - 1);
        markReady(host);
        pump();
        wake();
      });
    }
  };

  ctx.deps.onEvent?.({ type: "start", agencies: ids.length, resumed: ctx.summary.resumed, pending: total });
  while (!stopped()) {
    const loaded = waiting < QUEUE_PAGE / 2 ? await load() : -1;
    pump();
    if (active > 0) await new Promise<void>((resolve) => (wake = resolve));
    // Nothing running, so nothing waits either (pump starts every host it can): done once the database
    // has no further rows. A page of rows for agencies outside this crawl only means reading on.
    else if (loaded === 0) break;
  }
  while (active > 0) await new Promise<void>((resolve) => (wake = resolve));
  if (failure) throw failure;
}

const QUEUE_PAGE = 2000;

function tally(ctx: Context, row: FrontierRow, outcome: ItemOutcome, reason?: string) {
  const s = ctx.summary;
  const a = s.perAgency[row.agency_id]!;
  s.items++;
  if (outcome === "new") {
    s.newDocuments++;
    a.new++;
  } else if (outcome === "changed") {
    s.changedDocuments++;
    a.changed++;
  } else if (outcome === "unchanged") {
    s.unchangedDocuments++;
    a.unchanged++;
  }
  if (outcome === "failed" || outcome === "blocked") {
    if (outcome === "failed") s.failed++;
    else s.blocked++;
    a.failed++;
    if (reason && a.reasons.length < 5) a.reasons.push(reason);
  }
}

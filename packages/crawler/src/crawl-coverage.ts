import {
  type Agency,
  type Clock,
  type CoverageFinding,
  type CoverageReason,
  type NewCrawlCoverage,
  type StoreDb,
  type UnfinishedPage,
  MAX_COVERAGE_REASONS,
  crawlFindingsAfter,
  navigationPages,
  openFrontierRounds,
  recordCrawlCoverage,
} from "@touming/store";

/** Findings that leave an agency's lists not read whole, whatever page they are about. */
const ANY_PAGE_KINDS = new Set(["column_moved", "no_column", "pagination_repeats", "list_pattern_failed"]);
/** Findings that do when they are about a site or list page (on a report document they do not). */
const NAVIGATION_PAGE_KINDS = new Set(["failed", "blocked", "robots", "page_unreadable"]);
/** Findings that do when they are about a list page. */
const LIST_PAGE_KINDS = new Set(["redirect_shell_chain"]);

/**
 * Whether a finding means the agency's lists were not read whole: a site or list page that failed,
 * was blocked, disallowed by robots.txt or unreadable; a column that moved or was not found; a pager
 * misread; a list pattern that threw; a redirect chain on a list; any budget reached (budgets cut
 * what is read). A page of unknown kind counts as a list page.
 */
export function findingTruncatesLists(finding: Pick<CoverageFinding, "kind" | "frontierKind">): boolean {
  const { kind, frontierKind } = finding;
  if (kind.startsWith("budget_") || ANY_PAGE_KINDS.has(kind)) return true;
  const navigation = frontierKind === null || frontierKind === "site" || frontierKind === "list";
  if (NAVIGATION_PAGE_KINDS.has(kind)) return navigation;
  if (LIST_PAGE_KINDS.has(kind)) return frontierKind === null || frontierKind === "list";
  return false;
}

/** Findings on a report link (an article or attachment) that leave its report unread. */
const REPORT_LINK_KINDS = new Set(["failed", "blocked", "robots", "dead_attachment"]);

/**
 * The reason kind of a report link that could not be read (`report_link_<finding kind>`): kept with
 * the coverage, though the lists were read whole, so that a year whose report was listed but not read
 * is not taken for a year without a report.
 */
export const reportLinkKind = (kind: string) => `report_link_${kind}`;

/**
 * One agency's coverage from what its crawl left: its findings (oldest first) and its site and list
 * pages not ended read. Complete only when the crawl read at least one such page and nothing cut it.
 */
export function agencyCoverage(
  agencyId: string,
  evidence: {
    /** The agency's site and list pages in the frontier, however they ended. */
    pages: number;
    findings: readonly CoverageFinding[];
    unfinished: readonly UnfinishedPage[];
  },
): Omit<NewCrawlCoverage, "runId"> {
  const reasons: CoverageReason[] = [];
  const reportLinks: CoverageReason[] = [];
  const named = new Set<string>();
  for (const f of evidence.findings) {
    if (!findingTruncatesLists(f)) {
      const onReport = f.frontierKind === "article" || f.frontierKind === "attachment";
      if (onReport && REPORT_LINK_KINDS.has(f.kind))
        reportLinks.push({ url: f.url, kind: reportLinkKind(f.kind), detail: f.detail });
      continue;
    }
    reasons.push({ url: f.url, kind: f.kind, detail: f.detail });
    named.add(f.url);
  }
  for (const page of evidence.unfinished) {
    if (named.has(page.url)) continue;
    const detail =
      page.lastError ?? (page.state === "pending" ? "not read by the end of the crawl" : "failed");
    // A page an earlier part of a resumed crawl ended keeps its finding's kind (blocked, robots…).
    const kind = page.state === "pending" ? "unfinished" : (page.failureKind ?? "failed");
    reasons.push({ url: page.url, kind, detail });
    named.add(page.url);
  }
  if (evidence.pages === 0 && reasons.length === 0)
    reasons.push({ url: "", kind: "nothing_read", detail: "no list URL and no site URL: no page was read" });
  return {
    agencyId,
    complete: reasons.length === 0,
    reasons: [...reasons, ...reportLinks].slice(0, MAX_COVERAGE_REASONS),
  };
}

/**
 * Records, at the end of a crawl that ran to its end, each of its agencies' coverage: from the
 * frontier (its whole round, a resumed crawl's earlier part included) and the findings recorded since
 * the agency's round started, whichever run recorded them (a killed crawl's too). An agency without a
 * round (a frontier seeded before rounds were kept) is judged from the findings since `findingsAfterId`.
 */
export async function recordCoverage(
  db: StoreDb,
  crawl: {
    agencies: readonly Agency[];
    runId: number | null;
    /** The last finding before this crawl started. */
    findingsAfterId: number;
    /** The agencies' ids for the frontier read; undefined reads the whole frontier. */
    scope?: readonly string[] | undefined;
  },
  clock: Clock,
): Promise<void> {
  const { counts, unfinished } = await navigationPages(db, crawl.scope);
  const rounds = await openFrontierRounds(db, crawl.scope);
  const afterOf = (agencyId: string) => rounds.get(agencyId) ?? crawl.findingsAfterId;
  let afterId = crawl.findingsAfterId;
  for (const id of rounds.values()) afterId = Math.min(afterId, id);
  const findings = (await crawlFindingsAfter(db, { afterId })).filter((f) => f.id > afterOf(f.agency_id));
  const findingsOf = groupBy(findings, (f) => f.agency_id);
  const unfinishedOf = groupBy(unfinished, (p) => p.agencyId);
  const rows = crawl.agencies.map((a) => ({
    runId: crawl.runId,
    ...agencyCoverage(a.id, {
      pages: counts.get(a.id) ?? 0,
      findings: findingsOf.get(a.id) ?? [],
      unfinished: unfinishedOf.get(a.id) ?? [],
    }),
  }));
  await recordCrawlCoverage(db, rows, clock);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

import {
  type FaultKind,
  type FaultProxy,
  type FaultRule,
  type InjectedFault,
  type SampleSites,
  startFaultProxy,
  startSampleSites,
} from "@touming/sample-sites";
import {
  type CrawlFindingRow,
  type DocumentRow,
  type FetchRow,
  type Store,
  crawlFindings,
  sha256Hex,
} from "@touming/store";
import { useTempStore } from "@touming/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrawlSummary, crawl } from "./crawl.js";
import { parseRegistry } from "./registry.js";

// Budgets far above what a loopback page needs, even on a loaded CI machine (at 1000 ms, one run
// there logged a failed fetch of the 淮安 PDF beyond the faults played), and far below what a hung
// host would cost.
const LIMITS = { headersTimeoutMs: 2000, bodyTimeoutMs: 2000 };
const MAX_ATTEMPTS = 2;
const MAX_RUNS = 5;

interface PlannedFault extends FaultRule {
  /** The schedule outlasts one crawl's attempts: the first run ends the URL with this finding. */
  firstRunFinding?: RegExp;
}

/** Which request of which site misbehaves, and how. Every fault kind appears at least once. */
function faultPlan(sites: SampleSites): Record<string, PlannedFault[]> {
  const article = (agencyId: string, year: number) =>
    sites.reports.find((r) => r.agencyId === agencyId && r.year === year)!.path;
  return {
    "linjiang-city": [
      // A 5xx burst on a list page: the reports it lists are found by the next crawl.
      {
        path: "/zwgk/zfxxgknb/index_1.html",
        schedule: ["http-500", "http-502", "http-503"],
        firstRunFinding: /\/index_1\.html: HTTP 502 \(after 2 attempts\)$/,
      },
      {
        path: article("linjiang-city", 2023),
        schedule: ["hang", "hang", "hang"],
        firstRunFinding: /: timeout: no response headers within 2000 ms \(after 2 attempts\)$/,
      },
    ],
    // The host's first requests fail, and the first is for robots.txt: nothing else may be fetched.
    "qinghe-county": [
      {
        path: /^\//,
        schedule: ["http-503", "http-502", "http-500"],
        firstRunFinding:
          /^robots\.txt unreachable: http:\/\/127\.0\.0\.1:\d+\/robots\.txt: HTTP 502 \(after 2 attempts\); not fetched/,
      },
    ],
    "linjiang-mzj": [
      { path: article("linjiang-mzj", 2020), schedule: ["stall-after-headers"] },
      { path: article("linjiang-mzj", 2022), schedule: ["reset-in-body"] },
    ],
    "linjiang-scj": [
      {
        path: article("linjiang-scj", 2021),
        schedule: ["drip", "drip"],
        firstRunFinding:
          /: timeout: response not complete within 4000 ms \(\d+ of \d+ bytes received\) \(after 2 attempts\)$/,
      },
      // A redirect loop is not retried within the crawl; the next crawl tries again.
      {
        path: article("linjiang-scj", 2024),
        schedule: ["redirect-loop"],
        firstRunFinding: /: redirect loop at /,
      },
    ],
    "linjiang-zrj": [
      {
        path: "/zwgk/ndbg/?page=2",
        schedule: ["chunked-cut", "chunked-cut"],
        firstRunFinding:
          /: truncated body: the chunked transfer stopped after \d+ bytes, without its last chunk \(after 2 attempts\)$/,
      },
      {
        path: article("linjiang-zrj", 2024),
        schedule: ["truncate", "truncate"],
        firstRunFinding: /: truncated body: expected \d+ bytes, got \d+ \(after 2 attempts\)$/,
      },
      {
        path: article("linjiang-zrj", 2023),
        schedule: ["reset-in-headers", "reset-in-headers"],
        firstRunFinding: /: connection reset before the response headers \(after 2 attempts\)$/,
      },
    ],
    "linjiang-fgw": [
      {
        path: article("linjiang-fgw", 2024),
        schedule: ["short-length", "short-length"],
        firstRunFinding: /: truncated body: HTML ends without <\/html> after \d+ bytes \(after 2 attempts\)$/,
      },
    ],
    // Read as a whole, the cut JSON page lists nothing; its ETag would then keep the cut copy forever.
    "linjiang-wjw": [{ path: "/gkmlpt/api/all/2542?page=2", schedule: ["short-length"] }],
    "huaian-city": [
      {
        path: "/attach/0/5b1e9c0e4f.pdf",
        schedule: ["short-length", "reset-in-body"],
        // The proxy reads the whole PDF from upstream before it sends half and resets: on a loaded
        // machine that can outlast the whole-response limit (4000 ms), which then ends the wait.
        firstRunFinding:
          /5b1e9c0e4f\.pdf: (connection reset mid-body|timeout: response not complete within 4000 ms) \(\d+ of \d+ bytes received\) \(after 2 attempts\)$/,
      },
    ],
  };
}

/** What the fetch log says about one injected fault: the error text, or the status answered. */
function expectedRecord(fault: InjectedFault, url: string): string | RegExp | number {
  const { declaredBytes, sentBytes } = fault;
  const at = escapeRegExp(url);
  const records: Record<FaultKind, string | RegExp | number> = {
    // As for a stalled body: on a loaded machine the whole-response limit may end the wait first.
    hang: new RegExp(
      `^${at}: timeout: (no response headers within 2000 ms|response not complete within 4000 ms( \\(0 of \\d+ bytes received\\))?)$`,
    ),
    // On a loaded machine the headers may come late enough that the whole-response limit (4000 ms)
    // ends the wait before the 2000 ms of silence do: either timeout names the stalled body.
    "stall-after-headers": new RegExp(
      `^${at}: timeout: (body stalled, nothing received for 2000 ms|response not complete within 4000 ms) \\(0 of ${declaredBytes} bytes received\\)$`,
    ),
    drip: new RegExp(
      `^${at}: timeout: response not complete within 4000 ms \\(\\d+ of ${declaredBytes} bytes received\\)$`,
    ),
    "reset-in-headers": `${url}: connection reset before the response headers`,
    // Bytes in flight when the connection is reset are lost: fewer may arrive than were sent. As
    // above, a loaded machine may reach the whole-response limit before the reset.
    "reset-in-body": new RegExp(
      `^${at}: (connection reset mid-body|timeout: response not complete within 4000 ms) \\(\\d+ of ${declaredBytes} bytes received\\)$`,
    ),
    truncate: `${url}: truncated body: expected ${declaredBytes} bytes, got ${sentBytes}`,
    "short-length": new RegExp(
      `^${at}: truncated body: (HTML ends without </html>|PDF ends without %%EOF|JSON ends early) after ${declaredBytes} bytes$`,
    ),
    "chunked-cut": `${url}: truncated body: the chunked transfer stopped after ${sentBytes} bytes, without its last chunk`,
    "redirect-loop": new RegExp(`: redirect loop at ${at}$`),
    "http-500": 500,
    "http-502": 502,
    "http-503": 503,
  };
  return records[fault.kind];
}

function recorded(row: FetchRow, expected: string | RegExp | number, url: string): boolean {
  if (typeof expected === "number") return row.status === expected && (row.final_url ?? row.url) === url;
  return typeof expected === "string" ? row.error === expected : expected.test(row.error ?? "");
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("a crawl against sites with injected network faults, repeated until the faults are spent", () => {
  const newStore = useTempStore({ lifetime: "suite" });
  let sites: SampleSites;
  let plan: Record<string, PlannedFault[]>;
  const proxies = new Map<string, FaultProxy>();
  let store: Store;
  const runs: CrawlSummary[] = [];
  const firstRun = {
    findings: [] as CrawlFindingRow[],
    failedDocuments: [] as DocumentRow[],
    frontier: [] as { url: string; state: string; attempts: number; last_error: string | null }[],
  };
  const origin = (agencyId: string) => proxies.get(agencyId)!.origin;
  const remaining = () => [...proxies.values()].reduce((sum, p) => sum + p.remaining(), 0);

  beforeAll(async () => {
    sites = await startSampleSites();
    plan = faultPlan(sites);
    let yaml = sites.registryYaml();
    for (const [agencyId, rules] of Object.entries(plan)) {
      const proxy = await startFaultProxy({ upstream: sites.origins.get(agencyId)!, rules });
      proxies.set(agencyId, proxy);
      yaml = yaml.replaceAll(`${sites.origins.get(agencyId)}/`, `${proxy.origin}/`);
    }
    store = await newStore(parseRegistry(yaml, "agencies.yaml").agencies);

    const options = {
      agencyIds: Object.keys(plan),
      maxAttempts: MAX_ATTEMPTS,
      retryBaseDelayMs: 20,
      // A failed attachment is found again only by reading its article; with the default recheck
      // period a recently fetched article is not read, and the attachment would wait a week.
      recheckAfterDays: 0,
      pageLimits: LIMITS,
      attachmentLimits: LIMITS,
    };
    while (runs.length < MAX_RUNS) {
      runs.push(await crawl({ db: store.db, blobs: store.blobs }, options));
      if (runs.length === 1) {
        firstRun.findings = await crawlFindings(store.db);
        firstRun.failedDocuments = await store.db
          .selectFrom("documents")
          .selectAll()
          .where("fetch_state", "=", "failed")
          .execute();
        firstRun.frontier = await store.db.selectFrom("crawl_frontier").selectAll().execute();
      }
      if (runs.at(-1)!.failed === 0 && remaining() === 0) break;
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...proxies.values()].map((p) => p.close()));
    await sites?.close();
  });

  it("plays every scheduled fault; the first run fails, a later one meets no fault", () => {
    for (const [agencyId, proxy] of proxies) {
      const played = proxy.injected().map((f) => f.kind);
      expect(played.sort(), agencyId).toEqual(plan[agencyId]!.flatMap((r) => r.schedule).sort());
    }
    expect(remaining()).toBe(0);
    expect(runs[0]!.failed).toBeGreaterThan(0);
    expect(runs.at(-1)).toMatchObject({ failed: 0, blocked: 0 });
  });

  it("stores exactly the published reports, each with the bytes its site serves", async () => {
    const docs = await store.db.selectFrom("documents").selectAll().execute();
    const articles = docs.filter((d) => d.kind === "article").map((d) => `${d.fetch_state} ${d.url}`);
    const published = sites.reports
      .filter((r) => r.agencyId in plan)
      .map((r) => `fetched ${origin(r.agencyId)}${r.path}`);
    expect(articles.sort()).toEqual(published.sort());
    const attachments = docs.filter((d) => d.kind === "attachment");
    expect(attachments.map((d) => [d.agency_id, d.fetch_state])).toEqual([["huaian-city", "fetched"]]);
    for (const doc of docs) {
      const direct = doc.url.replace(origin(doc.agency_id), sites.origins.get(doc.agency_id)!);
      const served = Buffer.from(await (await fetch(direct)).arrayBuffer());
      expect(doc.blob_sha256, doc.url).toBe(sha256Hex(served));
    }
  });

  it("stores nothing twice and never stores a cut-short copy first", async () => {
    const docs = await store.db.selectFrom("documents").selectAll().execute();
    expect(new Set(docs.map((d) => `${d.agency_id} ${d.url}`)).size).toBe(docs.length);
    expect(new Set(docs.map((d) => d.blob_sha256)).size).toBe(docs.length);
    const frontier = await store.db.selectFrom("crawl_frontier").selectAll().execute();
    expect(new Set(frontier.map((f) => `${f.agency_id} ${f.url}`)).size).toBe(frontier.length);
    expect(frontier.filter((f) => f.state !== "done")).toEqual([]);
    // A copy stored cut short and replaced by the whole one later would be a change.
    expect(await store.db.selectFrom("document_changes").selectAll().execute()).toEqual([]);
  });

  it("logs every injected fault as a fetch whose error names it, and no other failure", async () => {
    const fetches = await store.db.selectFrom("fetches").selectAll().execute();
    for (const [agencyId, proxy] of proxies) {
      const rows = fetches.filter((f) => f.agency_id === agencyId);
      const played: Record<string, number> = {};
      const logged: Record<string, number> = {};
      for (const fault of proxy.injected()) {
        const key = `${fault.path} ${fault.kind}`;
        const url = origin(agencyId) + fault.path;
        played[key] = (played[key] ?? 0) + 1;
        logged[key] = rows.filter((r) => recorded(r, expectedRecord(fault, url), url)).length;
      }
      expect(logged, agencyId).toEqual(played);
    }
    const answered5xx = fetches.filter((f) => (f.status ?? 0) >= 500);
    expect(answered5xx.map((f) => f.error)).toEqual(answered5xx.map((f) => `${f.url}: HTTP ${f.status}`));
    const failures = fetches.filter((f) => f.error !== null || (f.status ?? 0) >= 500);
    const injected = [...proxies.values()].reduce((sum, p) => sum + p.injected().length, 0);
    expect(failures).toHaveLength(injected);
  });

  it("ends the first run with a finding for each fault that outlasts its retries, and none for the others", () => {
    const details = firstRun.findings.map((f) => f.detail);
    expect(firstRun.findings.every((f) => f.kind === "failed")).toBe(true);
    for (const [agencyId, rules] of Object.entries(plan)) {
      for (const rule of rules) {
        if (rule.firstRunFinding) {
          expect(details, `${agencyId} ${rule.path}`).toContainEqual(
            expect.stringMatching(rule.firstRunFinding),
          );
        } else if (typeof rule.path === "string") {
          expect(details.filter((d) => d.includes(origin(agencyId) + rule.path))).toEqual([]);
        }
      }
    }
  });

  it("counts in the frontier the attempts each failed URL really made", () => {
    const failed = firstRun.frontier.filter((f) => f.state === "failed");
    const attemptsOf = (error: string) =>
      error.startsWith("robots.txt unreachable")
        ? 0
        : error.includes(": redirect loop at ")
          ? 1
          : Number(/\(after (\d+) attempts\)$/.exec(error)?.[1]);
    expect(failed.some((f) => f.last_error?.includes(": redirect loop at "))).toBe(true);
    for (const row of failed) expect(row.attempts, row.last_error!).toBe(attemptsOf(row.last_error!));
  });

  it("leaves each document that failed in the first run with the reason its finding gives", () => {
    const details = new Set(firstRun.findings.map((f) => f.detail));
    const isDocument = (rule: FaultRule) =>
      sites.reports.some((r) => r.path === rule.path) || String(rule.path).endsWith(".pdf");
    const outlasting = Object.values(plan).flatMap((rules) =>
      rules.filter((r) => r.firstRunFinding && isDocument(r)),
    );
    expect(firstRun.failedDocuments).toHaveLength(outlasting.length);
    for (const doc of firstRun.failedDocuments) expect(details.has(doc.fetch_error!), doc.url).toBe(true);
  });
});

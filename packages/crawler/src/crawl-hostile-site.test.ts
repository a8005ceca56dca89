import { type HostileSites, startHostileSites } from "@touming/sample-sites";
import { crawlFindings } from "@touming/store";
import { useCleanups, useTempStore } from "@touming/testing";
import { expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { parseRegistry } from "./registry.js";

const defer = useCleanups();
const newStore = useTempStore();

/** The budgets and timeouts of this test: small, so that every attack reaches its limit quickly. */
const options = {
  retryBaseDelayMs: 20,
  maxAttempts: 3,
  maxListPages: 2,
  pageLimits: { headersTimeoutMs: 1000, bodyTimeoutMs: 1500 },
  budgets: {
    reportLinksPerList: 30,
    attachmentsPerArticle: 5,
    requests: 2000,
    bytes: 10 * 1024 * 1024,
  },
};

async function hostileWorld(): Promise<{ sites: HostileSites; store: Awaited<ReturnType<typeof newStore>> }> {
  const sites = await startHostileSites();
  defer(() => sites.close());
  const store = await newStore(parseRegistry(sites.registryYaml(), "agencies.yaml").agencies);
  return { sites, store };
}

it("crawls a hostile site beside a well-behaved agency: every attack ends at a budget or a limit, recorded, and the good agency's reports are fetched", async () => {
  const { sites, store } = await hostileWorld();
  const summary = await crawl({ db: store.db, blobs: store.blobs }, options);

  // The well-behaved agency: both reports fetched, nothing failed.
  const good = await store.db
    .selectFrom("documents")
    .select(["url", "fetch_state"])
    .where("agency_id", "=", sites.goodId)
    .execute();
  expect(good.map((d) => d.fetch_state)).toEqual(["fetched", "fetched"]);
  expect(summary.perAgency[sites.goodId]).toMatchObject({ new: 2, failed: 0 });

  // Its reports were not starved behind the hostile site's queue: they were among the first requests.
  const fetches = await store.db.selectFrom("fetches").select(["agency_id", "url"]).orderBy("id").execute();
  const lastGood = fetches.map((f) => f.agency_id).lastIndexOf(sites.goodId);
  expect(lastGood).toBeLessThan(40);

  const findings = await crawlFindings(store.db, { agencyId: sites.hostileId });
  const kinds = new Set(findings.map((f) => f.kind));
  console.log(findings.map((f) => `${f.kind} ${f.url} ${f.detail}`).join("\n"), sites.hits(), summary);
  for (const kind of [
    "budget_links_per_page", // 30,000 links on /links/: the first 20,000 read
    "budget_report_links_per_list", // of those, 30 queued
    "budget_extra_hosts", // links to eight other hosts: four contacted
    "budget_list_pages", // the pager without end and the shell: two further list pages
    "redirect_shell_chain", // the shell chain: followed once
    "budget_attachments_per_article", // 200 attachments per article: five queued
    "budget_bytes", // 256 KB attachments until 10 MB
  ])
    expect(kinds, kind).toContain(kind);
  const detail = (kind: string) => findings.find((f) => f.kind === kind)!.detail;
  expect(detail("budget_report_links_per_list")).toMatch(
    /^\d+ report links on one list page; the first 30 queued/,
  );
  expect(detail("budget_extra_hosts")).toMatch(/127\.0\.0\.6:\d+ would be host 5 beyond the registered ones/);
  expect(detail("budget_bytes")).toMatch(/received for the agency \(budget 10 MB\)/);

  // The endless body and the host that is always busy end as failures with their reasons.
  const failures = findings
    .filter((f) => f.kind === "failed")
    .map((f) => `${new URL(f.url).pathname} ${f.detail}`);
  expect(failures).toContainEqual(
    expect.stringMatching(/^\/drip\/ .*timeout: response not complete within 2500 ms/),
  );
  expect(failures).toContainEqual(expect.stringMatching(/^\/busy\/ .*HTTP 429 \(after 3 attempts\)/));
  // The shell chain was followed once: /shell/1 → /shell/2, not /shell/3.
  expect(sites.hits().shell).toBe(2);
  // The list pages beyond the start URLs: the pager's second page and the shell's target, no more.
  expect(sites.hits().pager).toBe(2);
  // Even 200,000 unclosed <div>s were read: nothing was unreadable.
  expect(kinds).not.toContain("page_unreadable");
  expect(summary.budgetHits).toBeGreaterThan(0);
});

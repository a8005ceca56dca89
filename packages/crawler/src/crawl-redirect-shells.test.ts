import { crawlFindings } from "@touming/store";
import { expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { type Page, type Routes, article, listPage, useLoopback } from "./testing/loopback-sites.js";

const loopback = useLoopback();
const title = (name: string, year: number) => `${name}${year}年政府信息公开工作年度报告`;
const shell = (to: string): Page => ({
  type: "text/html; charset=utf-8",
  body: `<html><head><script>location.href="${to}";</script></head><body></body></html>`,
});

/**
 * Every page a script redirect to a new one: `/list/1` → `/list/2` → …, and a report link whose
 * article is the same kind of endless chain. Before, the crawl followed such a chain for ever (28,648
 * pages in 60 s with --max-pages 3) and resumed it after a restart.
 */
const shellSite: Routes = (path) => {
  const list = /^\/list\/(\d+)$/.exec(path);
  if (list) {
    const n = Number(list[1]);
    if (n === 2)
      return listPage([{ href: "/art/1", title: title("临江市壳页局", 2023), date: "2024-01-20" }]);
    return shell(`/list/${n + 1}`);
  }
  const art = /^\/art\/(\d+)$/.exec(path);
  return art ? shell(`/art/${Number(art[1]) + 1}`) : undefined;
};

it("follows a script redirect once per chain: a shell behind a shell is a finding, and the crawl ends", async () => {
  const hostile = await loopback.site(shellSite);
  const good = await loopback.site((path) =>
    path === "/list/"
      ? listPage([{ href: "/art/2023", title: title("临江市统计局", 2023), date: "2024-01-20" }])
      : path === "/art/2023"
        ? article(title("临江市统计局", 2023))
        : undefined,
  );
  const store = await loopback.store([
    { id: "linjiang-kyj", name: "临江市壳页局", listUrls: [`${hostile.origin}/list/0`] },
    { id: "linjiang-tjj", name: "临江市统计局", listUrls: [`${good.origin}/list/`] },
  ]);
  const summary = await crawl({ db: store.db, blobs: store.blobs }, { retryBaseDelayMs: 20 });

  // /list/0 is a shell to /list/1, followed once; /list/1 is a shell again: not followed to /list/2.
  expect(hostile.requests.filter((r) => r.startsWith("GET /list/"))).toEqual(["GET /list/0", "GET /list/1"]);
  const findings = await crawlFindings(store.db, { agencyId: "linjiang-kyj" });
  expect(findings.map((f) => [f.kind, f.url])).toEqual([
    ["redirect_shell_chain", `${hostile.origin}/list/1`],
  ]);
  expect(findings[0]!.detail).toContain(`script redirect to ${hostile.origin}/list/2`);
  // The well-behaved agency's report is fetched as ever.
  expect(summary.perAgency["linjiang-tjj"]?.new).toBe(1);
});

it("an article that is a shell is followed once, a shell behind it is not", async () => {
  const hostile = await loopback.site(shellSite);
  const store = await loopback.store([
    { id: "linjiang-kyj", name: "临江市壳页局", listUrls: [`${hostile.origin}/list/2`] },
  ]);
  await crawl({ db: store.db, blobs: store.blobs }, { retryBaseDelayMs: 20 });
  expect(hostile.requests.filter((r) => r.startsWith("GET /art/"))).toEqual(["GET /art/1", "GET /art/2"]);
  const findings = await crawlFindings(store.db, { agencyId: "linjiang-kyj" });
  expect(findings.map((f) => [f.kind, f.url])).toEqual([["redirect_shell_chain", `${hostile.origin}/art/2`]]);
});

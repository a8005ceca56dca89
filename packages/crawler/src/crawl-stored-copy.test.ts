import { writeFileSync } from "node:fs";
import { crawlFindings } from "@touming/store";
import { describe, expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { article, listPage, useLoopback } from "./testing/loopback-sites.js";

const loopback = useLoopback();
const fast = { retryBaseDelayMs: 20 };
const TITLE = "淮安市人民政府2024年政府信息公开工作年度报告";

describe("a list page answered 304", () => {
  it("is read from its stored copy by the page reader; a copy damaged on disk fails the page, reporting nothing", async () => {
    const served = await loopback.site((path, req) => {
      if (path === "/list/") {
        if (req.headers["if-none-match"] === '"v1"') return { status: 304, body: "" };
        return {
          ...listPage([{ href: "/art/1.html", title: TITLE, date: "2025-01-20" }]),
          headers: { etag: '"v1"' },
        };
      }
      return path === "/art/1.html" ? article(TITLE) : undefined;
    });
    const store = await loopback.store([
      { id: "huaian-city", name: "淮安市人民政府", listUrls: [`${served.origin}/list/`] },
    ]);
    const listRow = () =>
      store.db
        .selectFrom("crawl_frontier")
        .select(["state", "last_error"])
        .where("url", "=", `${served.origin}/list/`)
        .executeTakeFirstOrThrow();
    const deps = { db: store.db, blobs: store.blobs };
    await crawl(deps, fast);
    expect(served.requests).toEqual(["GET /robots.txt", "GET /list/", "GET /art/1.html"]);

    // Read again: answered 304, its links read from the copy (the report is found, within its recheck period).
    served.requests.length = 0;
    const again = await crawl(deps, fast);
    expect(served.requests).toEqual(["GET /robots.txt", "GET /list/"]);
    expect(again).toMatchObject({ recentlyVerified: 1 });
    expect(await listRow()).toEqual({ state: "done", last_error: null });

    // The copy damaged on disk: nothing to read the 304 from. The page fails; it is no finding of the site's.
    const { sha256 } = await store.db
      .selectFrom("fetches")
      .select("sha256")
      .where("url", "=", `${served.origin}/list/`)
      .where("status", "=", 200)
      .executeTakeFirstOrThrow();
    writeFileSync(store.blobs.pathOf!(sha256!), "<p>damaged</p>");
    const damaged = await crawl(deps, fast);
    expect(await listRow()).toEqual({ state: "failed", last_error: "304 without a stored copy" });
    expect(damaged).toMatchObject({ recentlyVerified: 0 });
    expect((await crawlFindings(store.db)).map((f) => f.kind)).not.toContain("page_unreadable");
    await store.close();
  });
});

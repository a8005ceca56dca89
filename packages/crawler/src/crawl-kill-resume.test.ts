import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Store, frontierCounts, openStore } from "@touming/store";
import { afterAll, describe, expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { article, listPage, useLoopback } from "./testing/loopback-sites.js";
import { useCrawlSites } from "./testing/sample-sites.js";

const env = useCrawlSites();
const loopback = useLoopback();
const fast = { retryBaseDelayMs: 20 };
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The documents as a crawl leaves them, without ids and times. */
async function documents(store: Store) {
  const rows = await store.db
    .selectFrom("documents")
    .select(["agency_id", "url", "kind", "title", "fetch_state", "blob_sha256"])
    .orderBy("agency_id")
    .orderBy("url")
    .execute();
  return rows;
}

describe("a crawl killed between two batches of writes", () => {
  it("resumes from the files as they stood into the documents of an uninterrupted crawl", async () => {
    const store = await env.store();
    const killedAt = mkdtempSync(path.join(tmpdir(), "touming-killed-crawl-"));
    copies.push(killedAt);
    let seen = 0;
    // The data directory copied as a SIGKILL would leave it: committed batches only (the item that
    // just ended is never written yet, its batch is written later). The copy is taken between two
    // statements (better-sqlite3 writes synchronously on this thread), so the database and its WAL
    // are those of one moment.
    await crawl(
      {
        db: store.db,
        blobs: store.blobs,
        onEvent: (e) => {
          if (e.type === "item" && ++seen === 40) cpSync(store.dataDir, killedAt, { recursive: true });
        },
      },
      fast,
    );
    const uninterrupted = await documents(store);

    const killed = await openStore({ dataDir: killedAt });
    try {
      const left = await frontierCounts(killed.db);
      expect(left.done + left.failed).toBeLessThan(40);
      expect(left.pending).toBeGreaterThan(0);
      const resumed = await crawl({ db: killed.db, blobs: killed.blobs }, fast);
      expect(resumed.resumed).toBe(true);
      expect(await documents(killed)).toEqual(uninterrupted);
      expect(await frontierCounts(killed.db)).toMatchObject({ pending: 0 });
    } finally {
      await killed.close();
    }
  });

  /**
   * The flake above (one attachment in 3 to 10 runs): a batch written while an article was being
   * read held the article's fetch but not its end. Killed then, the article was stored, its fetch
   * logged and its row pending; the resumed crawl found it fetched within the recheck period, did not
   * read it again, and its attachment was never queued. Here the batch is forced: the article's
   * document is sighted 400 ms late, past the journal's 250 ms, and the kill is at its end.
   */
  it("an article's fetch is written with its end: killed between the two, its attachment is still crawled", async () => {
    const name = "淮安市人民政府2024年政府信息公开工作年度报告";
    const site = await loopback.site((p) =>
      p === "/list/"
        ? listPage([{ href: "/art/1.html", title: name, date: "2025-01-24" }])
        : p === "/art/1.html"
          ? article(name, `<p>附件：<a href="/files/report.pdf">${name}.pdf</a></p>`)
          : p === "/files/report.pdf"
            ? { type: "application/pdf", body: "%PDF-1.4\n%%EOF\n" }
            : undefined,
    );
    const store = await loopback.store([
      { id: "huaian-city", name: "淮安市人民政府", listUrls: [`${site.origin}/list/`] },
    ]);
    const killedAt = mkdtempSync(path.join(tmpdir(), "touming-killed-crawl-"));
    copies.push(killedAt);
    // The article's sighting (the first document inserted) answers late: a batch is written meanwhile.
    let late: unknown;
    const db = store.db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        if (
          late === undefined &&
          node.kind === "InsertQueryNode" &&
          node.into?.table.identifier.name === "documents"
        )
          late = queryId;
        return node;
      },
      transformResult: async ({ result, queryId }) => {
        if (queryId === late) await new Promise((resolve) => setTimeout(resolve, 400));
        return result;
      },
    });
    await crawl(
      {
        db,
        blobs: store.blobs,
        onEvent: (e) => {
          if (e.type === "item" && e.kind === "article") cpSync(store.dataDir, killedAt, { recursive: true });
        },
      },
      fast,
    );
    const uninterrupted = await documents(store);
    expect(uninterrupted.map((d) => [d.kind, d.fetch_state])).toEqual([
      ["article", "fetched"],
      ["attachment", "fetched"],
    ]);
    await store.close();

    const killed = await openStore({ dataDir: killedAt });
    try {
      // As the kill left it: the article stored, its row pending, and so no fetch of it logged.
      const articleUrl = `${site.origin}/art/1.html`;
      const row = await killed.db
        .selectFrom("crawl_frontier")
        .select("state")
        .where("url", "=", articleUrl)
        .executeTakeFirstOrThrow();
      expect(row.state).toBe("pending");
      const logged = await killed.db
        .selectFrom("fetches")
        .select("url")
        .where("url", "=", articleUrl)
        .execute();
      expect(logged).toEqual([]);
      await crawl({ db: killed.db, blobs: killed.blobs }, fast);
      expect(await documents(killed)).toEqual(uninterrupted);
      expect(site.requests.filter((r) => r === "GET /files/report.pdf")).toHaveLength(2);
    } finally {
      await killed.close();
    }
  });
});

import {
  type StoreDb,
  addDocument,
  documentByUrl,
  enqueueFrontier,
  lastSuccessfulFetch,
  recordFetch,
  upsertAgencies,
} from "@touming/store";
import { testAgency, useTempStore } from "@touming/store/testing";
import { describe, expect, it } from "vitest";
import { PAGE_HANDLERS } from "./handlers/index.js";
import { StoreLookahead } from "./store-lookahead.js";

const tempStore = useTempStore();
const site = "https://www.huaian.gov.cn";
const agencies = [testAgency(), testAgency({ id: "qingjiang-city" })];

type Plugin = Parameters<StoreDb["withPlugin"]>[0];

/** Counts the queries made through the handle it is plugged into. */
class QueryCount implements Plugin {
  n = 0;
  transformQuery: Plugin["transformQuery"] = (args) => {
    this.n++;
    return args.node;
  };
  transformResult: Plugin["transformResult"] = async (args) => args.result;
}

async function crawlRows() {
  const store = await tempStore();
  await upsertAgencies(store.db, agencies);
  await addDocument(store.db, { agencyId: "huaian-city", url: `${site}/a1.html`, kind: "article" });
  await addDocument(store.db, { agencyId: "huaian-city", url: `${site}/r.pdf`, kind: "attachment" });
  // The list's newest stored copy, then a 304 to it.
  await recordFetch(store.db, {
    agencyId: "huaian-city",
    url: `${site}/list`,
    status: 200,
    sha256: "a".repeat(64),
  });
  await recordFetch(store.db, { agencyId: "huaian-city", url: `${site}/list`, status: 304, etag: '"1"' });
  const rows = await enqueueFrontier(store.db, [
    { agencyId: "huaian-city", url: `${site}/a1.html`, kind: "article" },
    { agencyId: "huaian-city", url: `${site}/a2.html`, kind: "article" },
    { agencyId: "huaian-city", url: `${site}/r.pdf`, kind: "attachment" },
    { agencyId: "huaian-city", url: `${site}/list`, kind: "list" },
    // Another agency's row at the same list URL: the stored copy is the URL's; the document is not.
    { agencyId: "qingjiang-city", url: `${site}/list`, kind: "list" },
    { agencyId: "qingjiang-city", url: `${site}/a1.html`, kind: "article" },
    { agencyId: "huaian-city", url: `${site}/`, kind: "site" },
  ]);
  const count = new QueryCount();
  return { store, rows, count, lookahead: new StoreLookahead(store.db.withPlugin(count), PAGE_HANDLERS) };
}

describe("StoreLookahead", () => {
  it("reads a batch of rows' documents and pages' stored copies in two queries, each as its own lookup finds it", async () => {
    const { store, rows, count, lookahead } = await crawlRows();
    await lookahead.readAhead(rows);
    expect(count.n).toBe(2);
    expect(lookahead.held).toBe(rows.length);
    for (const row of rows) {
      if (row.kind === "article" || row.kind === "attachment")
        expect(await lookahead.document(row.agency_id, row.url)).toEqual(
          await documentByUrl(store.db, row.agency_id, row.url),
        );
      else
        expect(await lookahead.storedCopy(row.agency_id, row.url)).toEqual(
          await lastSuccessfulFetch(store.db, row.url, { withBody: true }),
        );
    }
    expect(count.n).toBe(2);
    const answers = await Promise.all([
      lookahead.document("huaian-city", `${site}/a1.html`),
      lookahead.document("huaian-city", `${site}/a2.html`),
      lookahead.document("qingjiang-city", `${site}/a1.html`),
      lookahead.storedCopy("qingjiang-city", `${site}/list`),
      lookahead.storedCopy("huaian-city", `${site}/`),
    ]);
    expect(answers.map((a) => a?.url)).toEqual([
      `${site}/a1.html`,
      undefined,
      undefined,
      `${site}/list`,
      undefined,
    ]);
    expect(answers[3]!.sha256).toBe("a".repeat(64));
    expect(count.n).toBe(2);
  });

  it("an answer serves the row's attempt only: once forgotten, or never read ahead, the row is looked up when asked", async () => {
    const { store, rows, count, lookahead } = await crawlRows();
    await lookahead.readAhead(rows.slice(0, 2));
    // Written after the read-ahead (a row's earlier attempt that got as far as storing its report).
    await addDocument(store.db, { agencyId: "huaian-city", url: `${site}/a2.html`, kind: "article" });
    expect(await lookahead.document("huaian-city", `${site}/a2.html`)).toBeUndefined();
    lookahead.forget("huaian-city", `${site}/a2.html`);
    const before = count.n;
    expect((await lookahead.document("huaian-city", `${site}/a2.html`))?.url).toBe(`${site}/a2.html`);
    expect((await lookahead.storedCopy("huaian-city", `${site}/list`))?.sha256).toBe("a".repeat(64));
    expect(count.n).toBe(before + 2);
    lookahead.forget("huaian-city", `${site}/a1.html`);
    expect(lookahead.held).toBe(0);
  });

  it("reads nothing for rows whose handler reads nothing ahead, and makes no query for an empty batch", async () => {
    const { store, rows, count } = await crawlRows();
    const none = new StoreLookahead(
      store.db.withPlugin(count),
      PAGE_HANDLERS.map(({ kind, handle }) => ({ kind, handle })),
    );
    await none.readAhead(rows);
    await none.readAhead([]);
    expect([count.n, none.held]).toEqual([0, 0]);
  });
});

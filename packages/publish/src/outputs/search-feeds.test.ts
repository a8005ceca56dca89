import { readFileSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import { type Store, gradesOf } from "@touming/store";
import { useTempDirs, useTempStore, visibleLatinWords } from "@touming/testing";
import { SaxesParser } from "saxes";
import { beforeAll, describe, expect, it } from "vitest";
import { publishStage } from "../publish-stage.js";
import { XSS_NAME, gradeStore, seedStore, stageContext } from "../testing/seed-store.js";

// The search index and the Atom feeds, published from a real store: what the index lists, that the
// feeds parse as XML with the entries a reader needs, and that they change only when a grade does.

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let store: Store;
let out: string;

const publish = async (generatedOn: string) =>
  (await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn, pdf: false })).summary;
const read = (file: string) => readFileSync(path.join(out, file), "utf8");

/** An Atom document parsed back: its elements as (path, attributes, text), failing on any XML error. */
function parseXml(xml: string) {
  const parser = new SaxesParser({ xmlns: true });
  const elements: { path: string; attributes: Record<string, string>; text: string }[] = [];
  const stack: { path: string; attributes: Record<string, string>; text: string }[] = [];
  parser.on("opentag", (tag) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value]));
    const el = { path: `${stack.at(-1)?.path ?? ""}/${tag.local}`, attributes, text: "" };
    if (stack.length === 0) expect(tag.uri).toBe("http://www.w3.org/2005/Atom");
    stack.push(el);
    elements.push(el);
  });
  parser.on("text", (t) => {
    if (stack.length > 0) stack.at(-1)!.text += t;
  });
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  return elements;
}

/** The entries of a feed: id, title, updated, link and kind. */
function entries(xml: string) {
  const els = parseXml(xml);
  const entryEls = els.filter((e) => e.path === "/feed/entry");
  return entryEls.map((_, i) => {
    const own = (name: string) => els.filter((e) => e.path === `/feed/entry/${name}`)[i]!;
    return {
      id: own("id").text,
      title: own("title").text,
      updated: own("updated").text,
      href: own("link").attributes.href,
      kind: own("category").attributes.term,
    };
  });
}

beforeAll(async () => {
  out = path.join(tempDir(), "out");
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
}, 60_000);

describe("the search index and the feeds", () => {
  it("lists every card in the JSON index and embeds it, escaped, in the search page", async () => {
    await publish("2025-06-01");
    const totals = (await gradesOf(store.db, {})).filter((g) => g.dimension === "total");
    const index = JSON.parse(read("search/index.json")) as { cards: Record<string, unknown>[] };
    expect(index.cards.map((c) => `${c.agencyId} ${c.year}`).sort()).toEqual(
      totals.map((g) => `${g.agency_id} ${g.year}`).sort(),
    );
    const bad = index.cards.find((c) => c.agencyId === "bad" && c.year === 2024)!;
    const badTotal = totals.find((g) => g.agency_id === "bad" && g.year === 2024)!;
    expect(bad).toEqual({
      agencyId: "bad",
      agency: XSS_NAME,
      regionCode: "990100",
      level: "department",
      jurisdictionId: "city",
      jurisdiction: "示例市人民政府",
      year: 2024,
      letter: badTotal.evidence.letter,
      state: "graded",
      score: badTotal.points,
      path: "cards/bad/2024.html",
    });
    const page = read("search.html");
    expect(page).not.toContain("<script>window.__xss");
    expect(page).toContain('<script src="search/search.js" defer></script>');
    expect(page).toContain("script-src 'self'");
    const block = /<script type="application\/json" id="search-index">([^<]*)<\/script>/.exec(page)![1]!;
    expect(JSON.parse(block)).toEqual(index);
    // The page embeds the index file's very bytes, escaped for a script block ("<" and all).
    expect(block).toBe(read("search/index.json"));
    expect(block).not.toMatch(/[<>&]/);
    expect(block).toContain("\\u003cscript");
    // Every other script of the page is the external one: no inline script.
    expect(
      [...page.matchAll(/<script(?![^>]*type="application\/json")[^>]*>([^<]*)<\/script>/g)].map((m) => m[1]),
    ).toEqual([""]);
    expect(read("search/search.js")).toContain("textContent");
    expect(read("index.html")).toContain('<a href="search.html">');
    expect(visibleLatinWords(page)).toEqual([]);
  });

  it("announces new cards, then a changed grade and a correction, with stable ids, rewriting nothing otherwise", async () => {
    const first = entries(read("feeds/all.xml"));
    const totals = (await gradesOf(store.db, {})).filter((g) => g.dimension === "total");
    expect(first.map((e) => e.kind)).toEqual(totals.map(() => "new"));
    expect(first.every((e) => e.updated === "2025-06-01T00:00:00+08:00")).toBe(true);
    expect(first.map((e) => e.href).sort()).toEqual(
      totals.map((g) => `../cards/${g.agency_id}/${g.year}.html`).sort(),
    );
    expect(
      first.every((e) =>
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.id),
      ),
    ).toBe(true);
    expect(entries(read("feeds/city.xml"))).toHaveLength(totals.length);
    const allBefore = read("feeds/all.xml");

    expect((await publish("2025-06-01")).written).toBe(0);
    // Another date renews the pages (they print it), not the feeds: nothing new happened.
    await publish("2025-06-02");
    expect(read("feeds/all.xml")).toBe(allBefore);

    // The 2024 grade of city changes letter; bad's 2024 score changes within its letter.
    const total = (id: string) =>
      store.db
        .selectFrom("grades")
        .selectAll()
        .where("agency_id", "=", id)
        .where("year", "=", 2024)
        .where("dimension", "=", "total")
        .executeTakeFirstOrThrow();
    const cityTotal = await total("city");
    const was = JSON.parse(cityTotal.evidence) as { letter: string };
    const letter = was.letter === "A" ? "B" : "A";
    await store.db
      .updateTable("grades")
      .set({ points: 95, evidence: JSON.stringify({ ...was, letter }) })
      .where("agency_id", "=", "city")
      .where("year", "=", 2024)
      .where("dimension", "=", "total")
      .execute();
    const badTotal = await total("bad");
    await store.db
      .updateTable("grades")
      .set({ points: badTotal.points - 1 })
      .where("agency_id", "=", "bad")
      .where("year", "=", 2024)
      .where("dimension", "=", "total")
      .execute();
    await publish("2025-07-01");

    const after = entries(read("feeds/all.xml"));
    expect(after).toHaveLength(totals.length + 2);
    expect(after.slice(0, 2).map((e) => [e.kind, e.href, e.updated])).toEqual(
      expect.arrayContaining([
        ["grade", "../cards/city/2024.html", "2025-07-01T00:00:00+08:00"],
        ["correction", "../cards/bad/2024.html", "2025-07-01T00:00:00+08:00"],
      ]),
    );
    const grade = after.find((e) => e.kind === "grade")!;
    expect(grade.title).toBe(
      `示例市人民政府 2024年度评估等级调整：由${was.letter}级（${cityTotal.points}分）调整为${letter}级（95分）`,
    );
    expect(after.find((e) => e.kind === "correction")!.title).toBe(
      `${XSS_NAME} 2024年度评估更正：得分由${badTotal.points}分更正为${badTotal.points - 1}分`,
    );
    // The earlier entries keep their ids.
    expect(after.slice(2).map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(read("feeds/all.xml")).toContain("某局&lt;script&gt;");
    const parsed = parseXml(read("feeds/all.xml"));
    expect(parsed.find((e) => e.path === "/feed/updated")?.text).toBe("2025-07-01T00:00:00+08:00");
  });
});

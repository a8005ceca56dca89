import { describe, expect, it } from "vitest";
import { SearchIndex } from "./search-index.js";
import { type SearchCard, jsonForScriptBlock, searchPage } from "./search-view.js";

const card = (i: number, agency = `机关${i}`): SearchCard => ({
  agencyId: `a${i}`,
  agency,
  regionCode: `${110100 + (i % 3)}`,
  level: i % 2 ? "county" : "department",
  jurisdictionId: `j${i % 4}`,
  jurisdiction: `辖区${i % 4}`,
  year: 2020 + (i % 5),
  letter: "B",
  state: "graded",
  score: 80 + (i % 10),
  path: `cards/a${i}/${2020 + (i % 5)}.html`,
});

/** The index as one string, as it was made before it was encoded card by card. */
const asOneString = (cards: SearchCard[]) =>
  `{"version":1,"cards":[\n${cards.map((c) => jsonForScriptBlock(JSON.stringify(c))).join(",\n")}\n]}\n`;

describe("SearchIndex", () => {
  it("encodes each card's line as it is added: the bytes of the whole index made as one string", () => {
    // Over 256 KB of lines (several chunks), names with 4-byte characters and script-ending text,
    // and one card larger than a chunk.
    const cards = Array.from({ length: 3000 }, (_, i) =>
      card(
        i,
        i === 7 ? `</script><!--𠀋${"长".repeat(200_000)}` : i % 97 === 0 ? `𠮷野家\u2028${i}` : `机关${i}`,
      ),
    );
    const index = new SearchIndex();
    for (const c of cards) index.add(c);
    const bytes = index.bytes();
    expect(bytes.equals(Buffer.from(asOneString(cards), "utf8"))).toBe(true);
    expect(bytes.length).toBeGreaterThan(600_000);
    const text = bytes.toString("utf8");
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect((JSON.parse(text) as { cards: SearchCard[] }).cards).toEqual(cards);
    expect(index.count).toBe(3000);
    expect([...index.years].sort()).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect([...index.regions].sort()).toEqual(["110100", "110101", "110102"]);
    expect([...index.levels].sort()).toEqual(["county", "department"]);
    expect([...index.jurisdictionIds].sort()).toEqual(["j0", "j1", "j2", "j3"]);
  });

  it("is an empty list with no cards", () => {
    const index = new SearchIndex();
    expect(index.bytes().toString("utf8")).toBe(asOneString([]));
    expect(JSON.parse(asOneString([]))).toEqual({ version: 1, cards: [] });
  });
});

describe("searchPage", () => {
  it("puts the index's bytes where the marker is, and refuses a page without it or with it twice", () => {
    const data = Buffer.from('{"a":"长"}', "utf8");
    expect(searchPage("<p>甲</p>MARK<p>乙</p>", "MARK", data).toString("utf8")).toBe(
      '<p>甲</p>{"a":"长"}<p>乙</p>',
    );
    expect(() => searchPage("<p>甲</p>", "MARK", data)).toThrow("exactly once");
    expect(() => searchPage("MARK MARK", "MARK", data)).toThrow("exactly once");
  });
});

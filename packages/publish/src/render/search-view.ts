import type { Agency } from "@touming/store";
import type { Jurisdiction } from "../jurisdictions.js";
import type { Headline, PageCommon } from "../output.js";
import { cardPath } from "./page-paths.js";
import type { SearchIndex } from "./search-index.js";

/** Where the search page, its script and its index are, relative to the output directory. */
export const SEARCH_PAGE = "search.html";
export const SEARCH_SCRIPT = "search/search.js";
export const SEARCH_INDEX = "search/index.json";

/** Agency levels and card states in a reader's words (the search page's filters and results). */
export const LEVEL_NAMES: Readonly<Record<Agency["level"], string>> = {
  province: "省级",
  city: "市级",
  county: "县级",
  district: "区级",
  department: "部门",
};
export const STATE_NAMES: Readonly<Record<string, string>> = {
  graded: "已评估",
  not_found: "未发现报告",
  unverifiable: "无法核实",
};

/** One card as the search index lists it (the JSON index's record; every field is data, never markup). */
export interface SearchCard {
  agencyId: string;
  agency: string;
  regionCode: string;
  level: Agency["level"];
  jurisdictionId: string;
  jurisdiction: string;
  year: number;
  /** The grade letter; for 未发现 the letter of a score of 0; empty for 无法核实. */
  letter: string;
  state: string;
  score: number | null;
  /** The card, relative to the output directory. */
  path: string;
}

/**
 * The cards of one agency that the index links (every year but those outside the monitoring
 * window), newest year first.
 */
export function searchCards(
  agency: Agency,
  jurisdiction: Jurisdiction,
  headlines: ReadonlyMap<number, Pick<Headline, "state" | "letter" | "score">>,
): SearchCard[] {
  return [...headlines]
    .filter(([, h]) => h.state in STATE_NAMES)
    .sort(([a], [b]) => b - a)
    .map(([year, h]) => ({
      agencyId: agency.id,
      agency: agency.name,
      regionCode: agency.regionCode,
      level: agency.level,
      jurisdictionId: jurisdiction.id,
      jurisdiction: jurisdiction.name,
      year,
      letter: h.state === "unverifiable" ? "" : h.letter,
      state: h.state,
      score: h.state === "graded" ? h.score : null,
      path: cardPath(agency.id, year),
    }));
}

/**
 * JSON made safe inside an HTML `<script type="application/json">` block: no `<`, `>` or `&` (so no
 * `</script>` or `<!--` can end or change the block), no line separators.
 */
export function jsonForScriptBlock(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface SearchViewInput {
  common: PageCommon;
  /** The index of the cards: its count and filters' choices (its bytes are placed by `searchPage`). */
  index: Pick<SearchIndex, "count" | "years" | "regions" | "levels" | "jurisdictionIds">;
  letters: readonly string[];
  jurisdictions: readonly Jurisdiction[];
  /** The Atom feeds: every jurisdiction's, relative to the output directory. */
  feedOf(jurisdictionId: string): string;
  allFeed: string;
  /** What the template prints where the index goes (see `searchPage`). */
  dataMarker: string;
}

/**
 * The search page: the filters' choices (from the cards themselves, so none finds nothing by
 * construction), the feeds, and the index embedded as data, so the page works from disk too.
 */
export function searchView(input: SearchViewInput) {
  const { index } = input;
  const levels = (Object.keys(LEVEL_NAMES) as Agency["level"][]).filter((l) => index.levels.has(l));
  const jurisdictions = input.jurisdictions.filter((j) => index.jurisdictionIds.has(j.id));
  return {
    ...input.common,
    title: "查找机关和评估结果",
    root: "",
    script: SEARCH_SCRIPT,
    count: index.count,
    years: [...index.years].sort((a, b) => b - a),
    regions: [...index.regions].sort(),
    levels: levels.map((value): { value: string; name: string } => ({ value, name: LEVEL_NAMES[value] })),
    letters: input.letters,
    states: Object.entries(STATE_NAMES).map(([value, name]) => ({ value, name })),
    jurisdictions: jurisdictions.map((j) => ({ value: j.id, name: j.name })),
    feeds: [
      { name: "全部辖区", path: input.allFeed },
      ...jurisdictions.map((j) => ({ name: j.name, path: input.feedOf(j.id) })),
    ],
    data: input.dataMarker,
  };
}

/**
 * The page's bytes: the rendered HTML with the index's bytes where its marker is (the index is never
 * a string of the page). The marker is the run's own random text; it must be there exactly once.
 */
export function searchPage(html: string, dataMarker: string, data: Buffer): Buffer {
  const at = html.indexOf(dataMarker);
  if (at < 0 || html.indexOf(dataMarker, at + 1) >= 0)
    throw new Error("the search page template must place its data exactly once");
  return Buffer.concat([
    Buffer.from(html.slice(0, at), "utf8"),
    data,
    Buffer.from(html.slice(at + dataMarker.length), "utf8"),
  ]);
}

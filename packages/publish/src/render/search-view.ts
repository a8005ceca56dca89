import type { Agency } from "@touming/store";
import type { Jurisdiction } from "../jurisdictions.js";
import type { Headline, PageCommon } from "../output.js";
import { cardPath } from "./page-paths.js";

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

/** The JSON index: one card per line, so that a changed card changes one line. */
export function searchIndexJson(cards: readonly SearchCard[]): string {
  return `{"version":1,"cards":[\n${cards.map((c) => JSON.stringify(c)).join(",\n")}\n]}\n`;
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
  cards: readonly SearchCard[];
  letters: readonly string[];
  jurisdictions: readonly Jurisdiction[];
  /** The Atom feeds: every jurisdiction's, relative to the output directory. */
  feedOf(jurisdictionId: string): string;
  allFeed: string;
}

/**
 * The search page: the filters' choices (from the cards themselves, so none finds nothing by
 * construction), the feeds, and the index embedded as data, so the page works from disk too.
 */
export function searchView(input: SearchViewInput) {
  const { cards } = input;
  const distinct = <T>(values: T[]) => [...new Set(values)];
  const years = distinct(cards.map((c) => c.year)).sort((a, b) => b - a);
  const regions = distinct(cards.map((c) => c.regionCode)).sort();
  const levels = (Object.keys(LEVEL_NAMES) as Agency["level"][]).filter((l) =>
    cards.some((c) => c.level === l),
  );
  const used = new Set(cards.map((c) => c.jurisdictionId));
  const jurisdictions = input.jurisdictions.filter((j) => used.has(j.id));
  return {
    ...input.common,
    title: "查找机关和评估结果",
    root: "",
    script: SEARCH_SCRIPT,
    count: cards.length,
    years,
    regions,
    levels: levels.map((value): { value: string; name: string } => ({ value, name: LEVEL_NAMES[value] })),
    letters: input.letters,
    states: Object.entries(STATE_NAMES).map(([value, name]) => ({ value, name })),
    jurisdictions: jurisdictions.map((j) => ({ value: j.id, name: j.name })),
    feeds: [
      { name: "全部辖区", path: input.allFeed },
      ...jurisdictions.map((j) => ({ name: j.name, path: input.feedOf(j.id) })),
    ],
    data: jsonForScriptBlock(searchIndexJson(cards)),
  };
}

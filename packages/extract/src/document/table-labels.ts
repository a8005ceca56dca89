import {
  APPLICATION_COLUMNS,
  REVIEW_GROUPS,
  REVIEW_OUTCOMES,
  formLabel,
  formLabelKeys,
  type ApplicationColumn,
} from "@touming/vocabulary";
import { labelForm } from "../decode/parse-form.js";
import { type Prepared, alike, prepare } from "./label-likeness.js";

/**
 * Printed row and column labels of tables 二, 三 and 四 matched against the forms' own words (the
 * vocabulary's `formLabel`), loosely: numbering, punctuation and spaces aside, a label matches the
 * form's label it is most like (equal, contained, or sharing most character pairs, for OCR typos and
 * shortened labels). Used to recognise a text table's rows and to read grids by label.
 */

const FORMS = ["2019", "2021"] as const;

/** How a label is numbered: 一、 (top), （一） (sub), 1. (leaf). */
export interface Numbering {
  level: "top" | "sub" | "leaf";
  n: string;
}

const CN = "[一二三四五六七八九十]{1,3}";
const NUMBERINGS: [Numbering["level"], RegExp][] = [
  // An opening bracket a scan's reading made a book-title mark (《一)予以公开) still opens a sub-numbering.
  ["sub", new RegExp(`^[(（《〈](${CN})[)）][、.]?`)],
  ["top", new RegExp(`^(${CN})[、.,，]`)],
  ["leaf", /^[(（](\d{1,2})[)）][、.]?/],
  // 1, as a scan's reading gives 1. (never a thousands comma: a digit follows that)
  ["leaf", /^(\d{1,2})(?:[、)）]|[.,](?!\d))/],
  ["leaf", /^([①-⑳])/],
];
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/** The label's leading numbering, and the label without it (label form: no spaces, ASCII folded). */
export function splitNumbering(label: string): { numbering: Numbering | null; rest: string } {
  const form = labelForm(label).replace(/^[#*>\-_]+/, "");
  for (const [level, re] of NUMBERINGS) {
    const m = re.exec(form);
    if (!m) continue;
    const n = CIRCLED.includes(m[1]!) ? String(CIRCLED.indexOf(m[1]!) + 1) : m[1]!;
    return { numbering: { level, n }, rest: form.slice(m[0].length) };
  }
  return { numbering: null, rest: form };
}

const NOT_A_WORD = /[^\p{L}\p{N}]/gu;

/** A text's letters and digits alone: punctuation, brackets, marks and spaces out. */
export const wordsOf = (text: string): string => text.replace(NOT_A_WORD, "");

/** The words of a label: numbering, punctuation, brackets and marks out. */
export function labelCore(label: string): string {
  return wordsOf(splitNumbering(label).rest);
}

interface Entry extends Prepared {
  numbering: Numbering | null;
}

/** Agreement of numbering: the same numbering adds, a different one subtracts, none says nothing. */
function numberingAdjustment(printed: Numbering | null, form: Numbering | null): number {
  if (!printed || !form) return 0;
  if (printed.level === form.level && printed.n === form.n) return 0.2;
  return printed.level === form.level ? -0.15 : -0.3;
}

const entryOf = (label: string): Entry => {
  const { numbering } = splitNumbering(label);
  return { ...prepare(labelCore(label)), numbering };
};

/**
 * Entries by the character pairs of their cores: only those sharing a pair with a label can be
 * like it (a contained label of two characters or more shares one), so only those are scored.
 */
function indexed<T extends Entry>(entries: readonly T[]): (label: Prepared) => T[] {
  const byPair = new Map<string, T[]>();
  for (const entry of entries)
    for (const g of entry.grams.keys()) {
      const list = byPair.get(g) ?? [];
      if (!list.includes(entry)) list.push(entry);
      byPair.set(g, list);
    }
  return (label) => {
    const found = new Set<T>();
    for (const g of label.grams.keys()) for (const entry of byPair.get(g) ?? []) found.add(entry);
    return [...found];
  };
}

/** A bounded memo of a matcher: documents repeat their labels, and long inputs must stay linear. */
function memo<R>(compute: (key: string) => R): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as R;
    if (cache.size >= 20_000) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/** A confident match needs this score (likeness plus numbering agreement). */
const MATCH = 0.6;

// ─── Table 三 ────────────────────────────────────────────────────────────────────────────────────

/** A group of table 三's rows under 三、本年度办理结果: 不予公开 (`withheld`), 无法提供, 不予处理, 其他处理. */
export type ApplicationGroup = "withheld" | "unable" | "not_processed" | "other_handling";

interface ApplicationEntry extends Entry {
  /** The row part of the key (`withheld.state_secret`), when the label is a row of some form. */
  row?: string;
  /** The row's leaf group, or the group this label heads; null for rows and headings outside one. */
  group: ApplicationGroup | null;
  /** Whether the label heads a group of rows (it may also be a row: 2019's （六）其他处理). */
  heading: boolean;
}

const APPLICATION_ENTRIES: readonly ApplicationEntry[] = (() => {
  const byLabel = new Map<string, ApplicationEntry>();
  const add = (label: string, patch: Partial<ApplicationEntry>) => {
    const entry = byLabel.get(label) ?? { ...entryOf(label), group: null, heading: false };
    byLabel.set(label, { ...entry, ...patch, group: patch.group ?? entry.group });
  };
  for (const format of FORMS)
    for (const key of formLabelKeys(format)) {
      if (!key.startsWith("apply.") || !key.endsWith(".natural_person")) continue;
      const label = formLabel(key, format)!;
      const row = key.slice("apply.".length, -".natural_person".length);
      const leafGroup = label.rowGroups.length >= 2 ? (row.split(".")[0] as ApplicationGroup) : null;
      add(label.rowLabel!, { row, group: leafGroup });
      label.rowGroups.forEach((heading, depth) =>
        add(heading, { heading: true, group: depth === 0 ? null : leafGroup }),
      );
      // 2019's single 其他处理 row is 2021's group heading: the same label, both roles.
      if (row === "other_handling.total") add(label.rowLabel!, { group: "other_handling", heading: true });
    }
  return [...byLabel.values()];
})();

export interface ApplicationLabelMatch {
  /** The row part of the key (`withheld.state_secret`); absent for a heading that is no row. */
  row?: string;
  /** The leaf group rows below this label belong to (null: none, e.g. after 三、本年度办理结果). */
  group: ApplicationGroup | null;
  heading: boolean;
  score: number;
}

/**
 * The row or group heading of table 三 a printed label is (`1. 属于国家秘密`, `(三) 不予公开`, `本年新收
 * 政府信息公开申请数量`), given the group the rows above opened; null when it is none of them. A leaf
 * row of another group needs a stronger match, and a short leaf label (`3.其他`) needs its group.
 */
export function matchApplicationLabel(
  label: string,
  currentGroup: ApplicationGroup | null = null,
): ApplicationLabelMatch | null {
  return applicationMatch(`${currentGroup ?? ""}\u0000${label}`);
}

const applicationCandidates = indexed(APPLICATION_ENTRIES);

const applicationMatch = memo((key: string): ApplicationLabelMatch | null => {
  const [groupKey, label] = key.split("\u0000") as [string, string];
  const currentGroup = (groupKey || null) as ApplicationGroup | null;
  const { numbering } = splitNumbering(label);
  const printed = prepare(labelCore(label));
  const core = printed.core;
  if (core === "") return null;
  let best: ApplicationLabelMatch | null = null;
  const candidates = applicationCandidates(printed);
  // A piece that several labels hold (息公开申请, the tail of a wrapped label) tells none of them.
  const holders = candidates.filter((e) => e.core.length > core.length && e.core.includes(core)).length;
  for (const entry of candidates) {
    const contained = entry.core.length > core.length && entry.core.includes(core);
    const similar = alike(printed, entry) - (contained && holders > 1 ? 0.15 : 0);
    const numbered = numberingAdjustment(numbering, entry.numbering);
    // Two characters like 其他 are too few to match part of a label without numbering to agree.
    if (core.length <= 2 && similar < 1 && numbered <= 0) continue;
    let score = similar + numbered;
    if (entry.row && !entry.heading && entry.group && entry.group !== currentGroup) {
      if (currentGroup !== null) score -= 0.2;
      else if (core.length < 4 || similar < 0.8) continue;
    }
    if (score >= MATCH && (!best || score > best.score)) {
      best = {
        ...(entry.row ? { row: entry.row } : {}),
        group: entry.group,
        heading: entry.heading,
        score,
      };
    }
  }
  return best;
});

/**
 * Splits a label cell that holds several labels run together (`（三）不予公开 1.属于国家秘密`, a
 * text table's group and row in one cell) before each inner numbering.
 */
export function splitRunTogetherLabels(label: string): string[] {
  const form = labelForm(label);
  const parts = form
    .split(new RegExp(`(?<=[\\p{Script=Han}）)])(?=[(（]${CN}[)）]|\\d{1,2}[.、](?!\\d))`, "u"))
    .filter((p) => p !== "");
  return parts.length > 1 ? parts : [label];
}

/** Table 三's columns as the form prints them, and an unofficial 小计. */
const APPLICATION_COLUMN_ENTRIES: readonly (Entry & { column: ApplicationColumn })[] =
  APPLICATION_COLUMNS.map((column) => ({
    column,
    ...entryOf(formLabel(`apply.new_received.${column}`, "2021")!.columnLabel),
  }));

/**
 * The column of table 三 a header names (its last part, after the group heading: `法人或其他组织/商业
 * 企业`); null when it names none. `小计` is an unofficial subtotal.
 */
export function matchApplicationColumn(header: string): ApplicationColumn | "subtotal" | null {
  return applicationColumn(header);
}

const applicationColumn = memo((header: string): ApplicationColumn | "subtotal" | null => {
  const leaf =
    header
      .split("/")
      .filter((p) => labelCore(p) !== "")
      .at(-1) ?? "";
  const printed = prepare(labelCore(leaf));
  if (printed.core === "") return null;
  if (/^小计$/.test(printed.core)) return "subtotal";
  let best: { column: ApplicationColumn; score: number } | null = null;
  for (const entry of APPLICATION_COLUMN_ENTRIES) {
    const score = alike(printed, entry);
    if (score >= 0.75 && (!best || score > best.score)) best = { column: entry.column, score };
  }
  return best?.column ?? null;
});

// ─── Table 二 ────────────────────────────────────────────────────────────────────────────────────

/** A block of table 二 (第二十条第（N）项) as a form prints it: its rows' stems and its columns' leaves. */
export interface ProactiveBlock {
  caption: string;
  stems: string[];
  leaves: string[];
}

/** The blocks of table 二 in a format, in printed order. */
export function proactiveBlocks(format: "2019" | "2021"): ProactiveBlock[] {
  const blocks: ProactiveBlock[] = [];
  for (const key of formLabelKeys(format)) {
    if (!key.startsWith("proactive.")) continue;
    const [, stem, leaf] = key.split(".") as [string, string, string];
    const caption = formLabel(key, format)!.rowGroups[0]!;
    let block = blocks.find((b) => b.caption === caption);
    if (!block) blocks.push((block = { caption, stems: [], leaves: [] }));
    if (!block.stems.includes(stem)) block.stems.push(stem);
    if (!block.leaves.includes(leaf)) block.leaves.push(leaf);
  }
  return blocks;
}

const PROACTIVE_ENTRIES = (kind: "row" | "column") => {
  const out = new Map<string, Entry & { id: string }>();
  for (const format of FORMS)
    for (const key of formLabelKeys(format)) {
      if (!key.startsWith("proactive.")) continue;
      const [, stem, leaf] = key.split(".") as [string, string, string];
      const label = formLabel(key, format)!;
      const text = kind === "row" ? label.rowLabel! : label.columnLabel;
      out.set(text, { id: kind === "row" ? stem : leaf, ...entryOf(text) });
    }
  return [...out.values()];
};
const PROACTIVE_ROWS = PROACTIVE_ENTRIES("row");
const PROACTIVE_COLUMNS = PROACTIVE_ENTRIES("column");

/** A matcher of labels against entries: the entry most like the label, when at least `min` alike. */
function bestOf(entries: readonly (Entry & { id: string })[], min: number): (label: string) => string | null {
  const candidates = indexed(entries);
  return memo((label) => {
    const printed = prepare(labelCore(label));
    if (printed.core === "") return null;
    let best: { id: string; score: number } | null = null;
    for (const entry of candidates(printed)) {
      const score = alike(printed, entry);
      if (score >= min && (!best || score > best.score)) best = { id: entry.id, score };
    }
    return best?.id ?? null;
  });
}

/** The stem of table 二's row a label names (`规章` → `rules`); null when none. */
export const matchProactiveRow: (label: string) => string | null = bestOf(PROACTIVE_ROWS, 0.7);

/** The leaf of table 二's column a header names (`本年制发件数` → `issued`); null when none. */
export const matchProactiveColumn: (header: string) => string | null = bestOf(PROACTIVE_COLUMNS, 0.7);

/** Whether a cell is the first of table 二's header rows (`信息内容 | <its columns>`). */
export const isProactiveHeaderStart = (text: string): boolean => labelCore(text) === "信息内容";

/** The titles of the report's tables (主动公开政府信息情况, …), their label cores prepared. */
const TABLE_TITLES: readonly Prepared[] = [
  ...new Set(
    FORMS.flatMap((format) => formLabelKeys(format).map((key) => formLabel(key, format)!.tableTitle)),
  ),
].map((title) => prepare(labelCore(title)));

/**
 * A section heading of the report (`三、收到和处理…`), not a row of table 三 (`四、结转下年度继续办理`);
 * also the title of one of the report's tables whose numbering a scan's reading lost
 * (`、政府信息公开行政复议、行政诉讼情况`): the table above ends there all the same.
 */
export function isSectionHeading(text: string): boolean {
  const { numbering } = splitNumbering(text);
  if (numbering?.level === "top") return !matchApplicationLabel(text);
  if (numbering) return false;
  const printed = prepare(labelCore(text));
  return printed.core.length >= 6 && TABLE_TITLES.some((title) => alike(printed, title) >= 0.8);
}

/** Whether a line is a caption of table 二's blocks (`第二十条第（一）项`). */
export function isProactiveCaption(text: string): boolean {
  return /^第二十条第?[一二三四五六七八九十]+项?$/.test(labelCore(text));
}

// ─── Table 四 ────────────────────────────────────────────────────────────────────────────────────

type ReviewGroup = (typeof REVIEW_GROUPS)[number];
type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Each group's headings as the form prints them, innermost last (`行政诉讼`, `复议后起诉`). */
const REVIEW_GROUP_HEADINGS: readonly [ReviewGroup, readonly string[]][] = REVIEW_GROUPS.map((group) => [
  group,
  formLabel(`${group}.total`, "2021")!.columnGroups.map(labelCore),
]);

/**
 * The group of table 四 a heading or a row label names (`行政诉讼（未经复议直接起诉）`, `复议后起诉`,
 * `行政复议`, or a header path `行政诉讼/复议后起诉/结果维持`): the group whose innermost heading it
 * holds, the innermost most specific first. Null when it holds none.
 */
export function matchReviewGroup(text: string): ReviewGroup | null {
  const core = labelCore(text.replace(/\//g, ""));
  let best: { group: ReviewGroup; length: number } | null = null;
  for (const [group, headings] of REVIEW_GROUP_HEADINGS) {
    const inner = headings.at(-1)!;
    if (core.includes(inner) && (!best || inner.length > best.length)) best = { group, length: inner.length };
  }
  return best?.group ?? null;
}

const REVIEW_OUTCOME_ENTRIES: readonly (Entry & { id: ReviewOutcome })[] = REVIEW_OUTCOMES.map((o) => ({
  id: o,
  ...entryOf(formLabel(`review.${o}`, "2021")!.columnLabel),
}));

/** The outcome a column header of table 四 names (`结果维持` → `upheld`); null when none. */
export function matchReviewOutcome(header: string): ReviewOutcome | null {
  return reviewOutcome(header.split("/").at(-1) ?? "") as ReviewOutcome | null;
}
const reviewOutcome = bestOf(REVIEW_OUTCOME_ENTRIES, 0.7);

/** The form's words for table 四's outcomes and table 三's columns, in printed order (for rebuilt headers). */
export const REVIEW_OUTCOME_LABELS: readonly string[] = REVIEW_OUTCOMES.map(
  (o) => formLabel(`review.${o}`, "2021")!.columnLabel,
);
export const APPLICATION_COLUMN_LABELS: readonly string[] = APPLICATION_COLUMNS.map(
  (c) => formLabel(`apply.new_received.${c}`, "2021")!.columnLabel,
);

// ─── Any label ───────────────────────────────────────────────────────────────────────────────────

const ANY_LABEL_ENTRIES: readonly Entry[] = [
  ...APPLICATION_ENTRIES,
  ...APPLICATION_COLUMN_ENTRIES,
  ...PROACTIVE_ROWS,
  ...PROACTIVE_COLUMNS,
  ...REVIEW_OUTCOME_ENTRIES,
  ...REVIEW_GROUPS.flatMap((group) => formLabel(`${group}.total`, "2021")!.columnGroups.map(entryOf)),
  ...FORMS.flatMap((format) => proactiveBlocks(format).map((block) => entryOf(block.caption))),
];
const anyLabelCandidates = indexed(ANY_LABEL_ENTRIES);

/**
 * How like the likest of the forms' labels a text is (likeness plus numbering agreement, as a row is
 * matched; 0 when like none): of two readings of one label cell by OCR, the one more like a label of
 * the form is the better (`3.危及“三安全一稳定”` against `3.忆及司梓“三安全一机定二)*入,全由`).
 */
export const formLabelLikeness: (text: string) => number = memo((text) => {
  const { numbering } = splitNumbering(text);
  const printed = prepare(labelCore(text));
  if (printed.core === "") return 0;
  let best = 0;
  for (const entry of anyLabelCandidates(printed))
    best = Math.max(best, alike(printed, entry) + numberingAdjustment(numbering, entry.numbering));
  return best;
});

/**
 * Canonical value keys (report-format.md): `proactive.*` for table 二, `apply.<row>.<column>` for
 * table 三, `review.*` / `litigation_direct.*` / `litigation_after_review.*` for table 四, and
 * `text.*` for figures quoted in prose.
 */

/** Table 三's requester columns, as its value keys name them (`apply.granted.natural_person`). */
export const APPLICATION_COLUMNS = [
  "natural_person",
  "commercial",
  "research",
  "social_org",
  "legal_service",
  "other_org",
  "total",
] as const;
export type ApplicationColumn = (typeof APPLICATION_COLUMNS)[number];

/** Table 三's outcome rows under 不予公开 (`apply.withheld.<row>.<column>`). */
export const WITHHELD_ROWS = [
  "state_secret",
  "law_forbidden",
  "security_stability",
  "third_party",
  "internal_affairs",
  "process_info",
  "enforcement_file",
  "admin_query",
] as const;
/** Under 无法提供. */
export const UNABLE_ROWS = ["not_held", "needs_creation", "unclear"] as const;
/** Under 不予处理. */
export const NOT_PROCESSED_ROWS = [
  "complaint",
  "repeat",
  "publication",
  "mass_repeat",
  "confirmation",
] as const;
/** Under 其他处理 (2021; the 2019 template has one row, `other_handling.total`). */
export const OTHER_HANDLING_ROWS = ["no_correction", "fee_unpaid", "misc"] as const;

/** Table 四's groups and the outcomes of each (`review.upheld`, `litigation_direct.total`). */
export const REVIEW_GROUPS = ["review", "litigation_direct", "litigation_after_review"] as const;
export const REVIEW_OUTCOMES = ["upheld", "corrected", "other", "pending", "total"] as const;

/** The statistical tables of the 2019 and 2021 templates, by their numbers. */
export const REPORT_TABLES = ["二", "三", "四"] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

const TABLE_PREFIXES: readonly (readonly [string, ReportTable])[] = [
  ["proactive.", "二"],
  ["apply.", "三"],
  ...REVIEW_GROUPS.map((g) => [`${g}.`, "四"] as const),
];

/** The table a value key belongs to; null for prose figures and anything else. */
export function tableOfKey(key: string): ReportTable | null {
  for (const [prefix, table] of TABLE_PREFIXES) if (key.startsWith(prefix)) return table;
  return null;
}

const PROSE_PREFIX = "text.";

/** A figure quoted in prose (`text.fees_yuan`), as opposed to a table cell. */
export const isProseFigureKey = (key: string): boolean => key.startsWith(PROSE_PREFIX);

/** `text.reviews` → `reviews`. */
export const proseFigureName = (key: string): string =>
  isProseFigureKey(key) ? key.slice(PROSE_PREFIX.length) : key;

/** Matches prose figure keys as rubric files write them. */
export const PROSE_FIGURE_KEY = /^text\.[a-z_]+$/;

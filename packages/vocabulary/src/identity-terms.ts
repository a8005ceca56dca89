import { checkKey, parseCheckKey } from "./checks.js";
import type { ReportFormat } from "./report-formats.js";
import {
  APPLICATION_COLUMNS,
  NOT_PROCESSED_ROWS,
  OTHER_HANDLING_ROWS,
  REVIEW_GROUPS,
  REVIEW_OUTCOMES,
  UNABLE_ROWS,
  WITHHELD_ROWS,
} from "./value-keys.js";

/**
 * The terms of the hard identities (report-format.md): which value keys each side of a check sums.
 * Extraction computes the checks from them and report cards describe a failed check with them, so
 * both read one definition.
 */

/** The hard checks that are an identity `Σ left = Σ right` between cells, in the order they run. */
export const IDENTITY_CHECK_IDS = ["T3-A", "T3-B", "T3-C", "T4-A"] as const;
export type IdentityCheckId = (typeof IDENTITY_CHECK_IDS)[number];

/** Table 三's requester columns that add up to its `total` column. */
export const REQUESTER_COLUMNS = APPLICATION_COLUMNS.filter((c) => c !== "total");

/** Table 四's outcomes that add up to a group's `total` (`review.upheld` + … = `review.total`). */
export const REVIEW_OUTCOME_PARTS = REVIEW_OUTCOMES.filter((o) => o !== "total");

const subRows = (prefix: string, rows: readonly string[]): string[] => rows.map((r) => `${prefix}.${r}`);

/**
 * The rows under 三、本年度办理结果 that add up to `handled_total` ((一) to (六)), as value keys name
 * them (`withheld.state_secret`). 其他处理 is one row, `other_handling.total`, in 2019 and three in
 * 2021; `legacy` reports print no form and are read with 2021's rows.
 */
export function handledRows(format: ReportFormat): string[] {
  return [...handledRowsOf(format)];
}

// The row and term lists are the same on every call: built once per format (the checks ask for
// them per check, on every report) and handed out as copies so that callers may change theirs.
const handledCache = new Map<ReportFormat, readonly string[]>();
const rowsCache = new Map<ReportFormat, readonly string[]>();
const termsCache = new Map<string, { left: readonly string[]; right: readonly string[] }>();

function handledRowsOf(format: ReportFormat): readonly string[] {
  let rows = handledCache.get(format);
  if (!rows) {
    rows = buildHandledRows(format);
    handledCache.set(format, rows);
  }
  return rows;
}

function applicationRowsOf(format: ReportFormat): readonly string[] {
  let rows = rowsCache.get(format);
  if (!rows) {
    rows = ["new_received", "carried_over", ...handledRowsOf(format), "handled_total", "carried_forward"];
    rowsCache.set(format, rows);
  }
  return rows;
}

function buildHandledRows(format: ReportFormat): string[] {
  return [
    "granted",
    "partially_granted",
    ...subRows("withheld", WITHHELD_ROWS),
    ...subRows("unable", UNABLE_ROWS),
    ...subRows("not_processed", NOT_PROCESSED_ROWS),
    ...(format === "2019" ? ["other_handling.total"] : subRows("other_handling", OTHER_HANDLING_ROWS)),
  ];
}

/** Every row of table 三 in printed order, as value keys name them: 25 in 2021, 23 in 2019. */
export function applicationRows(format: ReportFormat): string[] {
  return [...applicationRowsOf(format)];
}

/** `granted`, `natural_person` → `apply.granted.natural_person`. */
export const applicationKey = (row: string, column: string): string => `apply.${row}.${column}`;

/** The scopes an identity is checked over, in order: table 三's columns, its rows or table 四's groups. */
export function identityScopes(id: IdentityCheckId, format: ReportFormat): readonly string[] {
  switch (id) {
    case "T3-A":
    case "T3-C":
      return APPLICATION_COLUMNS;
    case "T3-B":
      return applicationRowsOf(format);
    case "T4-A":
      return REVIEW_GROUPS;
  }
}

/** Every identity check key of a format, in the order the checks run (`T3-A:natural_person` first). */
export function identityCheckKeys(format: ReportFormat): string[] {
  return IDENTITY_CHECK_IDS.flatMap((id) => identityScopes(id, format).map((scope) => checkKey(id, scope)));
}

/** `T3-A`, `T3-B`, `T3-C` or `T4-A`. */
export const isIdentityCheckId = (id: string): id is IdentityCheckId =>
  (IDENTITY_CHECK_IDS as readonly string[]).includes(id);

/**
 * The value keys summed on each side of an identity check, given its key `<id>:<scope>`:
 * - `T3-A:<column>`: new_received + carried_over = handled_total + carried_forward;
 * - `T3-B:<row>`: the row's total = its six requester columns;
 * - `T3-C:<column>`: handled_total = the rows of {@link handledRows};
 * - `T4-A:<group>`: total = upheld + corrected + other + pending.
 *
 * Null for checks that are no such identity (`NONNEG`, `X-1`…`X-3`) and for a scope the format's
 * identity does not have (`T3-B:other_handling.total` in 2021).
 *
 * @example identityTerms("T3-A:research", "2021");
 * // { left: ["apply.new_received.research", "apply.carried_over.research"],
 * //   right: ["apply.handled_total.research", "apply.carried_forward.research"] }
 */
export function identityTerms(key: string, format: ReportFormat): { left: string[]; right: string[] } | null {
  const cacheKey = `${format} ${key}`;
  let terms = termsCache.get(cacheKey) ?? null;
  if (!terms) {
    terms = buildIdentityTerms(key, format);
    // Only real identities are kept: they are finitely many, any other key is not.
    if (!terms) return null;
    termsCache.set(cacheKey, terms);
  }
  return { left: [...terms.left], right: [...terms.right] };
}

function buildIdentityTerms(key: string, format: ReportFormat): { left: string[]; right: string[] } | null {
  const { id, scope } = parseCheckKey(key);
  if (!isIdentityCheckId(id) || !identityScopes(id, format).includes(scope)) return null;
  switch (id) {
    case "T3-A":
      return {
        left: [applicationKey("new_received", scope), applicationKey("carried_over", scope)],
        right: [applicationKey("handled_total", scope), applicationKey("carried_forward", scope)],
      };
    case "T3-B":
      return {
        left: [applicationKey(scope, "total")],
        right: REQUESTER_COLUMNS.map((column) => applicationKey(scope, column)),
      };
    case "T3-C":
      return {
        left: [applicationKey("handled_total", scope)],
        right: handledRowsOf(format).map((row) => applicationKey(row, scope)),
      };
    case "T4-A":
      return {
        left: [`${scope}.total`],
        right: REVIEW_OUTCOME_PARTS.map((outcome) => `${scope}.${outcome}`),
      };
  }
}

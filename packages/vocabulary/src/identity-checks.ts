import type { CheckSeverity, CheckStatus } from "./checks.js";
import { identityCheckKeys, identityTerms } from "./identity-terms.js";
import { parseCheckKey } from "./checks.js";
import type { ReportFormat } from "./report-formats.js";
import { tableOfKey } from "./value-keys.js";

/**
 * The report checks computed from a report's values: the hard identities of report-format.md and
 * the prose-against-table check X-3. Extraction runs them on what it read; grading runs them again
 * on values an office corrected (review), so both compute a check from one definition.
 */

/** A value as the checks read it (an extracted value, a stored one, a corrected one). */
export interface CheckedValue {
  key: string;
  /** null: the cell is blank (not 0). */
  value: number | null;
  raw?: string | null;
  approximate?: boolean | number | null;
  excerpt?: string | null;
}

/** One check computed from values: its id and scope (key `<id>:<scope>`), both sides, its status. */
export interface ComputedCheck {
  id: string;
  scope: string;
  severity: CheckSeverity;
  status: CheckStatus;
  left: string;
  right: string;
  message: string;
}

type Lookup = (key: string) => CheckedValue | undefined;

interface Term {
  label: string;
  key: string;
}

/** How a blank cell is printed in a check's sides. */
const BLANK = "空";

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

/**
 * One identity `Σ left = Σ right`. A blank cell is not a 0: when the identity holds with blank cells
 * read as 0 (reports leave zeros blank), it passes; when it would fail only because a cell is blank
 * (a 总计 column left empty) — some non-negative count in a blank would make it hold — it is
 * `not_evaluable`, naming the blank cells, never a failure. When
 * every cell is blank or missing there is nothing to check.
 */
function identity(
  id: string,
  scope: string,
  left: readonly Term[],
  right: readonly Term[],
  get: Lookup,
): ComputedCheck | null {
  const terms = [...left, ...right].map((t) => get(t.key));
  if (terms.every((v) => v === undefined)) return null;
  const base = { id, scope, severity: "hard" as const };
  const isBlank = (t: Term) => (get(t.key)?.value ?? null) === null;
  const side = (side: readonly Term[]) => {
    const nums = side.map((t) => get(t.key)?.value ?? 0);
    const sum = nums.reduce((a, b) => a + b, 0);
    const names = side.map((t) => t.label);
    const shown = side.map((t, i) => (isBlank(t) ? BLANK : fmt(nums[i]!)));
    const expr =
      side.length === 1
        ? `${names[0]} = ${shown[0]}`
        : `${names.join(" + ")} = ${shown.join(" + ")} = ${fmt(sum)}`;
    return { sum, expr };
  };
  const l = side(left);
  const r = side(right);
  if (terms.every((v) => v?.value === null || v === undefined)) {
    return {
      ...base,
      status: "not_applicable",
      left: l.expr,
      right: r.expr,
      message: `${id} (${scope}): all cells blank`,
    };
  }
  const holds = Math.abs(l.sum - r.sum) < 1e-6;
  const blanks = [...left, ...right].filter(isBlank);
  // Counts are not negative: a blank can only raise its side, so it excuses a gap only on the short side.
  const couldHold = (l.sum < r.sum && left.some(isBlank)) || (r.sum < l.sum && right.some(isBlank));
  if (!holds && couldHold) {
    return {
      ...base,
      status: "not_evaluable",
      left: l.expr,
      right: r.expr,
      message: `${id} cannot be evaluated for ${scope}: blank ${blanks.map((t) => t.key).join(", ")}`,
    };
  }
  return {
    ...base,
    status: holds ? "pass" : "fail",
    left: l.expr,
    right: r.expr,
    message: holds ? `${id} holds for ${scope}` : `${id} fails for ${scope}: ${fmt(l.sum)} ≠ ${fmt(r.sum)}`,
  };
}

/**
 * How a term is printed in a check's sides: by the part of its key the identity runs over — table
 * 三's row (`withheld.state_secret`), or its column on T3-B's right, which sums a row's columns —
 * and by its outcome in table 四 (`upheld`).
 */
function termLabel(id: string, side: "left" | "right", key: string): string {
  const rest = key.slice(key.indexOf(".") + 1);
  if (!key.startsWith("apply.")) return rest;
  const column = rest.lastIndexOf(".");
  return id === "T3-B" && side === "right" ? rest.slice(column + 1) : rest.slice(0, column);
}

interface LabelledIdentity {
  id: string;
  scope: string;
  left: readonly Term[];
  right: readonly Term[];
}

/** A format's identities with their labelled terms: the same for every report, so built once. */
const identitiesCache = new Map<ReportFormat, readonly LabelledIdentity[]>();

function labelledIdentities(format: ReportFormat): readonly LabelledIdentity[] {
  let identities = identitiesCache.get(format);
  if (identities) return identities;
  identities = identityCheckKeys(format).flatMap((key) => {
    const terms = identityTerms(key, format);
    if (!terms) return [];
    const { id, scope } = parseCheckKey(key);
    const labelled = (side: "left" | "right"): Term[] =>
      terms[side].map((term) => ({ label: termLabel(id, side, term), key: term }));
    return [{ id, scope, left: labelled("left"), right: labelled("right") }];
  });
  identitiesCache.set(format, identities);
  return identities;
}

/**
 * The hard identities of report-format.md: T3-A, T3-B, T3-C per column/row, T4-A per group, with
 * the terms `identityTerms` gives them, and non-negative cells. Checks report what the source says;
 * they never repair it.
 */
export function runIdentityChecks(values: readonly CheckedValue[], format: ReportFormat): ComputedCheck[] {
  const byKey = new Map(values.map((v) => [v.key, v]));
  const get: Lookup = (key) => byKey.get(key);
  const checks: ComputedCheck[] = [];

  for (const { id, scope, left, right } of labelledIdentities(format)) {
    const check = identity(id, scope, left, right, get);
    if (check) checks.push(check);
  }

  const tableValues = values.filter((v) => tableOfKey(v.key) !== null);
  if (tableValues.length > 0) {
    const negative = tableValues.filter((v) => v.value !== null && v.value < 0 && !v.key.endsWith(".change"));
    const fractional = tableValues.filter(
      (v) => v.value !== null && !Number.isInteger(v.value) && !/amount/.test(v.key),
    );
    const bad = [...negative, ...fractional];
    checks.push({
      id: "NONNEG",
      scope: "cells",
      severity: "hard",
      status: bad.length === 0 ? "pass" : "fail",
      left:
        bad.length === 0 ? `${tableValues.length} cells` : bad.map((v) => `${v.key} = ${v.raw}`).join("; "),
      right: "non-negative integers",
      message:
        bad.length === 0
          ? "every count is a non-negative integer"
          : `${bad.length} cell(s) are not non-negative integers: ${bad.map((v) => v.key).join(", ")}`,
    });
  }
  return checks;
}

/** The prose figures X-3 compares with a table cell: each `[prose key, table key]`. */
export const TEXT_TABLE_PAIRS: readonly (readonly [string, string])[] = [
  ["text.applications_received", "apply.new_received.total"],
  ["text.applications_granted", "apply.granted.total"],
  ["text.applications_partially_granted", "apply.partially_granted.total"],
  ["text.reviews", "review.total"],
];

/** a count quoted in prose matches the table (soft: a warning, not an error in the form). */
export function runTextTableChecks(values: readonly CheckedValue[]): ComputedCheck[] {
  const byKey = new Map(values.map((v) => [v.key, v]));
  const checks: ComputedCheck[] = [];
  for (const [textKey, tableKey] of TEXT_TABLE_PAIRS) {
    const text = byKey.get(textKey);
    const table = byKey.get(tableKey);
    if (!text || !table || text.value === null || text.approximate) continue;
    // A total the table leaves blank is not a 0: the prose cannot be compared with it.
    if (table.value === null) {
      checks.push({
        id: "X-3",
        scope: textKey.slice("text.".length),
        severity: "soft",
        status: "not_evaluable",
        left: `${textKey} = ${fmt(text.value)} (“${text.excerpt ?? ""}”)`,
        right: `${tableKey} = ${BLANK}`,
        message: `the table leaves ${tableKey} blank`,
      });
      continue;
    }
    const tableValue = table.value;
    const holds = text.value === tableValue;
    checks.push({
      id: "X-3",
      scope: textKey.slice("text.".length),
      severity: "soft",
      status: holds ? "pass" : "fail",
      left: `${textKey} = ${fmt(text.value)} (“${text.excerpt ?? ""}”)`,
      right: `${tableKey} = ${fmt(tableValue)}`,
      message: holds
        ? `the text agrees with the table`
        : `the text says ${fmt(text.value)}, the table ${fmt(tableValue)}`,
    });
  }
  return checks;
}

/**
 * The value keys a report check reads (for a check to recompute when one of them is corrected):
 * an identity's terms, X-3's pair, every table cell for NONNEG.
 */
export function checkValueKeys(
  key: string,
  format: ReportFormat,
): { keys: readonly string[]; allCells: boolean } {
  const { id, scope } = parseCheckKey(key);
  if (id === "NONNEG") return { keys: [], allCells: true };
  if (id === "X-3") {
    const pair = TEXT_TABLE_PAIRS.find(([text]) => text === `text.${scope}`);
    return { keys: pair ? [...pair] : [], allCells: false };
  }
  const terms = identityTerms(key, format);
  return { keys: terms ? [...terms.left, ...terms.right] : [], allCells: false };
}

/** A value as {@link needsOcrReview} reads it: how OCR read it, when it did. */
export interface OcrReadValue {
  key: string;
  ocr?: { level: "high" | "low" | "unreadable" } | null;
}

/**
 * Whether a report check takes figures read by OCR that were not all read with high confidence
 * (`low` or `unreadable`): its failure is then a 提示 for human check, never the agency's error.
 * The figures are those the check reads ({@link checkValueKeys}): an identity's terms, X-3's pair,
 * every table cell for NONNEG. Extraction sets it on the checks it computes; grading sets it again on
 * the checks it recomputes from corrected cells (a corrected cell is the office's, no OCR).
 *
 * @example needsOcrReview("T3-A:total", "2021", [{ key: "apply.carried_over.total", ocr: { level: "low" } }]); // true
 */
export function needsOcrReview(key: string, format: ReportFormat, values: readonly OcrReadValue[]): boolean {
  const { keys, allCells } = checkValueKeys(key, format);
  const read = new Set(keys);
  return values.some(
    (v) =>
      v.ocr != null &&
      v.ocr.level !== "high" &&
      (read.has(v.key) || (allCells && tableOfKey(v.key) !== null)),
  );
}

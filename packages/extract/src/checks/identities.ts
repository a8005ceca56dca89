import {
  APPLICATION_COLUMNS,
  NOT_PROCESSED_ROWS,
  OTHER_HANDLING_ROWS,
  REVIEW_GROUPS,
  UNABLE_ROWS,
  WITHHELD_ROWS,
  tableOfKey,
} from "@touming/vocabulary";
import type { CheckResult, ExtractedValue, ReportFormat } from "../types.js";

type Lookup = (key: string) => ExtractedValue | undefined;

interface Term {
  label: string;
  key: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

/**
 * One identity `Σ left = Σ right`. Cells left blank count as 0 when the other cells of the equation
 * hold numbers (reports leave zeros blank); when every cell is blank or missing there is nothing to check.
 */
function identity(id: string, scope: string, left: Term[], right: Term[], get: Lookup): CheckResult | null {
  const terms = [...left, ...right].map((t) => get(t.key));
  if (terms.every((v) => v === undefined)) return null;
  const base = { id, scope, severity: "hard" as const };
  const side = (side: Term[]) => {
    const nums = side.map((t) => get(t.key)?.value ?? 0);
    const sum = nums.reduce((a, b) => a + b, 0);
    const names = side.map((t) => t.label);
    const expr =
      side.length === 1
        ? `${names[0]} = ${fmt(sum)}`
        : `${names.join(" + ")} = ${nums.map(fmt).join(" + ")} = ${fmt(sum)}`;
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
  return {
    ...base,
    status: holds ? "pass" : "fail",
    left: l.expr,
    right: r.expr,
    message: holds ? `${id} holds for ${scope}` : `${id} fails for ${scope}: ${fmt(l.sum)} ≠ ${fmt(r.sum)}`,
  };
}

const applyTerm = (row: string, column: string): Term => ({ label: row, key: `apply.${row}.${column}` });

/**
 * The hard identities of report-format.md: T3-A, T3-B, T3-C per column/row, T4-A per group, and
 * non-negative cells. Checks report what the source says; they never repair it.
 */
export function runIdentityChecks(values: readonly ExtractedValue[], format: ReportFormat): CheckResult[] {
  const byKey = new Map(values.map((v) => [v.key, v]));
  const get: Lookup = (key) => byKey.get(key);
  const checks: CheckResult[] = [];
  const push = (c: CheckResult | null) => c && checks.push(c);

  for (const column of APPLICATION_COLUMNS) {
    push(
      identity(
        "T3-A",
        column,
        [applyTerm("new_received", column), applyTerm("carried_over", column)],
        [applyTerm("handled_total", column), applyTerm("carried_forward", column)],
        get,
      ),
    );
  }
  const rows = [
    "new_received",
    "carried_over",
    "granted",
    "partially_granted",
    ...WITHHELD_ROWS.map((r) => `withheld.${r}`),
    ...UNABLE_ROWS.map((r) => `unable.${r}`),
    ...NOT_PROCESSED_ROWS.map((r) => `not_processed.${r}`),
    ...(format === "2019" ? ["other_handling.total"] : OTHER_HANDLING_ROWS.map((r) => `other_handling.${r}`)),
    "handled_total",
    "carried_forward",
  ];
  for (const row of rows) {
    push(
      identity(
        "T3-B",
        row,
        [applyTerm(row, "total")],
        APPLICATION_COLUMNS.filter((c) => c !== "total").map((c) => ({ label: c, key: `apply.${row}.${c}` })),
        get,
      ),
    );
  }
  const handledParts = rows.filter(
    (r) => !["new_received", "carried_over", "handled_total", "carried_forward"].includes(r),
  );
  for (const column of APPLICATION_COLUMNS) {
    push(
      identity(
        "T3-C",
        column,
        [applyTerm("handled_total", column)],
        handledParts.map((r) => applyTerm(r, column)),
        get,
      ),
    );
  }
  for (const group of REVIEW_GROUPS) {
    push(
      identity(
        "T4-A",
        group,
        [{ label: "total", key: `${group}.total` }],
        ["upheld", "corrected", "other", "pending"].map((o) => ({ label: o, key: `${group}.${o}` })),
        get,
      ),
    );
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

/** a count quoted in prose matches the table (soft: a warning, not an error in the form). */
export function runTextTableChecks(values: readonly ExtractedValue[]): CheckResult[] {
  const byKey = new Map(values.map((v) => [v.key, v]));
  const pairs: [string, string][] = [
    ["text.applications_received", "apply.new_received.total"],
    ["text.applications_granted", "apply.granted.total"],
    ["text.applications_partially_granted", "apply.partially_granted.total"],
    ["text.reviews", "review.total"],
  ];
  const checks: CheckResult[] = [];
  for (const [textKey, tableKey] of pairs) {
    const text = byKey.get(textKey);
    const table = byKey.get(tableKey);
    if (!text || !table || text.value === null || text.approximate) continue;
    const tableValue = table.value ?? 0;
    const holds = text.value === tableValue;
    checks.push({
      id: "X-3",
      scope: textKey.slice("text.".length),
      severity: "soft",
      status: holds ? "pass" : "fail",
      left: `${textKey} = ${fmt(text.value)} (“${text.excerpt}”)`,
      right: `${tableKey} = ${fmt(tableValue)}`,
      message: holds
        ? `the text agrees with the table`
        : `the text says ${fmt(text.value)}, the table ${fmt(tableValue)}`,
    });
  }
  return checks;
}

import { APPLICATION_COLUMNS, CHECKS, checkKey } from "@touming/vocabulary";
import type { GradedCheck, ReportedGradeInput } from "../grade-input.js";

/** The kinds of normative document whose count in force carries over from year to year (table 二). */
const IN_FORCE_KINDS = ["rules", "normative_docs"] as const;

type Values = ReadonlyMap<string, number | null>;

/** each column's 上年结转 must equal the previous report's 结转下年度. */
function carriedOver(year: number, now: Values, before: Values): GradedCheck[] {
  const checks: GradedCheck[] = [];
  for (const c of APPLICATION_COLUMNS) {
    const over = now.get(`apply.carried_over.${c}`);
    const forward = before.get(`apply.carried_forward.${c}`);
    if (over === undefined || forward === undefined || (over === null && forward === null)) continue;
    const ok = (over ?? 0) === (forward ?? 0);
    // A blank is not a 0: a blank that would have to hold a count says nothing either way.
    const blank = !ok && (over === null || forward === null);
    checks.push({
      key: checkKey("X-1", c),
      severity: CHECKS["X-1"].severity,
      status: ok ? "pass" : blank ? "not_evaluable" : "fail",
      left: `${year}年 carried_over.${c} = ${over ?? 0}`,
      right: `${year - 1}年 carried_forward.${c} = ${forward ?? 0}`,
      message: ok
        ? "上年结转与上年报告一致"
        : `上年结转${over ?? 0}件，与上年报告的结转下年度${forward ?? 0}件不一致`,
    });
  }
  return checks;
}

/** documents in force now ≈ in force last year + issued − repealed (within 2, or 10%). */
function inForce(now: Values, before: Values): GradedCheck[] {
  const checks: GradedCheck[] = [];
  for (const kind of IN_FORCE_KINDS) {
    const figures = [
      now.get(`proactive.${kind}.in_force`),
      now.get(`proactive.${kind}.issued`),
      now.get(`proactive.${kind}.repealed`),
      before.get(`proactive.${kind}.in_force`),
    ];
    if (figures.some((v) => v === undefined || v === null)) continue;
    const [current, issued, repealed, previous] = figures as [number, number, number, number];
    const expected = previous + issued - repealed;
    const ok = Math.abs(expected - current) <= Math.max(2, expected * 0.1);
    checks.push({
      key: checkKey("X-2", kind),
      severity: CHECKS["X-2"].severity,
      status: ok ? "pass" : "fail",
      left: `现行有效 ${current}`,
      right: `上年现行有效 ${previous} + 本年制发 ${issued} − 本年废止 ${repealed} = ${expected}`,
      message: ok ? "现行有效件数与上年衔接" : `现行有效件数${current}与上年推算的${expected}相差较大`,
    });
  }
  return checks;
}

/**
 * The checks across an agency's years: this report against the previous year's. None
 * when there is no report of the year before.
 */
export function crossYearChecks(input: ReportedGradeInput): GradedCheck[] {
  const previous = input.previous;
  if (!previous || previous.year !== input.year - 1) return [];
  const now = new Map(input.report.values.map((v) => [v.key, v.value]));
  const before = new Map(previous.values.map((v) => [v.key, v.value]));
  return [...carriedOver(input.year, now, before), ...inForce(now, before)];
}

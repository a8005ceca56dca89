/**
 * The arithmetic checks of a report (report-format.md). A check is stored under a key
 * `<id>:<scope>` (`T3-A:natural_person`): its id says which identity, its scope which column, row
 * or group it was applied to. Both sides of a check are called `left` and `right` everywhere, from
 * extraction to the store, the grades, the cards and the open data.
 */

/** `hard`: an identity of the form itself; `soft`: a hint worth a look (prose against table, year against year). */
export type CheckSeverity = "hard" | "soft";
/**
 * `not_applicable`: every cell of the identity is blank; `not_evaluable`: some cell is blank and,
 * read as 0, the identity would fail — a blank is not a 0, so nothing can be said (never a failure).
 */
export type CheckStatus = "pass" | "fail" | "not_applicable" | "not_evaluable";

export interface CheckDefinition {
  severity: CheckSeverity;
  /** Where the check runs: on one report (extract) or across two years of an agency (grade). */
  over: "report" | "years";
  /** What it checks, in Chinese. */
  name: string;
}

export const CHECKS = {
  "T3-A": { severity: "hard", over: "report", name: "本年新收加上年结转等于办理结果合计加结转下年" },
  "T3-B": { severity: "hard", over: "report", name: "各类申请人之和等于总计" },
  "T3-C": { severity: "hard", over: "report", name: "各项办理结果之和等于办理结果合计" },
  "T4-A": { severity: "hard", over: "report", name: "复议诉讼各项结果之和等于总计" },
  NONNEG: { severity: "hard", over: "report", name: "统计数为非负整数" },
  "X-3": { severity: "soft", over: "report", name: "正文数字与统计表一致" },
  "X-1": { severity: "soft", over: "years", name: "上年结转与上年报告结转下年度一致" },
  "X-2": { severity: "soft", over: "years", name: "现行有效件数与上年衔接" },
} as const satisfies Record<string, CheckDefinition>;

export type CheckId = keyof typeof CHECKS;
export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];
/** The identities a rubric may count as hard failures. */
export const HARD_CHECK_IDS = CHECK_IDS.filter((id) => CHECKS[id].severity === "hard");

export const isCheckId = (value: unknown): value is CheckId =>
  typeof value === "string" && Object.hasOwn(CHECKS, value);

/** The two sides of a check as printed: `new_received + carried_over = 3119 + 34 = 3153`. */
export interface CheckSides {
  left: string;
  right: string;
}

/** `T3-A` and `natural_person` → `T3-A:natural_person`. */
export const checkKey = (id: string, scope: string): string => `${id}:${scope}`;

/** `T3-A:natural_person` → `{ id: "T3-A", scope: "natural_person" }` (scope empty when there is none). */
export function parseCheckKey(key: string): { id: string; scope: string } {
  const at = key.indexOf(":");
  return at < 0 ? { id: key, scope: "" } : { id: key.slice(0, at), scope: key.slice(at + 1) };
}

/** The id part of a check key. */
export const checkIdOf = (key: string): string => parseCheckKey(key).id;

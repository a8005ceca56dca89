import { z } from "zod";
import { count, share } from "./config-fields.js";

const maxScore = z.number({ error: "expected a score from 0 to 100" }).min(0).max(100);
const description = z
  .string({ error: "expected a description in Chinese, as the rubric page prints it" })
  .trim()
  .min(1, "expected a description in Chinese, as the rubric page prints it");

/**
 * The caps of rubric version 2, applied after the sum (a card says which applied and why): failed
 * hard checks, a report copied from the year before, publication long after the deadline.
 */
export const capsSchema = z.strictObject(
  {
    hardFailures: z
      .array(
        z.strictObject(
          { atLeast: count, maxScore, description },
          { error: "expected a cap (an object with atLeast, maxScore, description)" },
        ),
        { error: "expected a list of caps by failed hard checks" },
      )
      .optional(),
    copied: z
      .strictObject(
        { similarity: share, unchangedShare: share, minValues: count, maxScore, description },
        {
          error:
            "expected the copy cap (an object with similarity, unchangedShare, minValues, maxScore, description)",
        },
      )
      .optional(),
    late: z
      .strictObject(
        { overDays: count, maxScore, description },
        { error: "expected the lateness cap (an object with overDays, maxScore, description)" },
      )
      .optional(),
  },
  { error: "expected caps (an object with hardFailures, copied, late)" },
);
export type Caps = z.infer<typeof capsSchema>;

/** A cap that applied to a grade: the highest score it allows and why, in Chinese. */
export interface AppliedCap {
  kind: "hardFailures" | "copied" | "late";
  maxScore: number;
  reason: string;
}

/** What the caps look at in one graded report. */
export interface CapFacts {
  failedHard: number;
  /** Similarity of the prose to the previous report (null: no previous report). */
  similarity: number | null;
  /** Table values compared with the previous report (non-zero in either) and how many are unchanged. */
  valuesCompared: number;
  valuesUnchanged: number;
  daysLate: number | null;
}

/** The caps that apply, the lowest first (the one that binds). */
export function applicableCaps(caps: Caps | undefined, facts: CapFacts): AppliedCap[] {
  if (!caps) return [];
  const out: AppliedCap[] = [];
  const hard = [...(caps.hardFailures ?? [])]
    .sort((a, b) => b.atLeast - a.atLeast)
    .find((c) => facts.failedHard >= c.atLeast && c.atLeast > 0);
  if (hard)
    out.push({
      kind: "hardFailures",
      maxScore: hard.maxScore,
      reason: `${facts.failedHard}项硬性勾稽关系不成立（发布内容不准确）：${hard.description}`,
    });
  const c = caps.copied;
  if (
    c &&
    facts.similarity !== null &&
    facts.similarity >= c.similarity &&
    facts.valuesCompared >= c.minValues &&
    facts.valuesUnchanged / facts.valuesCompared >= c.unchangedShare
  )
    out.push({
      kind: "copied",
      maxScore: c.maxScore,
      reason: `疑似照抄上年报告：正文与上年相似度${Math.round(facts.similarity * 100)}%，${facts.valuesCompared}项统计数据中${facts.valuesUnchanged}项与上年相同；${c.description}`,
    });
  const l = caps.late;
  if (l && facts.daysLate !== null && facts.daysLate > l.overDays)
    out.push({
      kind: "late",
      maxScore: l.maxScore,
      reason: `逾期${facts.daysLate}天发布：${l.description}`,
    });
  return out.sort((a, b) => a.maxScore - b.maxScore);
}

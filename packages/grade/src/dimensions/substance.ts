import { z } from "zod";
import { type Similarity, defineDimension, near, problemsOf } from "../dimension.js";
import { roundPoints } from "../points.js";
import { count, dimensionConfig, points, share } from "../rubric/config-fields.js";
import { sharedPassages, textSimilarity } from "../similarity.js";
import { builtIn, named } from "./built-in.js";

const configSchema = dimensionConfig("substance", {
  max: points,
  problems: points,
  improvements: points,
  specificMinChars: count,
  vagueMinChars: count,
  originality: z.strictObject(
    { max: points, fullBelow: share, partialBelow: share, partialPoints: points },
    { error: "expected originality (an object with max, fullBelow, partialBelow, partialPoints)" },
  ),
});
export type SubstanceConfig = z.infer<typeof configSchema>;

/** The part of a problems-and-improvements section before the plans start, and the plans. */
function splitProblemsImprovements(text: string): { problems: string; improvements: string } {
  const at = text.search(/(下一步|下步|改进措施|为此|今后|我们将|将采取)/);
  return at > 0
    ? { problems: text.slice(0, at), improvements: text.slice(at) }
    : { problems: text, improvements: "" };
}

/** Full points for a specific text long enough, half for a vague one, none for a line or nothing. */
function judge(text: string, max: number, s: SubstanceConfig): { points: number; note: string } {
  const n = text.replace(/\s+/g, "").length;
  const specific = /(一是|二是|[(（][一二三][)）]|\d|[;；])/.test(text);
  if (n >= s.specificMinChars && specific) return { points: max, note: `${n}字，具体` };
  if (n >= s.vagueMinChars) return { points: max / 2, note: `${n}字，较笼统` };
  return { points: 0, note: n === 0 ? "未写" : `仅${n}字` };
}

/**
 * 内容实质: the problems and the improvements the report names, by length and specificity, and its
 * originality against the agency's previous report (a copied report is flagged 内容雷同).
 */
export const substance = defineDimension({
  ...builtIn("substance", "substance", configSchema),
  consistency(s) {
    const best = s.problems + s.improvements + s.originality.max;
    return problemsOf([
      [
        near(best, s.max),
        "",
        `expected problems + improvements + originality.max = max (${s.max}), got ${best}`,
      ],
      [s.vagueMinChars <= s.specificMinChars, "vagueMinChars", "expected at most specificMinChars"],
      [
        s.originality.fullBelow <= s.originality.partialBelow,
        "originality.fullBelow",
        "expected at most partialBelow",
      ],
      [
        s.originality.partialPoints <= s.originality.max,
        "originality.partialPoints",
        "expected at most originality.max",
      ],
    ]);
  },
  grade(input, s) {
    const r = input.report;
    const section = (key: string) => r.sections.find((x) => x.key === key);
    const problems = section("problems");
    const improvements = section("improvements");
    let problemText = problems ? problems.text.replace(problems.title, "") : "";
    let improvementText = improvements ? improvements.text.replace(improvements.title, "") : "";
    if (problems && improvements && problems.text === improvements.text) {
      ({ problems: problemText, improvements: improvementText } = splitProblemsImprovements(problemText));
    }
    const p = judge(problemText, s.problems, s);
    const i = judge(improvementText, s.improvements, s);
    let originality = s.originality.max;
    let originalityNote = "无上年报告可比";
    let similarity: Similarity | null = null;
    if (input.previous) {
      const value = textSimilarity(r.text, input.previous.text);
      const shown = Math.round(value * 100);
      similarity = {
        value: Math.round(value * 1000) / 1000,
        passages: value >= s.originality.fullBelow ? sharedPassages(r.text, input.previous.text) : [],
      };
      if (value < s.originality.fullBelow) {
        originalityNote = `与${input.previous.year}年报告相似度${shown}%`;
      } else if (value < s.originality.partialBelow) {
        originality = s.originality.partialPoints;
        originalityNote = `与${input.previous.year}年报告相似度${shown}%，重复较多`;
      } else {
        originality = 0;
        originalityNote = `内容雷同：与${input.previous.year}年报告相似度${shown}%`;
      }
    }
    const copied = similarity !== null && similarity.value >= s.originality.partialBelow;
    return {
      ...named("substance", s.max),
      points: roundPoints(p.points + i.points + originality),
      reason: `存在问题：${p.note}；改进措施：${i.note}；${originalityNote}`,
      evidence: {
        problems: p.points,
        improvements: i.points,
        originality,
        similarity: similarity?.value ?? null,
      },
      findings: { similarity, warnings: copied ? ["内容雷同：与上年报告高度相似"] : [] },
    };
  },
});

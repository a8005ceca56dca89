import type { AnyDimension, Rubric, RubricGrade } from "@touming/grade";
import type { PageCommon } from "../output.js";
import { capDescriptions } from "./rubric-rules/caps.js";
import { dimensionRules } from "./rubric-rules/index.js";
import { pointsText } from "./rubric-rules/numbers.js";

/** The scores a grade stands for: its minimum up to the next better grade's (scores have one decimal). */
function scoreRange(grades: readonly RubricGrade[], i: number): string {
  const grade = grades[i]!;
  const better = grades[i - 1];
  if (!better) return `${pointsText(grade.min)}分及以上`;
  if (grade.min === 0) return `不足${pointsText(better.min)}分`;
  return `${pointsText(grade.min)}分及以上、不足${pointsText(better.min)}分`;
}

/** The letter a year without a report gets: the grade of a score of 0. */
const lowest = (grades: readonly RubricGrade[]) => grades.find((g) => g.min === 0) ?? grades.at(-1)!;

/**
 * What the 评分细则 page shows of a rubric: its grade scale, how the total is made, each dimension
 * with its points and how it is scored (in Chinese, from its config), and the caps when it has any.
 */
export function rubricView(rubric: Rubric, dimensions: readonly AnyDimension[], common: PageCommon) {
  const grades = [...rubric.grades].sort((a, b) => b.min - a.min);
  const configured = dimensions.filter((d) => rubric[d.configKey] !== undefined);
  const zero = lowest(grades);
  return {
    ...common,
    title: rubric.title,
    root: "../",
    // The page does not link to itself.
    rubricPath: null,
    grades: grades.map((g, i) => ({ letter: g.letter, label: g.label, range: scoreRange(grades, i) })),
    method: [
      `总分由以下${configured.length}个维度的得分相加，满分100分`,
      "证据不足以评分的维度（如发布日期无法确认）不计分，总分按已计分维度的满分折算为百分制",
      `发布期限后未发现年度报告的，各维度均得0分，评为${zero.letter}级（${zero.label}）`,
      "因网站无法访问等原因无法核实的，不评定等级",
    ],
    dimensions: configured.map((d) => {
      const config = rubric[d.configKey];
      return { name: d.name, points: pointsText(d.max(config)), rules: dimensionRules(d.key, config) };
    }),
    caps: capDescriptions(rubric.caps),
  };
}

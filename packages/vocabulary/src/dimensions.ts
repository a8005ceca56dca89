/**
 * The rubric's dimensions as cards, summaries and open data name them. The grading code owns how
 * each is scored (one module per dimension); this list owns their keys, Chinese names and the
 * order they are published in. A new dimension is one entry here and one module in the grade package.
 */
export const DIMENSIONS = [
  { key: "timeliness", name: "按时发布" },
  { key: "structure", name: "结构完整" },
  { key: "data", name: "数据公开" },
  { key: "integrity", name: "数据准确" },
  { key: "substance", name: "内容实质" },
  { key: "accessibility", name: "可获取性" },
] as const;

export type DimensionKey = (typeof DIMENSIONS)[number]["key"];
export const DIMENSION_KEYS: readonly DimensionKey[] = DIMENSIONS.map((d) => d.key);
export const DIMENSION_NAMES = Object.fromEntries(DIMENSIONS.map((d) => [d.key, d.name])) as Readonly<
  Record<DimensionKey, string>
>;

/** The grade row that holds an agency-year's total (score, letter, deadline) beside its dimensions. */
export const TOTAL_DIMENSION = "total";

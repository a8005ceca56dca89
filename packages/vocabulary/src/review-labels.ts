import type { FormLabel } from "./form-labels.js";
import { REVIEW_GROUPS, REVIEW_OUTCOMES } from "./value-keys.js";

// Table 四 is one unlabelled row of 15 numbers under two or three levels of column headings, the same
// in the 2019 and 2021 forms: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), each over 结果维持 …
// 总计.

const GROUP_HEADINGS: Record<(typeof REVIEW_GROUPS)[number], readonly string[]> = {
  review: ["行政复议"],
  litigation_direct: ["行政诉讼", "未经复议直接起诉"],
  litigation_after_review: ["行政诉讼", "复议后起诉"],
};

const OUTCOME_HEADINGS: Record<(typeof REVIEW_OUTCOMES)[number], string> = {
  upheld: "结果维持",
  corrected: "结果纠正",
  other: "其他结果",
  pending: "尚未审结",
  total: "总计",
};

/** The 15 cells of table 四 in printed order, under their keys (`litigation_direct.upheld`). */
export function reviewCells(): [string, FormLabel][] {
  return REVIEW_GROUPS.flatMap((group) =>
    REVIEW_OUTCOMES.map((outcome): [string, FormLabel] => [
      `${group}.${outcome}`,
      {
        table: "四",
        tableTitle: "政府信息公开行政复议、行政诉讼情况",
        rowGroups: [],
        rowLabel: null,
        columnGroups: GROUP_HEADINGS[group],
        columnLabel: OUTCOME_HEADINGS[outcome],
      },
    ]),
  );
}

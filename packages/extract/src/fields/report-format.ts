import { formLabel, formLabelKeys } from "@touming/vocabulary";
import { labelForm } from "../decode/parse-form.js";
import type { ReportFormat, TablesReading } from "../types.js";

type ModernFormat = "2019" | "2021";

/** A label without its printed number (`1.`, `（一）`, `一、`), in label form (no spaces, ASCII folded). */
const bareLabel = (label: string) =>
  labelForm(label).replace(/^(?:\d+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)/, "");

/**
 * The labels of a format's tables that only a form prints, bare: the column heads of tables 二 and 四
 * and the rows of table 三. Table 二's row names (规章, 规范性文件, 行政许可) are words of any prose.
 */
function labelsOf(format: ModernFormat): Set<string> {
  const out = new Set<string>();
  for (const key of formLabelKeys(format)) {
    const l = formLabel(key, format)!;
    const texts = l.table === "三" ? [l.rowLabel, ...l.rowGroups] : [l.columnLabel];
    for (const text of texts) if (text) out.add(bareLabel(text));
  }
  return out;
}

const LABELS = { "2019": labelsOf("2019"), "2021": labelsOf("2021") };
const longestFirst = (labels: Iterable<string>) => [...labels].sort((a, b) => b.length - a.length);
/**
 * Labels only one format prints (2021: 本年制发件数, 现行有效件数, the three 其他处理 rows; 2019:
 * 本年新制作数量, 采购项目数量…); too short a label (其他) says nothing.
 */
const ONLY = {
  "2019": longestFirst([...LABELS["2019"]].filter((l) => !LABELS["2021"].has(l) && l.length >= 4)),
  "2021": longestFirst([...LABELS["2021"]].filter((l) => !LABELS["2019"].has(l) && l.length >= 4)),
};
/** Labels of table 三 both formats print (本年新收政府信息公开申请数量, 结转下年度继续办理…): a 2019+ form. */
const SHARED = longestFirst([...LABELS["2019"]].filter((l) => LABELS["2021"].has(l) && l.length >= 8));

/** The notices that prescribed each form: a report citing one says which form it follows. */
const CITATIONS: [ModernFormat, RegExp, string][] = [
  ["2021", /国办公开办函[〔[(（]\s*2021\s*[〕\])）]\s*30\s*号/, "国办公开办函〔2021〕30号"],
  ["2019", /国办公开办函[〔[(（]\s*2019\s*[〕\])）]\s*60\s*号/, "国办公开办函〔2019〕60号"],
];
/** Headings the 2019 and 2021 forms share and legacy reports did not use. */
const MODERN_HEADINGS = ["收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"];

/** Removes every occurrence of `labels` from `text`, so a shorter label is not found inside a longer one. */
function without(text: string, labels: readonly string[]): string {
  let out = text;
  for (const l of labels) out = out.split(l).join("|");
  return out;
}

export interface FormatDecision {
  format: ReportFormat;
  /** What decided it, one line each: labels, citations and headings found, the tables read. */
  evidence: string[];
  tables: TablesReading;
}

/**
 * The report's format from what the document prints, not from whether its tables could be read:
 * the format of the tables read; else labels only one form prints, the notice it cites, the headings
 * and row labels of the 2019+ forms (then the report year picks between 2019 and 2021). A 2019+ form
 * whose tables could not be read says so (`tables.state` `unreadable`), which grading treats as the
 * limit of this reader, never as the agency's omission.
 */
export function decideFormat(input: {
  text: string;
  /** The format of the tables read, if any were. */
  tableFormat: ModernFormat | null;
  tableValues: number;
  year: number | null;
  /**
   * The tables were read by OCR: their layout (one 其他处理 row or three) is only as sure as the rows
   * OCR found, and gives way to labels only one form prints.
   */
  scanned?: boolean;
}): FormatDecision {
  const text = labelForm(input.text);
  const evidence: string[] = [];
  const score = { "2019": 0, "2021": 0 };
  if (input.tableFormat)
    evidence.push(`tables read in the ${input.tableFormat} layout (${input.tableValues} cells)`);
  for (const format of ["2021", "2019"] as const) {
    const other = format === "2021" ? ONLY["2019"] : ONLY["2021"];
    // A 2019 label found inside a 2021 one (规范性文件 in 行政规范性文件) is not evidence.
    const own = without(
      text,
      other.filter((l) => ONLY[format].some((mine) => l.includes(mine))),
    );
    const found = ONLY[format].filter((l) => own.includes(l));
    if (found.length > 0) {
      score[format] += found.length;
      evidence.push(
        `${format} form labels: ${found
          .slice(0, 4)
          .map((l) => `「${l}」`)
          .join("")}`,
      );
    }
  }
  for (const [format, re, name] of CITATIONS) {
    if (re.test(input.text)) {
      score[format] += 3;
      evidence.push(`cites ${name}, which prescribes the ${format} form`);
    }
  }
  const shared = SHARED.filter((l) => text.includes(l));
  if (shared.length > 0) evidence.push(`2019+ table 三 labels: ${shared.length} (e.g. 「${shared[0]}」)`);
  const headings = MODERN_HEADINGS.filter((h) => text.includes(labelForm(h)));
  if (headings.length > 0) evidence.push(`2019+ headings: ${headings.map((h) => `「${h}」`).join("")}`);

  const modern =
    input.tableFormat !== null ||
    score["2019"] + score["2021"] > 0 ||
    shared.length >= 3 ||
    headings.length === 2;
  let format: ReportFormat = "legacy";
  const labelled = score["2021"] === score["2019"] ? null : score["2021"] > score["2019"] ? "2021" : "2019";
  const layoutGivesWay = input.scanned === true && labelled !== null && labelled !== input.tableFormat;
  if (input.tableFormat && layoutGivesWay)
    evidence.push(`a scan's table layout gives way to the ${labelled} form's labels`);
  if (input.tableFormat && !layoutGivesWay) format = input.tableFormat;
  else if (modern) {
    if (score["2021"] !== score["2019"]) format = score["2021"] > score["2019"] ? "2021" : "2019";
    else {
      format = input.year !== null && input.year < 2021 ? "2019" : "2021";
      evidence.push(
        `the ${format} form is the one prescribed for ${input.year ?? "a report of unknown year"}`,
      );
    }
  }
  return { format, evidence, tables: tablesReading(format, input.tableValues, input.text) };
}

/** Digits run together right after a table label: the cells cannot be told apart. */
const FUSED_CELLS =
  /(本年新收政府信息公开申请数量|上年结转政府信息公开申请数量|结转下年度继续办理|总计)\s*(\d{7,})/;

function tablesReading(format: ReportFormat, tableValues: number, text: string): TablesReading {
  if (tableValues > 0) return { state: "read", reason: null };
  if (format === "legacy") return { state: "absent", reason: null };
  const fused = FUSED_CELLS.exec(text);
  return {
    state: "unreadable",
    reason: fused
      ? `the table cells are run together without separators (「${fused[1]}${fused[2]}」): no cell can be told from the next`
      : `the ${format} form's labels are printed but no table cell could be read`,
  };
}

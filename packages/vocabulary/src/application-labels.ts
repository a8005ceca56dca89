import {
  APPLICATION_COLUMNS,
  NOT_PROCESSED_ROWS,
  OTHER_HANDLING_ROWS,
  UNABLE_ROWS,
  WITHHELD_ROWS,
  type ApplicationColumn,
} from "./value-keys.js";
import type { FormLabel } from "./form-labels.js";

// Table 三 as 国办公开办函〔2019〕60号 and 〔2021〕30号 print it, copied from the official 2021 template
// (corpus documents/official-template-2021.docx) and the 2019 reports (上海市人民政府办公厅 2019): the
// two forms print the same words except under （六）其他处理, which 2021 splits into three rows.

const RESULTS = "三、本年度办理结果";
const WITHHELD = "（三）不予公开";
const UNABLE = "（四）无法提供";
const NOT_PROCESSED = "（五）不予处理";
const OTHER_HANDLING = "（六）其他处理";

// The sub-rows number themselves with an ASCII digit and full stop ("1.属于国家秘密"), as printed.
const WITHHELD_LABELS: Record<(typeof WITHHELD_ROWS)[number], string> = {
  state_secret: "1.属于国家秘密",
  law_forbidden: "2.其他法律行政法规禁止公开",
  security_stability: "3.危及“三安全一稳定”",
  third_party: "4.保护第三方合法权益",
  internal_affairs: "5.属于三类内部事务信息",
  process_info: "6.属于四类过程性信息",
  enforcement_file: "7.属于行政执法案卷",
  admin_query: "8.属于行政查询事项",
};

const UNABLE_LABELS: Record<(typeof UNABLE_ROWS)[number], string> = {
  not_held: "1.本机关不掌握相关政府信息",
  needs_creation: "2.没有现成信息需要另行制作",
  unclear: "3.补正后申请内容仍不明确",
};

const NOT_PROCESSED_LABELS: Record<(typeof NOT_PROCESSED_ROWS)[number], string> = {
  complaint: "1.信访举报投诉类申请",
  repeat: "2.重复申请",
  publication: "3.要求提供公开出版物",
  mass_repeat: "4.无正当理由大量反复申请",
  confirmation: "5.要求行政机关确认或重新出具已获取信息",
};

const OTHER_HANDLING_LABELS: Record<(typeof OTHER_HANDLING_ROWS)[number], string> = {
  no_correction: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
  fee_unpaid: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
  misc: "3.其他",
};

interface PrintedRow {
  /** The row part of the key: `withheld.state_secret` in `apply.withheld.state_secret.total`. */
  row: string;
  groups: readonly string[];
  label: string;
}

const subRows = <R extends string>(
  prefix: string,
  group: string,
  labels: Record<R, string>,
  order: readonly R[],
): PrintedRow[] => order.map((r) => ({ row: `${prefix}.${r}`, groups: [RESULTS, group], label: labels[r] }));

/** Table 三's rows in printed order. */
function printedRows(format: "2019" | "2021"): PrintedRow[] {
  const otherHandling: PrintedRow[] =
    format === "2019"
      ? [{ row: "other_handling.total", groups: [RESULTS], label: OTHER_HANDLING }]
      : subRows("other_handling", OTHER_HANDLING, OTHER_HANDLING_LABELS, OTHER_HANDLING_ROWS);
  return [
    { row: "new_received", groups: [], label: "一、本年新收政府信息公开申请数量" },
    { row: "carried_over", groups: [], label: "二、上年结转政府信息公开申请数量" },
    { row: "granted", groups: [RESULTS], label: "（一）予以公开" },
    {
      row: "partially_granted",
      groups: [RESULTS],
      label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    },
    ...subRows("withheld", WITHHELD, WITHHELD_LABELS, WITHHELD_ROWS),
    ...subRows("unable", UNABLE, UNABLE_LABELS, UNABLE_ROWS),
    ...subRows("not_processed", NOT_PROCESSED, NOT_PROCESSED_LABELS, NOT_PROCESSED_ROWS),
    ...otherHandling,
    { row: "handled_total", groups: [RESULTS], label: "（七）总计" },
    { row: "carried_forward", groups: [], label: "四、结转下年度继续办理" },
  ];
}

// Every column sits under 申请人情况, which spans the whole table and so tells no column apart: it
// is left out. 法人或其他组织 is kept, because its last column is printed as a bare 其他.
const LEGAL_PERSON = ["法人或其他组织"];
const COLUMNS: Record<ApplicationColumn, { groups: readonly string[]; label: string }> = {
  natural_person: { groups: [], label: "自然人" },
  commercial: { groups: LEGAL_PERSON, label: "商业企业" },
  research: { groups: LEGAL_PERSON, label: "科研机构" },
  social_org: { groups: LEGAL_PERSON, label: "社会公益组织" },
  legal_service: { groups: LEGAL_PERSON, label: "法律服务机构" },
  other_org: { groups: LEGAL_PERSON, label: "其他" },
  total: { groups: [], label: "总计" },
};

/** Every cell of table 三 in the given format, row by row, under its key `apply.<row>.<column>`. */
export function applicationCells(format: "2019" | "2021"): [string, FormLabel][] {
  return printedRows(format).flatMap(({ row, groups, label }) =>
    APPLICATION_COLUMNS.map((column): [string, FormLabel] => [
      `apply.${row}.${column}`,
      {
        table: "三",
        tableTitle: "收到和处理政府信息公开申请情况",
        rowGroups: groups,
        rowLabel: label,
        columnGroups: COLUMNS[column].groups,
        columnLabel: COLUMNS[column].label,
      },
    ]),
  );
}

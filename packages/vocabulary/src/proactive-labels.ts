import type { FormLabel } from "./form-labels.js";

// Table 二 is a stack of small tables, one per item of article 20 of the regulations, each captioned
// 第二十条第（N）项 and headed 信息内容 | <its columns>. Words as printed in the official 2021 template
// (corpus documents/official-template-2021.docx) and in 2019-format reports (上海市人民政府办公厅 2019).

interface PrintedBlock {
  caption: string;
  /** Key stem (`proactive.<stem>.<leaf>`) → row label. */
  rows: readonly (readonly [string, string])[];
  /** Key leaf → column header. */
  columns: readonly (readonly [string, string])[];
}

const DECISIONS_2021 = [["decisions", "本年处理决定数量"]] as const;
const ITEMS_2019 = [
  ["prev_items", "上一年项目数量"],
  ["change", "本年增/减"],
  ["decisions", "处理决定数量"],
] as const;

const BLOCKS: Record<"2019" | "2021", readonly PrintedBlock[]> = {
  "2021": [
    {
      caption: "第二十条第（一）项",
      rows: [
        ["rules", "规章"],
        ["normative_docs", "行政规范性文件"],
      ],
      columns: [
        ["issued", "本年制发件数"],
        ["repealed", "本年废止件数"],
        ["in_force", "现行有效件数"],
      ],
    },
    { caption: "第二十条第（五）项", rows: [["licensing", "行政许可"]], columns: DECISIONS_2021 },
    {
      caption: "第二十条第（六）项",
      rows: [
        ["penalty", "行政处罚"],
        ["coercion", "行政强制"],
      ],
      columns: DECISIONS_2021,
    },
    {
      caption: "第二十条第（八）项",
      rows: [["fees", "行政事业性收费"]],
      columns: [["amount_10k_yuan", "本年收费金额（单位：万元）"]],
    },
  ],
  "2019": [
    {
      caption: "第二十条第（一）项",
      rows: [
        ["rules", "规章"],
        ["normative_docs", "规范性文件"],
      ],
      columns: [
        ["made", "本年新制作数量"],
        ["published", "本年新公开数量"],
        ["total_public", "对外公开总数量"],
      ],
    },
    {
      caption: "第二十条第（五）项",
      rows: [
        ["licensing", "行政许可"],
        ["other_services", "其他对外管理服务事项"],
      ],
      columns: ITEMS_2019,
    },
    {
      caption: "第二十条第（六）项",
      rows: [
        ["penalty", "行政处罚"],
        ["coercion", "行政强制"],
      ],
      columns: ITEMS_2019,
    },
    {
      caption: "第二十条第（八）项",
      rows: [["fees", "行政事业性收费"]],
      columns: ITEMS_2019.slice(0, 2),
    },
    {
      caption: "第二十条第（九）项",
      rows: [["procurement", "政府集中采购"]],
      columns: [
        ["projects", "采购项目数量"],
        ["amount_yuan", "采购总金额"],
      ],
    },
  ],
};

/** Every cell of table 二 in the given format, in printed order, under its key `proactive.<row>.<column>`. */
export function proactiveCells(format: "2019" | "2021"): [string, FormLabel][] {
  return BLOCKS[format].flatMap(({ caption, rows, columns }) =>
    rows.flatMap(([stem, rowLabel]) =>
      columns.map(([leaf, columnLabel]): [string, FormLabel] => [
        `proactive.${stem}.${leaf}`,
        {
          table: "二",
          tableTitle: "主动公开政府信息情况",
          rowGroups: [caption],
          rowLabel,
          columnGroups: [],
          columnLabel,
        },
      ]),
    ),
  );
}

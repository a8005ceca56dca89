import { labelForm } from "../decode/parse-form.js";
import { distinctCells } from "../document/table-grid.js";
import type { ExtractedValue, TableGrid } from "../types.js";
import { cellValue, isLabelCell } from "./table-reading.js";

export function isProactiveTable(grid: TableGrid): boolean {
  const text = labelForm(
    grid.rows
      .flat()
      .map((c) => c.text)
      .join("|"),
  );
  return (
    /第二十条/.test(text) || (/信息内容/.test(text) && /(规章|行政许可|行政处罚|行政事业性收费)/.test(text))
  );
}

// Row labels of table 二 and the key stem they report under.
const ROWS: [RegExp, string][] = [
  [/^规章$/, "rules"],
  [/规范性文件/, "normative_docs"],
  [/行政许可/, "licensing"],
  [/其他对外管理服务/, "other_services"],
  [/行政处罚/, "penalty"],
  [/行政强制/, "coercion"],
  [/行政事业性收费/, "fees"],
  [/政府集中采购|集中采购/, "procurement"],
];

// Column headers (2021 and 2019 forms) and the key leaf they report under.
const COLUMNS: [RegExp, string][] = [
  [/本年制发|新制发/, "issued"],
  [/本年废止|废止/, "repealed"],
  [/现行有效/, "in_force"],
  [/处理决定/, "decisions"],
  [/收费金额/, "amount_10k_yuan"],
  [/新制作/, "made"],
  [/新公开/, "published"],
  [/对外公开总/, "total_public"],
  [/上一年项目|上年项目/, "prev_items"],
  [/增.?减/, "change"],
  [/采购项目/, "projects"],
  [/采购总金额/, "amount_yuan"],
];

/**
 * Table 二 from a grid. It is a stack of small tables (第二十条第（一）项, （五）, （六）, （八）, 2019 also
 * （九）), each with a 信息内容 header row naming its columns; rows are read under the header above them.
 */
export function readProactiveTable(grid: TableGrid): {
  values: ExtractedValue[];
  format: "2019" | "2021" | null;
} {
  const values: ExtractedValue[] = [];
  const seen = new Set<string>();
  let header: Map<number, string> | null = null;
  let format: "2019" | "2021" | null = null;
  grid.rows.forEach((row, r) => {
    const cells = distinctCells(row);
    const first = labelForm(cells[0]?.cell.text ?? "");
    if (/信息内容/.test(first)) {
      header = new Map();
      for (const { cell, col } of cells.slice(1)) {
        const label = labelForm(cell.text);
        const leaf = COLUMNS.find(([re]) => re.test(label))?.[1];
        if (leaf) {
          // A spanned header covers several grid columns; the value sits under its first one.
          header.set(col, leaf);
          if (["issued", "in_force", "amount_10k_yuan"].includes(leaf)) format ??= "2021";
          if (["made", "published", "total_public", "prev_items", "projects"].includes(leaf)) format = "2019";
        }
      }
      return;
    }
    if (!header) return;
    const stem = ROWS.find(([re]) => re.test(first))?.[1];
    if (!stem) return;
    for (const [col, leaf] of header) {
      let key = `proactive.${stem}.${leaf}`;
      // In the 2019 form 处理决定数量 etc. stay as named; its fee row has no amount column.
      if (stem === "fees" && leaf === "amount_10k_yuan") key = "proactive.fees.amount_10k_yuan";
      if (seen.has(key)) continue;
      const cell = row[col];
      if (!cell || (isLabelCell(cell.text) && cell.text.trim() !== "")) continue;
      const v = cellValue(grid, "二", key, r, col, `${cells[0]!.cell.text.trim()} · ${leaf}`);
      if (v) {
        seen.add(key);
        values.push(v);
      }
    }
  });
  return { values, format };
}

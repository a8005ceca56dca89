import type { SiteMetadata } from "../types.js";

type Field = Exclude<keyof SiteMetadata, "columnName">;

// Labels of the 信息公开 header table, as sites write them (padding removed before matching).
const LABELS: [readonly string[], Field][] = [
  [["索引号"], "indexNo"],
  [["发布机构", "发文机关", "发布单位", "发文单位", "公开主体", "信息来源"], "publisher"],
  [["公开目录", "主题分类", "组配分类", "所属类别", "信息分类", "所属主题", "分类"], "catalogue"],
  [["发布日期", "公开日期", "发布时间", "发文日期"], "publishDate"],
  [["成文日期", "生成日期", "成文时间"], "writtenDate"],
  [["文号", "发文字号", "文件编号"], "documentNo"],
  [["标题", "名称", "文件名称", "信息名称"], "title"],
];
const ANY_LABEL =
  /(索\s*引\s*号|发布机构|发文机关|发布单位|公开目录|主题分类|组配分类|所属类别|发布日期|公开日期|成文日期|生成日期|发文字号|文\s*号|有\s*效\s*性|浏\s*览\s*量|标\s*题|名\s*称)/;
// Labels we recognise only to skip their values.
const IGNORED = ["有效性", "浏览量", "访问量", "点击数", "时效", "关键词", "主题词"];

/**
 * Every label, whole, as it reads once squeezed: one lookup per cell. The header search asks it of
 * every cell of every table on the page; with a regular expression per label and cell, that search
 * was a fifth of reading a sample report's HTML.
 */
const FIELD_OF_LABEL = new Map<string, Field | "ignored">([
  ...LABELS.flatMap(([words, field]) => words.map((word) => [word, field] as const)),
  ...IGNORED.map((word) => [word, "ignored"] as const),
]);

const squeeze = (text: string) => text.replace(/[\s\u00a0\u3000]+/g, "").replace(/[:：]+$/, "");

function fieldOf(label: string): Field | "ignored" | null {
  return FIELD_OF_LABEL.get(squeeze(label)) ?? null;
}

/** The part of a squeezed cell before its first colon (the whole cell when it has none). */
function beforeColon(cell: string): string {
  const colon = cell.search(/[:：]/);
  return colon < 0 ? cell : cell.slice(0, colon);
}

/** Whether a row of cells reads as part of a 信息公开 header (at least two labels). */
export function countMetadataLabels(cells: readonly string[]): number {
  let labels = 0;
  for (const cell of cells) {
    const s = squeeze(cell);
    if (FIELD_OF_LABEL.has(s) || FIELD_OF_LABEL.has(squeeze(beforeColon(s)))) labels++;
  }
  return labels;
}

/**
 * Reads label/value pairs from the header's rows: label and value in adjacent cells, or `label：value` in one
 * cell. Values are trimmed; empty values are left out.
 */
export function readSiteMetadata(rows: readonly (readonly string[])[]): SiteMetadata {
  const out: SiteMetadata = {};
  const set = (field: Field | "ignored" | null, value: string) => {
    const v = value.replace(/[\s\u00a0\u3000]+/g, " ").trim();
    if (!field || field === "ignored" || !v || fieldOf(v) !== null) return;
    out[field] ??= v;
  };
  for (const row of rows) {
    const cells = row.map((c) => c.trim()).filter((c) => c !== "");
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      const whole = fieldOf(cell);
      if (whole) {
        const next = cells[i + 1];
        if (next !== undefined && fieldOf(next) === null && fieldOf(next.split(/[:：]/)[0] ?? "") === null) {
          set(whole, next);
          i++;
        }
        continue;
      }
      const inline = /^([^:：]{1,8})[:：](.*)$/s.exec(cell);
      if (inline) {
        const field = fieldOf(inline[1]!);
        if (field) {
          // "索引号：X 发布机构：Y" in one cell: cut the value at the next label.
          const rest = inline[2]!;
          const cut = rest.search(new RegExp(`\\s${ANY_LABEL.source}\\s*[:：]`));
          set(field, cut >= 0 ? rest.slice(0, cut) : rest);
          if (cut >= 0) cells.splice(i + 1, 0, rest.slice(cut).trim());
        }
      }
    }
  }
  return out;
}

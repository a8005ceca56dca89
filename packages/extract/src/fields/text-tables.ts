import { toParseForm } from "../decode/parse-form.js";
import { buildGrid } from "../document/table-grid.js";
import type { TableGrid } from "../types.js";
import { parseCell } from "./numbers.js";
import type { ReportLine } from "./report-lines.js";

const NUMBERING = /^\s*([一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|\d+[.、])/;

function splitRow(text: string): { label: string; values: string[] } {
  const tokens = toParseForm(text).trim().split(/\s+/);
  const values: string[] = [];
  while (tokens.length > 1) {
    const last = tokens.at(-1)!;
    const kind = parseCell(last).kind;
    if (kind !== "number" && kind !== "not_applicable") break;
    values.unshift(last);
    tokens.pop();
  }
  if (tokens.length === 1 && parseCell(tokens[0]!).kind === "number")
    return { label: "", values: [tokens[0]!, ...values] };
  return { label: tokens.join(""), values };
}

/**
 * Table 三 printed as text lines ("一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119"): rows of a
 * label and 7 (or 8, with a 小计) numbers, group headers as label-only rows, and labels wrapped onto a
 * second line joined back. Returns a grid the table reader can use with positional columns.
 */
export function applicationRowsAsGrid(lines: readonly ReportLine[]): TableGrid | null {
  const start = lines.findIndex(
    (l) => /本年新收/.test(l.parse.replace(/\s+/g, "")) && splitRow(l.text).values.length >= 7,
  );
  if (start < 0) return null;
  const rows: { label: string; values: string[]; page?: number }[] = [];
  let pendingLabel = "";
  for (const line of lines.slice(start, start + 60)) {
    const { label, values } = splitRow(line.text);
    if (values.length === 0) {
      if (line.text.length > 40 && rows.length > 5) break; // prose after the table
      if (pendingLabel && !NUMBERING.test(label)) pendingLabel += label;
      else {
        if (pendingLabel) rows.push({ label: pendingLabel, values: [] });
        pendingLabel = label;
      }
      continue;
    }
    if (values.length < 7) continue;
    const joined = pendingLabel && !NUMBERING.test(label) ? pendingLabel + label : label;
    if (pendingLabel && NUMBERING.test(label)) rows.push({ label: pendingLabel, values: [] });
    pendingLabel = "";
    rows.push({ label: joined, values, ...(line.page !== undefined ? { page: line.page } : {}) });
    if (/结转下年/.test(joined)) break;
  }
  const width = Math.max(...rows.map((r) => r.values.length));
  if (width < 7 || width > 8) return null;
  return buildGrid(
    rows.map((r) => [
      { text: r.label, rowspan: 1, colspan: 1 },
      ...Array.from({ length: width }, (_, i) => ({
        text: r.values[i] ?? "",
        rowspan: 1,
        colspan: 1,
        ...(r.page !== undefined ? { page: r.page } : {}),
      })),
    ]),
  );
}

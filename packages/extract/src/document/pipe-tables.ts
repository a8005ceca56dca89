import { MAX_TEXT_TABLE_ROWS, maxOf, type TextTable } from "./text-table.js";

const PIPE = /[|｜]/;
// |---|:---:|---| (outer pipes optional)
const SEPARATOR = /^[|｜]?\s*:?-{2,}:?\s*([|｜]\s*:?-{2,}:?\s*)*[|｜]?$/;

function isPipeRow(line: string): boolean {
  const t = line.trim();
  if (SEPARATOR.test(t)) return true;
  return /^[|｜]/.test(t) && /[|｜]$/.test(t) && t.length > 2;
}

function cellsOf(line: string): string[] {
  const t = line
    .trim()
    .replace(/^[|｜]/, "")
    .replace(/[|｜]$/, "");
  return (
    t
      // An escaped pipe is text; it never separates cells.
      .split(/(?<!\\)[|｜]/)
      .map((c) =>
        c
          .replace(/\\([|｜])/g, "$1")
          .replace(/<br\s*\/?>/gi, " ")
          .replace(/\*\*|__/g, "")
          .replace(/[ \t\u00a0\u3000]+/g, " ")
          .trim(),
      )
  );
}

/**
 * Markdown pipe tables (`| a | b |` rows, `|---|---|` separator), as an OCR or PDF-to-markdown
 * conversion writes them: each run of pipe rows is one table, its separator dropped. Rows without
 * outer pipes count only next to a separator row.
 */
export function findPipeTables(lines: readonly string[], taken: readonly boolean[] = []): TextTable[] {
  const tables: TextTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (taken[i] || !isPipeRow(lines[i]!)) {
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && !taken[i] && isPipeRow(lines[i]!)) i++;
    const end = i;
    const rows = lines
      .slice(start, end)
      .map((line, k) => ({ line, at: start + k }))
      .filter(({ line }) => !SEPARATOR.test(line.trim()))
      .map(({ line, at }) => ({ cells: cellsOf(line), line: at }));
    if (rows.length === 0 || rows.length > MAX_TEXT_TABLE_ROWS) continue;
    if (rows.every((r) => r.cells.length < 2)) continue;
    const width = maxOf(
      rows.map((r) => r.cells.length),
      0,
    );
    for (const row of rows) while (row.cells.length < width) row.cells.push("");
    tables.push({ start, end, rows, explicit: true });
  }
  return tables.concat(findBareSeparatedTables(lines, taken, tables));
}

/** `a | b` rows around an `---|---` separator: markdown without outer pipes. */
function findBareSeparatedTables(
  lines: readonly string[],
  taken: readonly boolean[],
  found: readonly TextTable[],
): TextTable[] {
  const foundLines = new Uint8Array(lines.length);
  for (const t of found) foundLines.fill(1, t.start, t.end);
  const inFound = (i: number) => foundLines[i] === 1;
  const tables: TextTable[] = [];
  for (let s = 1; s < lines.length; s++) {
    const sep = lines[s]!.trim();
    if (taken[s] || inFound(s) || !SEPARATOR.test(sep) || !PIPE.test(sep)) continue;
    const header = lines[s - 1]!;
    if (taken[s - 1] || inFound(s - 1) || !PIPE.test(header)) continue;
    let end = s + 1;
    while (end < lines.length && !taken[end] && !inFound(end) && PIPE.test(lines[end]!) && lines[end]!.trim())
      end++;
    if (end - s > MAX_TEXT_TABLE_ROWS) {
      s = end;
      continue;
    }
    const rows = [s - 1, ...Array.from({ length: end - s - 1 }, (_, k) => s + 1 + k)].map((at) => ({
      cells: cellsOf(lines[at]!),
      line: at,
    }));
    const width = maxOf(
      rows.map((r) => r.cells.length),
      0,
    );
    for (const row of rows) while (row.cells.length < width) row.cells.push("");
    tables.push({ start: s - 1, end, rows, explicit: true });
    s = end;
  }
  return tables;
}

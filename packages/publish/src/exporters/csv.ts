import type { Cell, Exporter } from "./exporter.js";

/** One CSV line (RFC 4180 quoting), with its CRLF; null is an empty field. */
function csvLine(cells: readonly Cell[]): string {
  const cell = (v: Cell | undefined) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return cells.map(cell).join(",") + "\r\n";
}

/** CSV with a header line and a UTF-8 BOM, so that spreadsheet software shows Chinese correctly. */
export const csvExporter: Exporter = {
  extension: "csv",
  start: (columns) => ({
    header: () => "\ufeff" + csvLine(columns),
    record: csvLine,
    footer: () => "",
  }),
};

import path from "node:path";
import { loadRubric } from "@touming/grade";
import { useTempDirs, useTempStore } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { publishStage } from "../publish-stage.js";
import { csvTable, jsonRecords, readOpenData } from "../testing/open-data.js";
import { parseCsv } from "../testing/parse-csv.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";
import { csvExporter, inertText } from "./csv.js";

const newStore = useTempStore();
const tempDir = useTempDirs();

/** Every start a spreadsheet reads as a formula, half-width and full-width. */
const DANGEROUS = [
  `=HYPERLINK("http://x","y")`,
  '=WEBSERVICE("http://x")',
  "+1+1",
  "-2+3",
  "@SUM(A1)",
  "\tcmd",
  "\r=1",
  '＝HYPERLINK("http://x")',
  "＋1",
  "－1",
  "＠SUM(A1)",
];

/** The CSV exporter's text for these records under columns a, b, c. */
function exported(records: (string | number | null)[][]): string {
  const csv = csvExporter.start(["a", "b", "c"]);
  return csv.header() + records.map((r) => csv.record(r)).join("") + csv.footer();
}

describe("CSV open data in spreadsheets", () => {
  it("prefixes every text cell that would start a formula with ' and keeps the rest as it was", () => {
    const rows = parseCsv(exported(DANGEROUS.map((text) => [text, -3, "safe -text"])));
    expect(rows[0]).toEqual(["a", "b", "c"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(DANGEROUS.map((text) => `'${text}`));
    for (const row of rows.slice(1)) expect(row.slice(1)).toEqual(["-3", "safe -text"]);
  });

  it("leaves numbers, null and harmless text alone", () => {
    expect(exported([[-3, null, "说明=1"]])).toBe("\ufeffa,b,c\r\n-3,,说明=1\r\n");
    expect(exported([[-0.5, 1e21, "'quoted"]])).toBe("\ufeffa,b,c\r\n-0.5,1e+21,'quoted\r\n");
    expect(inertText("一、总体情况")).toBe("一、总体情况");
    expect(inertText("-")).toBe("'-");
  });

  it("a real publish writes a crawled =HYPERLINK excerpt and an @ agency name as text; JSON keeps them", async () => {
    const store = await newStore();
    await seedStore(store);
    const link = `=HYPERLINK("http://x","y")`;
    await store.db
      .updateTable("report_values")
      .set({ excerpt: link, value: -3 })
      .where("key", "=", "apply.carried_over.total")
      .execute();
    await store.db.updateTable("agencies").set({ name: "@SUM(1+1)" }).where("id", "=", "quiet").execute();
    const rubric = loadRubric();
    await gradeStore(store, rubric);
    const out = path.join(tempDir(), "out");
    await publishStage.run(stageContext(store), {
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });

    const { header, rows } = csvTable(out, "values");
    const col = (name: string) => header.indexOf(name);
    const carried = rows.filter((r) => r[col("key")] === "apply.carried_over.total");
    expect(carried.length).toBe(3);
    for (const row of carried) {
      expect(row[col("excerpt")]).toBe(`'${link}`);
      expect(row[col("value")]).toBe("-3");
    }
    const grades = parseCsv(readOpenData(out, "data/grades.csv.gz"));
    expect(grades.filter((r) => r[0] === "quiet").map((r) => r[1])).toContain("'@SUM(1+1)");
    expect(grades.flat().some((cell) => cell.startsWith("@"))).toBe(false);

    const json = jsonRecords<{ key: string; value: number; excerpt: string }>(out, "values");
    const jsonCarried = json.filter((v) => v.key === "apply.carried_over.total");
    expect(jsonCarried.map((v) => [v.excerpt, v.value])).toEqual(carried.map(() => [link, -3]));
  });
});

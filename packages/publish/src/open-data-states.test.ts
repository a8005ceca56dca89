import path from "node:path";
import { loadRubric } from "@touming/grade";
import { useTempDirs, useTempStore } from "@touming/testing";
import { expect, it } from "vitest";
import { publishStage } from "./publish-stage.js";
import { readOpenData } from "./testing/open-data.js";
import { parseCsv } from "./testing/parse-csv.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore();
const tempDir = useTempDirs();

it("open data says each agency-year's state, and a year that could not be verified has no points to average", async () => {
  const store = await newStore();
  await seedStore(store);
  // No crawl ever read the agencies' columns: their years without a report cannot be verified.
  await store.db.deleteFrom("crawl_coverage").execute();
  await gradeStore(store, rubric);
  const out = path.join(tempDir(), "out");
  await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn: "2025-06-01", pdf: false });
  const [header, ...rows] = parseCsv(readOpenData(out, "data/grades.csv.gz"));
  const col = (name: string) => header!.indexOf(name);
  const total = (agency: string, year: string) =>
    rows.find(
      (r) => r[col("agency_id")] === agency && r[col("year")] === year && r[col("dimension")] === "total",
    )!;
  // Before: "0" points and the reason "— 无法核实", a zero any average would count against the agency.
  const quiet = total("quiet", "2024");
  expect([quiet[col("state")], quiet[col("points")]]).toEqual(["unverifiable", ""]);
  expect(quiet[col("reason")]).toBe("无法核实：截止日期后尚未完成对该机关年度报告栏目的完整检查");
  const city = total("city", "2024");
  expect(city[col("state")]).toBe("graded");
  expect(Number(city[col("points")])).toBeGreaterThan(0);
});

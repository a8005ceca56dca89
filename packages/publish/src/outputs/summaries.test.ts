import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import { useTempDirs, useTempStore } from "@touming/testing";
import { expect, it } from "vitest";
import { publishStage } from "../publish-stage.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";

const newStore = useTempStore();
const tempDir = useTempDirs();

it("a summary's grid has every earlier year of its members, even when the run publishes one year", async () => {
  const rubric = loadRubric();
  const store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  const out = path.join(tempDir(), "out");
  await publishStage.run(stageContext(store), {
    outDir: out,
    rubric,
    generatedOn: "2025-06-01",
    pdf: false,
    year: 2024,
  });
  expect(existsSync(path.join(out, "jurisdictions/city/2023.html"))).toBe(false);
  const html = readFileSync(path.join(out, "jurisdictions/city/2024.html"), "utf8");
  const grid = html.slice(html.indexOf("<h2>各机关历年评估结果</h2>"), html.indexOf("<h2>合计</h2>"));
  // Every year graded (the grade stage's window: 2024 and the five before), newest first.
  expect([...grid.matchAll(/<th class="year">(\d+)<\/th>/g)].map((m) => Number(m[1]))).toEqual([
    2024, 2023, 2022, 2021, 2020, 2019,
  ]);
  // The agency with two reports: both graded years with letter and score, the years before 未发现.
  expect(grid).toMatch(
    /<td class="year-cell state-graded" title="2023年度：[A-F]级，[\d.]+分"><a href="..\/..\/cards\/bad\/2023.html"><span class="letter grade-[A-F]">[A-F]<\/span> [\d.]+<\/a><\/td>/,
  );
  expect(grid).toContain(
    '<td class="year-cell state-not_found" title="2022年度：未发现年度报告，评为F级"><a href="../../cards/bad/2022.html"><span class="letter grade-F">F</span></a></td>',
  );
  // 2023 was graded for one agency (its average counts the 未发现 ones as 0); 2022 for none.
  expect(grid).toMatch(
    /<tfoot><tr><th class="agency">平均得分<\/th><td class="year-cell num">[\d.]+<\/td><td class="year-cell num">[\d.]+<\/td>(<td class="year-cell num">—<\/td>){4}<\/tr><\/tfoot>/,
  );
});

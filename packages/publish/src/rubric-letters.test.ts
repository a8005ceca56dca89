import { readFileSync } from "node:fs";
import path from "node:path";
import { type Rubric, loadRubric } from "@touming/grade";
import { useTempDirs, useTempStore } from "@touming/testing";
import { expect, it } from "vitest";
import { publishStage } from "./index.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

const newStore = useTempStore();
const tempDir = useTempDirs();

it("the index and the summaries count the rubric's own letters, in its order", async () => {
  const rubric: Rubric = {
    ...loadRubric(),
    version: "letters",
    grades: [
      { letter: "A", label: "好", min: 80 },
      { letter: "C", label: "中", min: 50 },
      { letter: "E", label: "差", min: 0 },
    ],
  };
  const store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  const out = path.join(tempDir(), "out");
  await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn: "2025-06-01", pdf: false });

  const index = readFileSync(path.join(out, "index.html"), "utf8");
  const headers = [...index.matchAll(/<th class="num">([A-F])<\/th>/g)].map((m) => m[1]);
  expect(headers.join(" ")).toMatch(/^A C E( A C E)*$/);
  const summary = readFileSync(path.join(out, "jurisdictions/city/2024.html"), "utf8");
  const bars = [...summary.matchAll(/font-size="11">([A-F])<\/text>/g)].map((m) => m[1]);
  expect(bars).toEqual(["A", "C", "E"]);
  // Every agency-year counted under one of them: the missing report's E among them.
  const counts = /<td class="num">3<\/td>((?:<td class="num">\d+<\/td>){3})/.exec(index)?.[1];
  expect([...(counts ?? "").matchAll(/\d+/g)].reduce((n, m) => n + Number(m[0]), 0)).toBe(3);
});

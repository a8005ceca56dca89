import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Store } from "@touming/store";
import { useTempDirs, useTempStore, visibleLatinWords } from "@touming/testing";
import { loadRubric } from "@touming/grade";
import { beforeAll, expect, it } from "vitest";
import { publishStage } from "./publish-stage.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let out: string;
let store: Store;

beforeAll(async () => {
  out = path.join(tempDir(), "out");
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn: "2025-06-01", pdf: false });
}, 120_000);

it("no Latin word in a card's visible text outside URLs, hashes and the grade letters", () => {
  const cards = path.join(out, "cards");
  const found: string[] = [];
  // "bad" is the fixture whose crawled name and title carry markup: the agency's own words, not ours.
  for (const agency of readdirSync(cards).filter((a) => a !== "bad")) {
    for (const file of readdirSync(path.join(cards, agency)).filter((f) => f.endsWith(".html"))) {
      const html = readFileSync(path.join(cards, agency, file), "utf8");
      const words = visibleLatinWords(html);
      for (const w of words) found.push(`${agency}/${file}: ${w}`);
    }
  }
  expect(found).toEqual([]);
});

import { existsSync } from "node:fs";
import path from "node:path";
import { deleteGradesOfYears, listPublications } from "@touming/store";
import { useTempDirs, useTempStore } from "@touming/testing";
import { loadRubric } from "@touming/grade";
import { expect, it } from "vitest";
import { publishStage } from "../publish-stage.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore();
const tempDir = useTempDirs();

it("removes the card of an agency-year no longer graded (a year taken out of its window), and its publications row", async () => {
  const store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  const out = path.join(tempDir(), "out");
  const publish = async (year?: number) =>
    (
      await publishStage.run(stageContext(store), {
        outDir: out,
        rubric,
        generatedOn: "2025-06-01",
        pdf: false,
        ...(year ? { year } : {}),
      })
    ).summary;
  await publish();
  const card = path.join(out, "cards/bad/2023.html");
  expect(existsSync(card)).toBe(true);

  // The grade stage withdraws 2023 (outside the agency's window now).
  await deleteGradesOfYears(store.db, "bad", [2023]);
  // A run for another year leaves it alone; a run of every year removes it.
  expect((await publish(2024)).removed).toBe(0);
  expect(existsSync(card)).toBe(true);
  const summary = await publish();
  expect(summary.removed).toBe(1);
  expect(existsSync(card)).toBe(false);
  expect((await listPublications(store.db)).map((p) => p.path)).not.toContain("cards/bad/2023.html");
  expect(existsSync(path.join(out, "cards/bad/2024.html"))).toBe(true);
  expect((await publish()).removed).toBe(0);
});

import { describe, expect, it } from "vitest";
import { gradeStage } from "./grade-stage.js";
import { loadRubric } from "./rubric/load-rubric.js";
import { useTempStore } from "@touming/testing";
import { AGENCY, gradeContext, saveReport } from "./testing/agency-report.js";

const rubric = loadRubric();
const newStore = useTempStore({ agencies: [AGENCY] });

describe("gradeStage", () => {
  it("returns a flat summary (letters as gradeX) and the counts its command prints", async () => {
    const store = await newStore();
    await saveReport(store, "2025-01-20");
    const { ctx, progress } = gradeContext(store);
    const { summary, details } = await gradeStage.run(ctx, { rubric });
    // The window: 2019 to 2024, the report's year graded and five years without a report.
    expect(summary).toEqual({ graded: 6, missing: 5, changed: 6, gradeF: 6 });
    expect(Object.values(summary).every((v) => typeof v === "number")).toBe(true);
    expect(details).toEqual({ graded: 6, missing: 5, changed: 6, byLetter: { F: 6 } });
    expect(progress.map(({ done, total }) => ({ done, total })).at(-1)).toEqual({ done: 6, total: 6 });
    expect(gradeStage.name).toBe("grade");
  });

  it("writes nothing the second time, and grades only the year asked for", async () => {
    const store = await newStore();
    await saveReport(store, "2025-01-20");
    await gradeStage.run(gradeContext(store).ctx, { rubric });
    const again = await gradeStage.run(gradeContext(store).ctx, { rubric, year: 2024 });
    expect(again.summary).toMatchObject({ graded: 1, missing: 0, changed: 0 });
  });

  it("grades nothing once stopped", async () => {
    const store = await newStore();
    await saveReport(store, "2025-01-20");
    const { ctx, abort } = gradeContext(store);
    abort.abort();
    const { summary } = await gradeStage.run(ctx, { rubric });
    expect(summary).toEqual({ graded: 0, missing: 0, changed: 0 });
    expect(
      await store.db.selectFrom("grades").selectAll().where("agency_id", "=", AGENCY.id).execute(),
    ).toEqual([]);
  });
});

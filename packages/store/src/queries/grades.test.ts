import { describe, expect, it } from "vitest";
import { upsertAgencies } from "./agencies.js";
import { deleteGradesOfYears, gradesOf, gradesOfAgencies, saveGrades } from "./grades.js";
import { testAgency, useTempStore } from "../testing/index.js";

const tempStore = useTempStore();

describe("grades", () => {
  it("saves evidence objects and reads them back decoded, by both reads", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const evidence = {
      name: "按时发布",
      publishDate: "2025-01-20",
      daysLate: 0,
      tables: { 二: { cells: 1 } },
    };
    await saveGrades(store.db, [
      {
        agencyId: "huaian-city",
        year: 2024,
        reportId: null,
        rubricVersion: "1",
        dimensions: [
          { dimension: "timeliness", points: 20, maxPoints: 20, reason: "按时", evidence },
          { dimension: "total", points: 20, maxPoints: 100, reason: "F 不合格" },
        ],
      },
    ]);
    const stored = await store.db.selectFrom("grades").select(["dimension", "evidence"]).execute();
    expect(stored.find((g) => g.dimension === "timeliness")?.evidence).toBe(JSON.stringify(evidence));
    expect(stored.find((g) => g.dimension === "total")?.evidence).toBe("{}");

    const read = await gradesOf(store.db, { agencyId: "huaian-city" });
    expect(read.map((g) => [g.dimension, g.evidence])).toEqual([
      ["timeliness", evidence],
      ["total", {}],
    ]);
    const batch = await gradesOfAgencies(store.db, ["huaian-city"]);
    expect(batch.get("huaian-city")).toEqual(read);
  });

  it("deletes an agency's grades of the given years, every dimension, and no one else's", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency({ id: "a" }), testAgency({ id: "b" })]);
    const grade = (agencyId: string, year: number) => ({
      agencyId,
      year,
      reportId: null,
      rubricVersion: "2",
      dimensions: [
        { dimension: "timeliness", points: 0, maxPoints: 20, reason: "未发现" },
        { dimension: "total", points: 0, maxPoints: 100, reason: "F 不合格" },
      ],
    });
    await saveGrades(store.db, [grade("a", 2020), grade("a", 2021), grade("a", 2022), grade("b", 2020)]);
    expect(await deleteGradesOfYears(store.db, "a", [2020, 2021, 2019])).toBe(4);
    expect(await deleteGradesOfYears(store.db, "a", [])).toBe(0);
    const left = await store.db.selectFrom("grades").select(["agency_id", "year"]).distinct().execute();
    expect(left.sort((x, y) => x.agency_id.localeCompare(y.agency_id))).toEqual([
      { agency_id: "a", year: 2022 },
      { agency_id: "b", year: 2020 },
    ]);
  });

  it("a damaged evidence value stops the read with one line naming the row, not a bare JSON error", async () => {
    const store = await tempStore();
    await upsertAgencies(store.db, [testAgency()]);
    const row = { agencyId: "huaian-city", year: 2024, reportId: null, rubricVersion: "1" };
    await saveGrades(store.db, [
      { ...row, dimensions: [{ dimension: "total", points: 0, maxPoints: 100, reason: "F" }] },
    ]);
    for (const [damage, expected] of [
      ["{broken", /^grades \(agency huaian-city, year 2024, total\)\.evidence: not valid JSON \(/],
      [
        "[1]",
        /^grades \(agency huaian-city, year 2024, total\)\.evidence: expected a JSON object, got \[1\]$/,
      ],
    ] as const) {
      await store.db.updateTable("grades").set({ evidence: damage }).execute();
      await expect(gradesOf(store.db, { agencyId: "huaian-city" })).rejects.toThrow(expected);
    }
  });
});

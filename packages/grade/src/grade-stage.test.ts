import { describe, expect, it } from "vitest";
import { gradeStage } from "./grade-stage.js";
import { loadRubric } from "./rubric/load-rubric.js";
import { gradesOf, recordCrawlCoverage } from "@touming/store";
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
    // The window: 2019 to 2024, the report's year graded and five years without a report. The
    // agency was never crawled, so those five cannot be verified: no grade, not counted as letters.
    expect(summary).toEqual({ graded: 6, missing: 5, notFound: 0, unverifiable: 5, changed: 6, gradeF: 1 });
    expect(Object.values(summary).every((v) => typeof v === "number")).toBe(true);
    expect(details).toEqual({
      graded: 6,
      missing: 5,
      notFound: 0,
      unverifiable: 5,
      changed: 6,
      byLetter: { F: 1 },
    });
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
    expect(summary).toEqual({ graded: 0, missing: 0, notFound: 0, unverifiable: 0, changed: 0 });
    expect(
      await store.db.selectFrom("grades").selectAll().where("agency_id", "=", AGENCY.id).execute(),
    ).toEqual([]);
  });

  it("reads the crawls' coverage: 未发现 after a complete crawl past the deadline, 无法核实 when the crawl was blocked", async () => {
    const store = await newStore();
    await saveReport(store, "2025-01-20");
    const at = (iso: string) => () => new Date(iso);
    const coverage = (complete: boolean, reasons: { url: string; kind: string; detail: string }[]) => [
      { agencyId: AGENCY.id, complete, reasons },
    ];
    // A complete crawl after the 2022 deadline (2023-01-31); a blocked one after the 2023 deadline.
    await recordCrawlCoverage(store.db, coverage(true, []), at("2023-03-01T02:00:00Z"));
    const blocked = { url: "http://mz.example.gov.cn/ndbg/", kind: "blocked", detail: "瑞数 (HTTP 412)" };
    await recordCrawlCoverage(store.db, coverage(false, [blocked]), at("2024-03-01T02:00:00Z"));
    const { ctx } = gradeContext(store);
    await gradeStage.run(ctx, { rubric });
    const total = async (year: number) =>
      (await gradesOf(store.db, { agencyId: AGENCY.id, year })).find((g) => g.dimension === "total")!;
    expect(await total(2022)).toMatchObject({
      points: 0,
      reason: "未发现年度报告：2023-03-01完整检查了年度报告栏目，未见该年度报告",
      evidence: expect.objectContaining({ state: "not_found", letter: "F" }),
    });
    expect(await total(2023)).toMatchObject({
      reason: "无法核实：机关网站启用了访问验证（反爬虫），监测程序无法读取栏目页面",
      evidence: expect.objectContaining({
        state: "unverifiable",
        letter: "—",
        resolve: "请对监测程序放行，或提供可直接访问的年度报告栏目地址",
      }),
    });
  });
});

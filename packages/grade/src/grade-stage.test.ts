import { describe, expect, it } from "vitest";
import { gradeStage, yearsToGrade } from "./grade-stage.js";
import { loadRubric } from "./rubric/load-rubric.js";
import {
  type Agency,
  type Store,
  gradesOf,
  recordCrawlCoverage,
  saveExtraction,
  upsertAgencies,
} from "@touming/store";
import { useTempStore } from "@touming/testing";
import { AGENCY, gradeContext, saveReport } from "./testing/agency-report.js";

const rubric = loadRubric();
const newStore = useTempStore({ agencies: [AGENCY] });

/** A report of AGENCY for `year`, published on 20 January of the next year. */
const saveReportOf = (store: Store, year: number) =>
  saveExtraction(store.db, {
    documentId: null,
    agencyId: AGENCY.id,
    year,
    publishDate: `${year + 1}-01-20`,
    publishDateSource: "metadata",
    format: "2021",
    text: "一、总体情况\n本机关认真贯彻落实条例。",
    values: [],
    sections: [{ key: "overview", title: "一、总体情况", text: "一、总体情况\n本机关认真贯彻落实条例。" }],
    checks: [],
    extractorVersion: "1",
  });

/** The years AGENCY has grade rows for, each once, ascending. */
const storedYears = async (store: Store) =>
  [...new Set((await gradesOf(store.db, { agencyId: AGENCY.id })).map((g) => g.year))].sort();

/** Re-imports AGENCY with this monitoring window, as a registry import would. */
const setWindow = (store: Store, window: Pick<Agency, "monitorFrom" | "monitorUntil">) =>
  upsertAgencies(store.db, [{ ...AGENCY, ...window }]);

describe("gradeStage", () => {
  it("returns a flat summary (letters as gradeX) and the counts its command prints", async () => {
    const store = await newStore();
    await saveReport(store, "2025-01-20");
    const { ctx, progress } = gradeContext(store);
    const { summary, details } = await gradeStage.run(ctx, { rubric });
    // The window: 2019 to 2024, the report's year graded and five years without a report. The
    // agency was never crawled, so those five cannot be verified: no grade, not counted as letters.
    expect(summary).toEqual({
      graded: 6,
      missing: 5,
      notFound: 0,
      unverifiable: 5,
      changed: 6,
      withdrawn: 0,
      gradeF: 1,
    });
    expect(Object.values(summary).every((v) => typeof v === "number")).toBe(true);
    expect(details).toEqual({
      graded: 6,
      missing: 5,
      notFound: 0,
      unverifiable: 5,
      changed: 6,
      withdrawn: 0,
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
    expect(summary).toEqual({
      graded: 0,
      missing: 0,
      notFound: 0,
      unverifiable: 0,
      changed: 0,
      withdrawn: 0,
    });
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

  it("grades no year before the agency's monitorFrom, not even one with a report (未纳入监测: no card)", async () => {
    const store = await newStore();
    await setWindow(store, { monitorFrom: 2022, monitorUntil: null });
    await saveReportOf(store, 2020);
    await saveReportOf(store, 2024);
    const { summary } = await gradeStage.run(gradeContext(store).ctx, { rubric });
    // The stage's window is 2019–2024; the agency's starts in 2022.
    expect(await storedYears(store)).toEqual([2022, 2023, 2024]);
    expect(await gradesOf(store.db, { agencyId: AGENCY.id, year: 2020 })).toEqual([]);
    expect(summary).toMatchObject({ graded: 3, missing: 2, changed: 3, withdrawn: 0 });
    // Asked for a year outside the window: nothing is graded.
    const only2020 = await gradeStage.run(gradeContext(store).ctx, { rubric, year: 2020 });
    expect(only2020.summary).toMatchObject({ graded: 0, changed: 0, withdrawn: 0 });
    expect(await storedYears(store)).toEqual([2022, 2023, 2024]);
  });

  it("withdraws the stored grades of years the agency's window no longer holds, and only those", async () => {
    const store = await newStore();
    await saveReportOf(store, 2020);
    await saveReportOf(store, 2024);
    await gradeStage.run(gradeContext(store).ctx, { rubric });
    expect(await storedYears(store)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    const before2022 = await gradesOf(store.db, { agencyId: AGENCY.id, year: 2022 });

    // The registry narrows the window to 2021–2023; a run for 2020 alone withdraws 2020 only.
    await setWindow(store, { monitorFrom: 2021, monitorUntil: 2023 });
    const one = await gradeStage.run(gradeContext(store).ctx, { rubric, year: 2020 });
    expect(one.summary).toMatchObject({ graded: 0, changed: 0, withdrawn: 1 });
    expect(await storedYears(store)).toEqual([2019, 2021, 2022, 2023, 2024]);

    // A full run withdraws the rest outside the window (2024 too, though its report is stored), and
    // leaves the grades inside it as they were.
    const all = await gradeStage.run(gradeContext(store).ctx, { rubric });
    expect(all.summary).toMatchObject({ graded: 3, changed: 0, withdrawn: 2 });
    expect(await storedYears(store)).toEqual([2021, 2022, 2023]);
    expect(await gradesOf(store.db, { agencyId: AGENCY.id, year: 2022 })).toEqual(before2022);

    // Nothing is left to withdraw the next time; widening the window grades the years again.
    const again = await gradeStage.run(gradeContext(store).ctx, { rubric });
    expect(again.summary).toMatchObject({ graded: 3, changed: 0, withdrawn: 0 });
    await setWindow(store, { monitorFrom: null, monitorUntil: null });
    const widened = await gradeStage.run(gradeContext(store).ctx, { rubric });
    expect(widened.summary).toMatchObject({ graded: 6, changed: 3, withdrawn: 0 });
    expect(await storedYears(store)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
  });
});

describe("yearsToGrade", () => {
  const today = "2025-06-01";
  const agency = (window: Partial<Pick<Agency, "monitorFrom" | "monitorUntil">> = {}): Agency => ({
    ...AGENCY,
    monitorFrom: null,
    monitorUntil: null,
    ...window,
  });

  it.each<[string, Partial<Pick<Agency, "monitorFrom" | "monitorUntil">>, number[]]>([
    [
      "no window: the stage's six years and the older report year",
      {},
      [2017, 2019, 2020, 2021, 2022, 2023, 2024],
    ],
    ["monitorFrom 2022", { monitorFrom: 2022 }, [2022, 2023, 2024]],
    ["monitorUntil 2020", { monitorUntil: 2020 }, [2017, 2019, 2020]],
    ["2018 to 2021", { monitorFrom: 2018, monitorUntil: 2021 }, [2019, 2020, 2021]],
    ["one year", { monitorFrom: 2023, monitorUntil: 2023 }, [2023]],
    ["a window past every report year", { monitorFrom: 2030 }, []],
  ])("%s", (_case, window, years) => {
    expect(yearsToGrade([2017, 2024], [2017, 2024], agency(window), {}, today)).toEqual(years);
  });

  it("keeps the stage's own window and the year asked for inside the agency's", () => {
    expect(yearsToGrade([2024], [], agency({ monitorFrom: 2015 }), { windowYears: 2 }, today)).toEqual([
      2022, 2023, 2024,
    ]);
    expect(yearsToGrade([2024], [], agency({ monitorFrom: 2023 }), { year: 2022 }, today)).toEqual([]);
    expect(yearsToGrade([2024], [], agency({ monitorFrom: 2023 }), { year: 2023 }, today)).toEqual([2023]);
  });
});

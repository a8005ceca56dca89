import { type Rubric, gradeStage } from "@touming/grade";
import {
  type Clock,
  type Store,
  recordCrawlCoverage,
  recordDocumentContent,
  saveExtraction,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { testAgency, testStageContext } from "@touming/testing";
import { APPLICATION_COLUMNS } from "@touming/vocabulary";

/** An agency name and a report text that would run script if anything were not escaped. */
export const XSS_NAME = `某局<script>window.__xss=1</script>`;
export const XSS_TEXT = `一、总体情况\n2024年，本局推进公开。<img src=x onerror="window.__xss=2">`;
/** The time the test stores are graded at. */
export const clock = () => new Date("2025-06-01T00:00:00Z");
/** A stage context at that time, outside a logged run. */
export const stageContext = (store: Store) => testStageContext(store, { clock }).ctx;
/** Grades the store by the rubric at a time (the test stores' time by default): what the grade stage details. */
export const gradeStore = async (store: Store, rubric: Rubric, at: Clock = clock) =>
  (await gradeStage.run(testStageContext(store, { clock: at }).ctx, { rubric })).details;

function values(carriedForwardNatural: number) {
  const v: { key: string; value: number | null; raw: string; excerpt: string }[] = [];
  const add = (key: string, value: number) => v.push({ key, value, raw: String(value), excerpt: key });
  for (const col of APPLICATION_COLUMNS) {
    const n = col === "natural_person" ? 40 : col === "total" ? 40 : 0;
    add(`apply.new_received.${col}`, n);
    add(`apply.carried_over.${col}`, 0);
    add(`apply.granted.${col}`, n);
    add(`apply.handled_total.${col}`, n);
    add(`apply.carried_forward.${col}`, col === "natural_person" ? carriedForwardNatural : 0);
  }
  return v;
}

/** An agency of the test city (region 990100), its site at `siteUrl`. */
const cityAgency = (id: string, name: string, siteUrl: string, parentId: string | null = "city") =>
  testAgency({
    id,
    name,
    regionCode: "990100",
    level: parentId ? "department" : "city",
    parentId,
    siteUrl,
    listUrls: [],
  });

/** Three agencies (one named with markup), three reports (one failing a check) and their sources. */
export async function seedStore(store: Store): Promise<void> {
  await upsertAgencies(store.db, [
    cityAgency("city", "示例市人民政府", "http://city.example.gov.cn/", null),
    cityAgency("bad", XSS_NAME, "http://bad.example.gov.cn/"),
    cityAgency("quiet", "示例市统计局", "http://tj.example.gov.cn/"),
  ]);
  // Every agency's columns were read whole after the 2024 deadlines: a year without a report is 未发现.
  await recordCrawlCoverage(
    store.db,
    ["city", "bad", "quiet"].map((agencyId) => ({ agencyId, complete: true, reasons: [] })),
    () => new Date("2025-04-15T02:00:00Z"),
  );
  for (const [agencyId, year, cf] of [
    ["bad", 2023, 0],
    ["bad", 2024, 3],
    ["city", 2024, 0],
  ] as const) {
    const { id } = await upsertDocument(store.db, {
      agencyId,
      url: `http://${agencyId}.example.gov.cn/ndbg/${year}.html`,
      kind: "article",
    });
    const { sha256 } = await store.blobs.put(Buffer.from(`<html>${agencyId} ${year}</html>`));
    await recordDocumentContent(store.db, id, { sha256, contentType: "text/html" });
    await saveExtraction(store.db, {
      documentId: id,
      agencyId,
      year,
      title: `${agencyId === "city" ? "示例市人民政府" : agencyId} ${year}年政府信息公开工作年度报告`,
      publishDate: `${year + 1}-01-20`,
      publishDateSource: "metadata",
      format: "2021",
      text: `${XSS_TEXT}${year}`,
      metadata: { sourceKind: "html" },
      values: values(cf),
      sections: [{ key: "overview", title: "一、总体情况", text: XSS_TEXT }],
      checks:
        cf === 0
          ? [{ key: "T3-A:natural_person", severity: "hard", status: "pass", left: "x", right: "x" }]
          : [
              {
                key: "T3-A:natural_person",
                severity: "hard",
                status: "fail",
                left: "new_received + carried_over = 40 + 0 = 40",
                right: "handled_total + carried_forward = 40 + 3 = 43",
                message: "T3-A fails for natural_person: 40 ≠ 43",
              },
            ],
      extractorVersion: "1",
    });
  }
}

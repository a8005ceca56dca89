import { readFileSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import {
  type Store,
  listPublications,
  recordCrawlCoverage,
  recordDocumentContent,
  saveExtraction,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { testAgency, useTempDirs, useTempStore } from "@touming/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { publishStage } from "../publish-stage.js";
import { XSS_NAME, gradeStore, stageContext } from "../testing/seed-store.js";
import { jsonRecords } from "../testing/open-data.js";

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });

/** The cleaned page image extraction read table 三 from (any bytes do: the store keeps them). */
const PAGE = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
/** A page whose digest is markup, as a damaged or hostile metadata could hold: never linked. */
const HOSTILE = `"><script>window.__xss=3</script>`;

let store: Store;
let out: string;
let image: string;

/** A scanned 2024 report read by OCR: table 三's 总计 column, one cell unread, one failure for human check. */
async function seedScan(): Promise<void> {
  await upsertAgencies(store.db, [
    testAgency({
      id: "scan",
      name: XSS_NAME,
      level: "department",
      siteUrl: "http://scan.example.gov.cn/",
      listUrls: [],
    }),
  ]);
  await recordCrawlCoverage(
    store.db,
    [{ agencyId: "scan", complete: true, reasons: [] }],
    () => new Date("2025-04-15T02:00:00Z"),
  );
  const { id } = await upsertDocument(store.db, {
    agencyId: "scan",
    url: "http://scan.example.gov.cn/ndbg/2024.pdf",
    kind: "file",
  });
  const { sha256 } = await store.blobs.put(Buffer.from("%PDF-1.4 scan"));
  await recordDocumentContent(store.db, id, { sha256, contentType: "application/pdf" });
  image = (await store.blobs.put(PAGE)).sha256;
  const read = (confidence: number, level: "high" | "low" | "unreadable") => ({
    page: 2,
    ocr: { confidence, level, box: [10, 20, 30, 12] as [number, number, number, number] },
  });
  await saveExtraction(store.db, {
    documentId: id,
    agencyId: "scan",
    year: 2024,
    title: "某局2024年政府信息公开工作年度报告",
    publishDate: "2025-01-20",
    publishDateSource: "metadata",
    format: "2021",
    text: "一、总体情况",
    metadata: {
      sourceKind: "pdf",
      scanned: true,
      ocr: {
        engine: "tesseract 5.3.0 chi_sim",
        pages: [
          {
            page: 2,
            dpi: 150,
            width: 1240,
            height: 1754,
            skewDegrees: 0.4,
            meanConfidence: 0.9,
            words: 300,
            imageSha256: image,
          },
          {
            page: 3,
            dpi: 150,
            width: 1240,
            height: 1754,
            skewDegrees: 0,
            meanConfidence: 0.9,
            words: 3,
            imageSha256: HOSTILE,
          },
        ],
      },
    },
    values: [
      { key: "apply.new_received.total", value: 40, raw: "40", cell: "三:R4C9", ...read(0.934, "high") },
      { key: "apply.carried_over.total", value: 0, raw: "0", cell: "三:R5C9", ...read(0.96, "high") },
      { key: "apply.handled_total.total", value: 38, raw: "38", cell: "三:R21C9", ...read(0.51, "low") },
      {
        key: "apply.carried_forward.total",
        value: null,
        raw: "",
        cell: "三:R22C9",
        ...read(0.1, "unreadable"),
      },
    ],
    sections: [],
    checks: [
      {
        key: "T3-A:total",
        severity: "hard",
        status: "fail",
        left: "new_received + carried_over = 40 + 0 = 40",
        right: "handled_total + carried_forward = 38 + 空 = 38",
        message: "T3-A fails for total",
        ocrReview: true,
      },
    ],
    extractorVersion: "1",
  });
}

beforeAll(async () => {
  store = await newStore();
  await seedScan();
  await gradeStore(store, rubric);
  out = path.join(tempDir(), "out");
  await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn: "2025-06-01", pdf: false });
}, 120_000);

describe("a card of a report read from a scan", () => {
  it("publishes each page image once under its hash, and records it", async () => {
    expect(readFileSync(path.join(out, `scans/${image}.jpg`))).toEqual(PAGE);
    const scans = (await listPublications(store.db)).filter((p) => p.kind === "scan");
    expect(scans.map((p) => [p.path, p.sha256, p.agency_id, p.year])).toEqual([
      [`scans/${image}.jpg`, image, "scan", 2024],
    ]);
    const again = await publishStage.run(stageContext(store), {
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      pdf: false,
    });
    expect(again.summary.written).toBe(0);
  });

  it("says in its summary the report is a scan read by OCR, links the page images and names the cells not read", () => {
    const card = readFileSync(path.join(out, "cards/scan/2024.html"), "utf8");
    expect(card).toContain(
      "本报告为扫描件（图像），没有可用的文字层，其文字和数字系据扫描件识别读取；本页所列据此读取的数字均注明“据扫描件识别”及识别置信度，并可查看识别所用的页面图像。共识别数字4个，其中1个未能确认（仅供参考），1个未能识别（标为“未核实”，不视为机关未公开或填报错误）。",
    );
    expect(card).toContain(`识别所用的页面图像：<a href="../../scans/${image}.jpg">第2页</a></p>`);
    expect(card).toContain("未能识别、标为未核实的单元格：表三「四、结转下年度继续办理」行、「总计」列</p>");
  });

  it("marks each figure 据扫描件识别 with its confidence and a link to its page; low confidence said so", () => {
    const card = readFileSync(path.join(out, "cards/scan/2024.html"), "utf8");
    expect(card).toContain(
      `<div class="muted ocr-high">据扫描件识别，识别置信度 93%（<a href="../../scans/${image}.jpg">查看扫描页面</a>）</div>`,
    );
    expect(card).toContain("据扫描件识别，未能确认（识别置信度 51%），仅供参考");
  });

  it("lists the failure on unsure figures as a 提示 for human check, not a problem: no points lost, no cap", () => {
    const card = readFileSync(path.join(out, "cards/scan/2024.html"), "utf8");
    // The fixture has no sections: those are its only problems.
    expect(card.match(/<ol class="findings">.*<\/ol>/)?.[0]).not.toContain("表三");
    expect(card).toContain(
      "表三「总计」列“本年新收加上年结转等于办理结果合计加结转下年”按据扫描件识别的数字不成立，但所涉数字未能全部确认（未能确认或未能识别），需人工核对原件，不视为机关的差错（提示）",
    );
    expect(card).not.toContain("封顶");
    expect(card).toContain(
      "<td>勾稽关系无法核实：1项所涉数字据扫描件识别且未能全部确认，需人工核对，本项不评分，不视为机关的问题</td>",
    );
    expect(card).toContain(
      "勾稽关系无法核实：1项所涉数字据扫描件识别且未能全部确认，列为提示，需人工核对，不视为机关的差错",
    );
  });

  it("escapes what it prints and never links a page whose image digest is not one", () => {
    const card = readFileSync(path.join(out, "cards/scan/2024.html"), "utf8");
    expect(card).not.toContain("<script>window.__xss");
    expect(card).toContain("<h1>某局&lt;script&gt;window.__xss&#x3D;1&lt;/script&gt; 2024年");
    expect(card).not.toContain("第3页");
    expect(card).not.toContain("__xss=3");
  });

  it("gives each value's OCR level and confidence in the open data, and each check's ocr_review", () => {
    const values = jsonRecords(out, "values").filter((v) => v.agency_id === "scan");
    expect(values.map((v) => [v.key, v.page, v.ocr_level, v.ocr_confidence])).toEqual([
      ["apply.carried_forward.total", 2, "unreadable", 0.1],
      ["apply.carried_over.total", 2, "high", 0.96],
      ["apply.handled_total.total", 2, "low", 0.51],
      ["apply.new_received.total", 2, "high", 0.934],
    ]);
    const checks = jsonRecords(out, "checks").filter((c) => c.agency_id === "scan");
    expect(checks.map((c) => [c.check, c.ocr_review])).toEqual([["T3-A:total", 1]]);
  });
});

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  APPLICATION_COLUMNS,
  NOT_PROCESSED_ROWS,
  OTHER_HANDLING_ROWS,
  PROSE_FIGURE_DESCRIPTIONS,
  REVIEW_GROUPS,
  REVIEW_OUTCOMES,
  UNABLE_ROWS,
  WITHHELD_ROWS,
  describeCell,
  formLabel,
  formLabelKeys,
  tableOfKey,
  type FormLabel,
} from "./index.js";

const FORMS = ["2019", "2021"] as const;

/** Every printed text of a label: the table title, each heading, the row and the column. */
const textsOf = (label: FormLabel): string[] => [
  label.tableTitle,
  ...label.rowGroups,
  ...(label.rowLabel === null ? [] : [label.rowLabel]),
  ...label.columnGroups,
  label.columnLabel,
];

describe("every canonical cell has the form's labels", () => {
  // Built from value-keys.ts's lists, so a row or column added there without a label fails here.
  const grouped = (group: string, rows: readonly string[]) => rows.map((r) => `${group}.${r}`);
  const rowsIn = (format: "2019" | "2021") => [
    ...grouped("withheld", WITHHELD_ROWS),
    ...grouped("unable", UNABLE_ROWS),
    ...grouped("not_processed", NOT_PROCESSED_ROWS),
    ...(format === "2021" ? grouped("other_handling", OTHER_HANDLING_ROWS) : ["other_handling.total"]),
  ];

  it.each(FORMS)("table 三, %s: every row of value-keys.ts under every column", (format) => {
    for (const row of rowsIn(format))
      for (const column of APPLICATION_COLUMNS)
        expect(formLabel(`apply.${row}.${column}`, format), `apply.${row}.${column}`).not.toBeNull();
  });

  it.each(FORMS)("table 四, %s: every group and outcome of value-keys.ts", (format) => {
    for (const group of REVIEW_GROUPS)
      for (const outcome of REVIEW_OUTCOMES)
        expect(formLabel(`${group}.${outcome}`, format), `${group}.${outcome}`).not.toBeNull();
  });

  it("other_handling is one row in 2019 and three in 2021", () => {
    expect(formLabel("apply.other_handling.total.total", "2019")?.rowLabel).toBe("（六）其他处理");
    expect(formLabel("apply.other_handling.total.total", "2021")).toBeNull();
    expect(formLabel("apply.other_handling.misc.total", "2019")).toBeNull();
    expect(formLabel("apply.other_handling.misc.total", "2021")?.rowGroups).toEqual([
      "三、本年度办理结果",
      "（六）其他处理",
    ]);
  });

  it("table 二 differs between the forms", () => {
    expect(formLabel("proactive.rules.issued", "2019")).toBeNull();
    expect(formLabel("proactive.rules.made", "2021")).toBeNull();
    expect(formLabel("proactive.procurement.amount_yuan", "2019")?.columnLabel).toBe("采购总金额");
  });

  // Table 三 prints 26 (2019) or 28 (2021) rows, but the group headings （三）–（五）, and （六） in 2021,
  // carry no numbers: 23 or 25 rows of cells.
  it.each(FORMS)(
    "%s: 22 or 10 cells in table 二, 23 or 25 rows of 7 in table 三, 15 in table 四",
    (format) => {
      const count = (table: string) => formLabelKeys(format).filter((k) => tableOfKey(k) === table).length;
      expect([count("二"), count("三"), count("四")]).toEqual(
        format === "2019" ? [22, 23 * 7, 15] : [10, 25 * 7, 15],
      );
    },
  );

  it.each(FORMS)("%s: each label names the table its key belongs to", (format) => {
    for (const key of formLabelKeys(format)) expect(formLabel(key, format)?.table, key).toBe(tableOfKey(key));
  });

  it("legacy reports have no form", () => {
    expect(formLabelKeys("legacy")).toEqual([]);
    expect(formLabel("apply.granted.total", "legacy")).toBeNull();
    expect(describeCell("apply.granted.total", "legacy")).toBeNull();
  });
});

describe("labels are the printed Chinese", () => {
  // The only ASCII the forms print in a label: the sub-row numbering of table 三 ("1.属于国家秘密")
  // and the slash of 2019's 本年增/减.
  const PRINTED_ASCII = /^[1-8]\./;

  it.each(FORMS)("%s: no Latin letters, and ASCII digits only in table 三's sub-row numbers", (format) => {
    for (const key of formLabelKeys(format)) {
      const label = formLabel(key, format)!;
      for (const text of textsOf(label)) expect(text, key).not.toMatch(/[A-Za-z]/);
      for (const text of textsOf(label).filter((t) => t !== label.rowLabel))
        expect(text, key).not.toMatch(/[0-9]/);
      if (label.rowLabel !== null)
        expect(label.rowLabel.replace(PRINTED_ASCII, ""), key).not.toMatch(/[0-9]/);
    }
  });

  it("prose figure descriptions are plain Chinese", () => {
    for (const text of Object.values(PROSE_FIGURE_DESCRIPTIONS)) expect(text).not.toMatch(/[A-Za-z0-9]/);
  });
});

describe("describeCell", () => {
  it.each([
    [
      "apply.granted.natural_person",
      "2021",
      "表三「三、本年度办理结果」下「（一）予以公开」行、「自然人」列",
    ],
    ["apply.new_received.total", "2019", "表三「一、本年新收政府信息公开申请数量」行、「总计」列"],
    [
      "apply.carried_forward.legal_service",
      "2021",
      "表三「四、结转下年度继续办理」行、「法人或其他组织」下「法律服务机构」列",
    ],
    [
      "apply.withheld.state_secret.commercial",
      "2021",
      "表三「三、本年度办理结果」「（三）不予公开」下「1.属于国家秘密」行、「法人或其他组织」下「商业企业」列",
    ],
    [
      "apply.withheld.security_stability.total",
      "2019",
      "表三「三、本年度办理结果」「（三）不予公开」下「3.危及“三安全一稳定”」行、「总计」列",
    ],
    [
      "apply.partially_granted.other_org",
      "2019",
      "表三「三、本年度办理结果」下「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」行、「法人或其他组织」下「其他」列",
    ],
    [
      "apply.unable.not_held.research",
      "2021",
      "表三「三、本年度办理结果」「（四）无法提供」下「1.本机关不掌握相关政府信息」行、「法人或其他组织」下「科研机构」列",
    ],
    [
      "apply.other_handling.fee_unpaid.natural_person",
      "2021",
      "表三「三、本年度办理结果」「（六）其他处理」下「2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」行、「自然人」列",
    ],
    [
      "apply.other_handling.total.social_org",
      "2019",
      "表三「三、本年度办理结果」下「（六）其他处理」行、「法人或其他组织」下「社会公益组织」列",
    ],
    ["apply.handled_total.total", "2021", "表三「三、本年度办理结果」下「（七）总计」行、「总计」列"],
    [
      "proactive.normative_docs.in_force",
      "2021",
      "表二「第二十条第（一）项」下「行政规范性文件」行、「现行有效件数」列",
    ],
    [
      "proactive.normative_docs.made",
      "2019",
      "表二「第二十条第（一）项」下「规范性文件」行、「本年新制作数量」列",
    ],
    [
      "proactive.fees.amount_10k_yuan",
      "2021",
      "表二「第二十条第（八）项」下「行政事业性收费」行、「本年收费金额（单位：万元）」列",
    ],
    [
      "proactive.other_services.change",
      "2019",
      "表二「第二十条第（五）项」下「其他对外管理服务事项」行、「本年增/减」列",
    ],
    [
      "proactive.procurement.projects",
      "2019",
      "表二「第二十条第（九）项」下「政府集中采购」行、「采购项目数量」列",
    ],
    ["review.corrected", "2021", "表四「行政复议」下「结果纠正」列"],
    ["litigation_direct.pending", "2019", "表四「行政诉讼」「未经复议直接起诉」下「尚未审结」列"],
    ["litigation_after_review.total", "2021", "表四「行政诉讼」「复议后起诉」下「总计」列"],
    ["text.applications_received", "legacy", "正文所述收到政府信息公开申请件数"],
    ["text.fees_yuan", "2021", "正文所述收取费用金额（元）"],
  ] as const)("%s (%s) → %s", (key, format, phrase) => {
    expect(describeCell(key, format)).toBe(phrase);
  });

  it.each([
    ["proactive.rules.issued", "2019"],
    ["apply.granted.subtotal", "2021"],
    ["text.unknown_figure", "legacy"],
    ["text.constructor", "2021"],
    ["applications", "2021"],
  ] as const)("%s has no cell in %s", (key, format) => {
    expect(describeCell(key, format)).toBeNull();
  });
});

// The shared corpus sits next to the repository (../shared/corpus), as bench/extract-accuracy.mjs
// finds it; a clone without it skips these checks.
const corpusDir = fileURLToPath(new URL("../../../../shared/corpus/", import.meta.url));

/** Whitespace gone and full-width punctuation folded (（ → (, ， → ,), so 「1. 属于国家秘密」 matches. */
const normalise = (text: string): string => text.normalize("NFKC").replace(/\s+/g, "");

function reportText(file: string): string {
  const raw = readFileSync(`${corpusDir}documents/${file}`, "utf8");
  if (!file.endsWith(".html")) return raw;
  return raw
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&ldquo;/g, "“")
    .replace(/&rdquo;/g, "”")
    .replace(/&amp;/g, "&");
}

interface Expected {
  format: string | null;
  is_report?: boolean;
  values?: Record<string, unknown>;
}

// The describe body runs even when skipped: the corpus is read only by the tests themselves.
describe.skipIf(!existsSync(`${corpusDir}expected`))(
  "the labels are those of real reports (../shared/corpus)",
  () => {
    let read: (Expected & { file: string })[] | undefined;
    const expectedFiles = () =>
      (read ??= readdirSync(`${corpusDir}expected`)
        .filter((f) => f.endsWith(".json"))
        .map((f) => ({
          file: f,
          ...(JSON.parse(readFileSync(`${corpusDir}expected/${f}`, "utf8")) as Expected),
        })));
    const reportsOf = (format: string) =>
      expectedFiles()
        .filter((e) => e.format === format && e.is_report !== false)
        .map((e) => e.file.replace(/\.json$/, ""))
        .filter((doc) => existsSync(`${corpusDir}documents/${doc}`) && !doc.endsWith(".pdf"));

    it.each(FORMS)("%s: at least one readable report of the format", (format) => {
      expect(reportsOf(format).length).toBeGreaterThan(0);
    });

    it.each(FORMS)("%s: every printed label occurs in a real report of the format", (format) => {
      const texts = reportsOf(format).map((doc) => normalise(reportText(doc)));
      const labels = new Set(formLabelKeys(format).flatMap((k) => textsOf(formLabel(k, format)!)));
      const missing = [...labels].filter((label) => !texts.some((t) => t.includes(normalise(label))));
      expect(missing).toEqual([]);
    });

    it.each(FORMS)("%s: the cells an expected-values file lists are exactly the form's cells", (format) => {
      const files = expectedFiles().filter((e) => e.format === format && e.values);
      expect(files.length).toBeGreaterThan(0);
      for (const e of files) {
        const cells = Object.keys(e.values!).filter((k) => tableOfKey(k) !== null);
        expect(new Set(cells), e.file).toEqual(new Set(formLabelKeys(format)));
      }
    });
  },
);

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gradesOf, openStore, recordCrawlCoverage, reviewsOf, saveExtraction } from "@touming/store";
import { describe, expect, it } from "vitest";
import { useCli } from "../testing/in-process-cli.js";

const { dir, run } = useCli();

const registry = `agencies:
  - { id: mz, name: 某县民政局, regionCode: "320800", level: department, siteUrl: "http://mz.example.gov.cn/" }
  - { id: county, name: 某县人民政府, regionCode: "320800", level: county, siteUrl: "http://www.example.gov.cn/" }
`;

/** A store with the registry and a 2024 report of `mz`, late and failing T4-A, graded. */
async function gradedStore(): Promise<string> {
  const d = dir();
  const file = path.join(d, "agencies.yaml");
  writeFileSync(file, registry);
  expect((await run(d, ["agencies", "import", file])).code).toBe(0);
  const store = await openStore({ dataDir: d });
  const review = [
    ["review.upheld", 1],
    ["review.corrected", 1],
    ["review.other", 1],
    ["review.pending", 0],
    ["review.total", 4],
  ] as const;
  await saveExtraction(store.db, {
    documentId: null,
    agencyId: "mz",
    year: 2024,
    publishDate: "2025-03-10",
    publishDateSource: "metadata",
    format: "2021",
    text: "一、总体情况\n本机关认真贯彻落实条例。",
    values: review.map(([key, value]) => ({ key, value, raw: String(value) })),
    sections: [{ key: "overview", title: "一、总体情况", text: "一、总体情况\n本机关认真贯彻落实条例。" }],
    checks: [
      {
        key: "T4-A:review",
        severity: "hard",
        status: "fail",
        left: "total = 4",
        right: "upheld + corrected + other + pending = 1 + 1 + 1 + 0 = 3",
      },
    ],
    extractorVersion: "1",
  });
  await recordCrawlCoverage(
    store.db,
    [{ agencyId: "mz", complete: true, reasons: [] }],
    () => new Date("2025-04-15T00:00:00Z"),
  );
  await store.close();
  expect((await run(d, ["grade", "--year", "2024"])).code).toBe(0);
  return d;
}

const total = async (d: string) => {
  const store = await openStore({ dataDir: d });
  try {
    return (await gradesOf(store.db, { agencyId: "mz", year: 2024 })).find((g) => g.dimension === "total")!;
  } finally {
    await store.close();
  }
};

const storedReviews = async (d: string) => {
  const store = await openStore({ dataDir: d });
  try {
    return await reviewsOf(store.db);
  } finally {
    await store.close();
  }
};

describe("touming review", () => {
  it("lists findings 待复核, dismisses one and corrects a date; the next grade takes them in", async () => {
    const d = await gradedStore();
    const list = await run(d, ["review", "list", "--agency", "mz"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^agency\s+year\s+finding\s+state\s+summary\s+review$/m);
    expect(list.stdout).toMatch(
      /^mz\s+2024\s+check:T4-A:review\s+待复核\s+表四「行政复议」“复议诉讼各项结果之和等于总计”不成立$/m,
    );
    expect(list.stdout).toMatch(/^mz\s+2024\s+timeliness:late\s+待复核\s+逾期38天发布$/m);
    const before = await total(d);

    const dismissed = await run(d, [
      "review",
      "dismiss",
      "mz",
      "2024",
      "check:T4-A:review",
      "--by",
      "张三",
      "--reason",
      "原表印刷错误，已在网站更正",
    ]);
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toBe(
      "mz 2024 check:T4-A:review: 已撤销 (review #1); the grade takes it in at the next touming grade\n",
    );
    const corrected = await run(d, [
      "review",
      "correct",
      "mz",
      "2024",
      "--publish-date",
      "2025-01-20",
      "--evidence",
      "http://mz.example.gov.cn/ndbg/2025.html",
      "--by",
      "李四",
    ]);
    expect(corrected.code, corrected.stderr).toBe(0);

    const graded = await run(d, ["grade", "--year", "2024"]);
    expect(graded.stdout).toMatch(/1 changed/);
    const after = await total(d);
    expect(after.points).toBeGreaterThan(before.points);
    expect(after.evidence).toMatchObject({
      withoutReviews: { score: before.points },
      reviewEffects: [
        "撤销：表四「行政复议」“复议诉讼各项结果之和等于总计”不成立（复核意见：原表印刷错误，已在网站更正）",
        "更正发布日期为2025-01-20（依据：http://mz.example.gov.cn/ndbg/2025.html）",
      ],
    });

    const states = await run(d, ["review", "list", "--state", "已撤销", "--json"]);
    expect(JSON.parse(states.stdout)).toEqual([
      expect.objectContaining({
        agency: "mz",
        year: 2024,
        item: "check:T4-A:review",
        state: "dismissed",
        reviewer: "张三",
      }),
    ]);
    const fixed = await run(d, ["review", "list", "--state", "corrected", "--json"]);
    expect(JSON.parse(fixed.stdout)).toEqual([
      expect.objectContaining({
        item: "fact:publish_date",
        state: "corrected",
        summary: "2025-01-20 (http://mz.example.gov.cn/ndbg/2025.html)",
      }),
    ]);
    // Lateness is no finding any more: the corrected date is on time.
    expect((await run(d, ["review", "list"])).stdout).not.toContain("timeliness:late");

    const history = await run(d, ["review", "history"]);
    expect(history.stdout).toMatch(
      /^1\s+\S+\s+mz\s+2024\s+check:T4-A:review\s+dismiss\s+原表印刷错误，已在网站更正\s+张三\s+command$/m,
    );
    expect(history.stdout).toMatch(/2 reviews\n$/);

    // Withdrawn: 待复核 again, and the next grade charges it again.
    const withdrawn = await run(d, [
      "review",
      "withdraw",
      "mz",
      "2024",
      "check:T4-A:review",
      "--by",
      "张三",
      "--reason",
      "误操作",
    ]);
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    await run(d, ["grade", "--year", "2024"]);
    expect((await run(d, ["review", "list", "--state", "待复核", "--json"])).stdout).toContain(
      "check:T4-A:review",
    );
    expect((await total(d)).points).toBeLessThan(after.points);
  });

  it.each([
    [
      ["dismiss", "mz", "2024", "check:T4-A:review", "--by", "张三"],
      "--reason: expected why the finding is dismissed",
    ],
    [
      ["dismiss", "nobody", "2024", "check:T4-A:review", "--by", "张三", "--reason", "x"],
      'no agency "nobody" in the registry (touming agencies list shows them)',
    ],
    [
      ["confirm", "mz", "2023", "check:T4-A:review", "--by", "张三"],
      "mz 2023 has no grade yet: run touming grade first",
    ],
    [
      ["confirm", "mz", "2024", "check:T3-A:total", "--by", "张三"],
      /^mz 2024 has no finding check:T3-A:total \(its findings: timeliness:late, .*check:T4-A:review\)$/,
    ],
    [
      ["confirm", "mz", "2024", "late", "--by", "张三"],
      /^"late": expected a finding key: check:T3-A:total, timeliness:late/,
    ],
    [
      ["confirm", "mz", "24", "copied", "--by", "张三"],
      'expected a report year from 2008 to 2100, e.g. 2023, got "24"',
    ],
    [
      ["correct", "mz", "2024", "--publish-date", "2025-02-30", "--evidence", "http://a.b/", "--by", "张三"],
      '--publish-date: expected a date YYYY-MM-DD, e.g. 2025-01-20, got "2025-02-30"',
    ],
    [
      ["correct", "mz", "2024", "--publish-date", "2025-01-20", "--by", "张三"],
      "--evidence: expected the http(s) URL that shows the publish date",
    ],
    [
      ["correct", "mz", "2024", "--cell", "apply.nothing=3", "--source", "x", "--by", "张三"],
      /^--cell: expected KEY=VALUE/,
    ],
    [
      ["correct", "mz", "2024", "--cell", "review.total=three", "--source", "x", "--by", "张三"],
      '--cell: expected a number after =, e.g. 12, got "three"',
    ],
    [
      ["correct", "mz", "2024", "--cell", "review.total=3", "--by", "张三"],
      "--source: expected where the right figure is printed",
    ],
    [
      ["correct", "mz", "2024", "--by", "张三"],
      "expected one of --publish-date, --agency-of-report or --cell (one correction at a time)",
    ],
    [
      ["correct", "mz", "2024", "--agency-of-report", "nobody", "--by", "张三"],
      'the corrected value: expected an agency of the registry ("nobody" is not one)',
    ],
    [
      ["correct", "county", "2024", "--cell", "review.total=3", "--source", "x", "--by", "张三"],
      "year: expected a year with a report of county to correct (2024 has none)",
    ],
    [
      ["withdraw", "mz", "2024", "copied", "--by", "张三", "--reason", "x"],
      "mz 2024 copied: nothing to withdraw (no review of it in force)",
    ],
    [["list", "--state", "撤销"], '--state: expected 待复核, 已确认, 已撤销 or 已更正, got "撤销"'],
  ] as [string[], string | RegExp][])(
    "refuses %j with one line, exit 1, nothing recorded",
    async (args, message) => {
      const d = await gradedStore();
      const result = await run(d, ["review", ...args]);
      expect(result.code).toBe(1);
      const line = result.stderr.trimEnd().split("\n").at(-1)!;
      expect(line.startsWith("touming: ")).toBe(true);
      if (typeof message === "string") expect(line).toBe(`touming: ${message}`);
      else expect(line.slice("touming: ".length)).toMatch(message);
      expect(await storedReviews(d)).toEqual([]);
    },
  );

  it("refuses to review the findings of a grade made before its report was extracted again", async () => {
    const d = await gradedStore();
    const store = await openStore({ dataDir: d });
    const report = await store.db.selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    await store.db
      .updateTable("reports")
      .set({ updated_at: new Date(Date.now() + 60_000).toISOString() })
      .where("id", "=", report.id)
      .execute();
    await store.close();
    const result = await run(d, ["review", "confirm", "mz", "2024", "check:T4-A:review", "--by", "张三"]);
    expect([result.code, result.stderr.trimEnd().split("\n").at(-1)]).toEqual([
      1,
      "touming: the report of mz 2024 was extracted again after it was graded: run touming grade first, then review its findings",
    ]);
  });

  it("imports a reviews file once (twice adds nothing) and exports what import reads back", async () => {
    const d = await gradedStore();
    const file = path.join(d, "reviews.yaml");
    writeFileSync(
      file,
      `version: 1
reviews:
  - agency: mz
    year: 2024
    finding: "check:T4-A:review"
    action: confirm
    reason: 经核对台账，确有差错
    by: 张三
  - { agency: mz, year: 2024, fact: "cell:review.total", action: correct, value: 3, evidence: 机关台账, by: 李四 }
`,
    );
    const first = await run(d, ["review", "import", file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      `${file}: 2 reviews (2 added, 0 already recorded); the grade takes them in at the next touming grade\n`,
    );
    const again = await run(d, ["review", "import", file]);
    expect(again.stdout).toBe(
      `${file}: 2 reviews (0 added, 2 already recorded); the grade takes them in at the next touming grade\n`,
    );
    const stored = await storedReviews(d);
    expect(stored.map((r) => [r.action, r.source, r.fingerprint?.length])).toEqual([
      ["confirm", file, 16],
      ["correct", file, 16],
    ]);

    const exported = path.join(d, "export.yaml");
    expect((await run(d, ["review", "export", "--out", exported])).stdout).toBe(`${exported}: 2 reviews\n`);
    const text = readFileSync(exported, "utf8");
    expect(text).toContain("finding: check:T4-A:review");
    expect(text).toContain("fact: cell:review.total");
    expect((await run(d, ["review", "import", exported])).stdout).toContain("(0 added, 2 already recorded)");
    // Printed when no --out is given; JSON is read too.
    expect((await run(d, ["review", "export"])).stdout).toContain("version: 1");
    const json = path.join(d, "reviews.json");
    writeFileSync(
      json,
      JSON.stringify({
        reviews: [
          { agency: "mz", year: 2024, finding: "copied", action: "withdraw", reason: "无", by: "王五" },
        ],
      }),
    );
    expect((await run(d, ["review", "import", json])).stdout).toContain("(1 added, 0 already recorded)");

    await run(d, ["grade", "--year", "2024"]);
    // The corrected cell re-checked T4-A: it holds now, so the finding is gone.
    const findings = (await total(d)).evidence.findings as { key: string }[];
    expect(findings.map((f) => f.key)).not.toContain("check:T4-A:review");
  });

  it.each([
    ["", "the file is empty: expected a mapping with a reviews list"],
    ["reviews: {}\n", "reviews: expected a list of reviews"],
    ["reviews:\n\t- x\n", /^line 2, column 1: not valid YAML or JSON/],
    [
      "reviews:\n  - { agency: mz, year: 2024, finding: copied, action: dismiss, by: 张三 }\n",
      "reviews[0].reason: expected the reason a dismissal is made",
    ],
    [
      "reviews:\n  - { agency: mz, year: 2024, finding: copied, action: confirm, by: 张三, reson: x }\n",
      "reviews[0].reson: unknown field (check its spelling)",
    ],
    [
      "reviews:\n  - { agency: mz, year: 2024, fact: publish_date, action: correct, value: 2025-01-20, evidence: 网站, by: 张三 }\n",
      "reviews[0].evidence: expected the http(s) URL that shows the publish date",
    ],
    [
      "reviews:\n  - { agency: mz, year: 2024, finding: check:T4-A:review, action: correct, value: 3, by: 张三 }\n",
      "reviews[0].action: expected confirm, dismiss or withdraw for a finding (correct is for a fact)",
    ],
    [
      "reviews:\n  - { agency: nobody, year: 2024, finding: copied, action: confirm, by: 张三 }\n",
      'reviews[0].agency: expected an agency of the registry ("nobody" is not one)',
    ],
    [
      "reviews:\n  - { agency: mz, year: 2024, finding: copied, action: confirm, by: 张三 }\n  - { agency: mz, year: 2024, finding: check:T4-A:review, action: confirm, by: 张三 }\n",
      /^reviews\[0\]\.finding: expected a finding of the grade of mz 2024 \("copied" is not one; its findings: .*\)$/,
    ],
  ] as [string, string | RegExp][])(
    "refuses a reviews file %j as a whole: file: field: expected …",
    async (content, message) => {
      const d = await gradedStore();
      const file = path.join(d, "reviews.yaml");
      writeFileSync(file, content);
      const result = await run(d, ["review", "import", file]);
      expect(result.code).toBe(1);
      const line = result.stderr.trimEnd().split("\n").at(-1)!;
      const prefix = `touming: ${file}: `;
      expect(line.startsWith(prefix), line).toBe(true);
      const rest = line.slice(prefix.length);
      if (typeof message === "string") expect(rest).toBe(message);
      else expect(rest).toMatch(message);
      expect(await storedReviews(d)).toEqual([]);
    },
  );
});

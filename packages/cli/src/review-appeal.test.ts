import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  type Store,
  gradesOf,
  lastRunPerStage,
  openStore,
  reportsOfAgencies,
  reviewChangesSince,
} from "@touming/store";
import { fileHashes, visibleLatinWords } from "@touming/testing";
import { type ReportFormat, checkKey, runIdentityChecks } from "@touming/vocabulary";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { runDemoOnFreePorts, useCli } from "./testing/in-process-cli.js";

const { dir, run } = useCli();

/** What a reader sees of a page: tags as spaces, entities decoded, spaces around punctuation gone. */
const visible = (page: string) =>
  page
    .replace(/^[\s\S]*<body>/, "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .replace(/ ?([。，（）：；]) ?/g, "$1");

const withStore = async <T>(d: string, body: (store: Store) => Promise<T>): Promise<T> => {
  const store = await openStore({ dataDir: d });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
};

const grade = (d: string, agencyId: string, year: number, dimension: string) =>
  withStore(d, async (store) =>
    (await gradesOf(store.db, { agencyId, year })).find((g) => g.dimension === dimension)!,
  );

describe("review and appeal, end to end on the sample sites", () => {
  it("a finding dismissed and a date corrected by review change the grade; the card shows the review; a re-run changes nothing", async () => {
    const d = dir();
    const out = path.join(d, "out");
    const { first, args } = await runDemoOnFreePorts(run, d, out);
    expect(first.code, first.stderr.split("\n").slice(-3).join("\n")).toBe(0);

    // Before: one failed identity of table 四 (−5, capped at B 89); a report 41 days late (0 of 20).
    expect(await grade(d, "linjiang-rsj", 2022, "total")).toMatchObject({ points: 89, reason: "B 良好" });
    expect((await grade(d, "qinghe-jyj", 2024, "timeliness")).points).toBe(0);
    const lateBefore = (await grade(d, "qinghe-jyj", 2024, "total")).points;
    const listed = await run(d, ["review", "list", "--agency", "linjiang-rsj", "--year", "2022"]);
    expect(listed.stdout).toMatch(/^linjiang-rsj\s+2022\s+check:T4-A:review\s+待复核\s+表四「行政复议」/m);

    // Extraction stored the checks it computed; grading recomputes them from the stored (and any
    // corrected) cells: on every report of the sample world both must say the same.
    await withStore(d, async (store) => {
      const ids = (await store.db.selectFrom("agencies").select("id").execute()).map((a) => a.id);
      for (const [agencyId, years] of await reportsOfAgencies(store.db, ids))
        for (const [year, report] of years) {
          const format = (report.report.format ?? "legacy") as ReportFormat;
          const shared = runIdentityChecks(report.values, format).map((c) => [
            checkKey(c.id, c.scope),
            c.status,
            c.left,
            c.right,
          ]);
          const stored = report.checks
            .filter((c) => c.severity === "hard")
            .map((c) => [c.key, c.status, c.left, c.right]);
          expect(shared.sort(), `${agencyId} ${year}`).toEqual(stored.sort());
        }
    });

    const since = new Date().toISOString();
    const dismissed = await run(d, [
      "review",
      "dismiss",
      "linjiang-rsj",
      "2022",
      "check:T4-A:review",
      "--by",
      "张三",
      "--reason",
      "行政复议总计含上年结转案件，已在报告中说明",
    ]);
    expect(dismissed.code, dismissed.stderr).toBe(0);
    const url = await withStore(
      d,
      async (store) =>
        (await reportsOfAgencies(store.db, ["qinghe-jyj"])).get("qinghe-jyj")!.get(2024)!.document!.url,
    );
    const corrected = await run(d, [
      "review",
      "correct",
      "qinghe-jyj",
      "2024",
      "--publish-date",
      "2025-01-20",
      "--evidence",
      url,
      "--by",
      "李四",
      "--reason",
      "网站栏目改版，页面日期为迁移日期",
    ]);
    expect(corrected.code, corrected.stderr).toBe(0);

    const mailedBefore = new Set(readdirSync(path.join(d, "mail")));
    const second = await run(d, args);
    expect(second.code, second.stderr.split("\n").slice(-3).join("\n")).toBe(0);
    // The changed results go out as 更正 messages, once, saying what the review changed.
    expect(second.stdout).toMatch(/^e-mail: \d+ message\(s\) \([1-9]\d* 更正\) delivered/m);
    const corrections = [];
    for (const file of readdirSync(path.join(d, "mail")).filter((f) => !mailedBefore.has(f)))
      corrections.push(await simpleParser(readFileSync(path.join(d, "mail", file))));
    const linjiang = corrections.find((m) => m.subject?.includes("临江市 2022年度"));
    expect(linjiang?.subject).toMatch(/^【透明】【更正】临江市 2022年度/);
    expect(linjiang?.inReplyTo).toMatch(/^<.+>$/);
    expect(linjiang?.text).toContain("经复核：");
    expect(linjiang?.text).toContain("行政复议总计含上年结转案件，已在报告中说明");

    // The dismissed identity costs nothing: 25 under 数据准确, no cap, A.
    const rsj = await grade(d, "linjiang-rsj", 2022, "total");
    expect([rsj.points, rsj.reason]).toEqual([rsj.points, "A 优秀"]);
    expect(rsj.points).toBeGreaterThan(89);
    expect((await grade(d, "linjiang-rsj", 2022, "integrity")).points).toBe(25);
    // The corrected date grades timeliness: on time, 20 of 20, on the office's URL.
    const timely = await grade(d, "qinghe-jyj", 2024, "timeliness");
    expect([timely.points, timely.reason]).toEqual([
      20,
      "2025-01-20发布（复核更正的发布日期），未超过期限2025-01-28",
    ]);
    expect((await grade(d, "qinghe-jyj", 2024, "total")).points).toBeGreaterThan(lateBefore);

    // The cards show the review: the state, the reviewer's note, what changed.
    const card = (agency: string, year: number) =>
      readFileSync(path.join(out, "cards", agency, `${year}.html`), "utf8");
    const rsjCard = visible(card("linjiang-rsj", 2022));
    expect(rsjCard).toContain("复核状态：已撤销。撤销理由（");
    expect(rsjCard).toContain("行政复议总计含上年结转案件，已在报告中说明；不扣分");
    expect(rsjCard).toMatch(/经机关复核，本评估已调整（调整前：B 良好，89分）/);
    expect(rsjCard).toMatch(/共核验\d+项勾稽关系，1项不成立（其中1项经复核撤销）/);
    const jyjCard = visible(card("qinghe-jyj", 2024));
    expect(jyjCard).toContain("经复核更正的事实");
    expect(jyjCard).toContain(`更正发布日期为2025-01-20（依据：${decodeURI(url)}`.slice(0, 30));
    expect(jyjCard).toContain("网站栏目改版，页面日期为迁移日期");
    expect(jyjCard).not.toContain("逾期41天");
    for (const [agency, year] of [
      ["linjiang-rsj", 2022],
      ["qinghe-jyj", 2024],
    ] as const)
      expect(visibleLatinWords(card(agency, year)), `${agency} ${year}`).toEqual([]);
    // The summary lists the reviews with their notes; open data has each finding's state.
    const summary = visible(
      readFileSync(path.join(out, "jurisdictions", "linjiang-city", "2022.html"), "utf8"),
    );
    expect(summary).toContain("复核情况");
    expect(summary).toContain("行政复议总计含上年结转案件");
    const openData = (file: string) =>
      JSON.parse(gunzipSync(readFileSync(path.join(out, "data", file))).toString("utf8")) as Record<
        string,
        unknown
      >[];
    const findings = openData("findings.json.gz");
    expect(findings).toContainEqual(
      expect.objectContaining({
        agency_id: "linjiang-rsj",
        year: 2022,
        finding: "check:T4-A:review",
        review_state: "dismissed",
        reviewer: "张三",
      }),
    );
    const correctedFacts = openData("corrections.json.gz");
    expect(correctedFacts).toContainEqual(
      expect.objectContaining({
        agency_id: "qinghe-jyj",
        year: 2024,
        fact: "publish_date",
        value: "2025-01-20",
        extracted: "2025-03-10",
      }),
    );

    // What the 更正 message lists: the reviews since then that changed a grade, before and after.
    const changes = await withStore(d, (store) => reviewChangesSince(store.db, since));
    expect(changes.map((c) => [c.agencyId, c.year, c.withoutReviews?.letter, c.grade.letter])).toEqual([
      ["linjiang-rsj", 2022, "B", "A"],
      ["qinghe-jyj", 2024, expect.any(String), expect.any(String)],
    ]);
    expect(changes[1]!.effects).toEqual([expect.stringMatching(/^更正发布日期为2025-01-20（依据：/)]);

    // A third run: nothing to crawl, grade or publish again.
    const before = fileHashes(out);
    const third = await run(d, args);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(
      "e-mail: nothing new to deliver (the outbox had sent these results already)",
    );
    expect(fileHashes(out)).toEqual(before);
    const demoRun = await withStore(d, async (store) =>
      (await lastRunPerStage(store.db)).find((r) => r.stage === "demo"),
    );
    expect(demoRun?.counters).toEqual(expect.objectContaining({ "grade.changed": 0, "publish.written": 0 }));
    expect((await run(d, ["review", "history"])).stdout).toMatch(/2 reviews\n$/);
  }, 300_000);
});

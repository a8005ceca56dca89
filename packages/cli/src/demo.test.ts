import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gradesOf, lastRunPerStage, openStore } from "@touming/store";
import { visibleLatinWords, fileHashes } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { runDemoOnFreePorts, useCli } from "./testing/in-process-cli.js";

const { dir, run } = useCli();

describe("touming demo (end to end on the sample sites)", () => {
  it("cards every agency-year, shows the deliberate problems, and a re-run changes and fetches nothing", async () => {
    const d = dir();
    const out = path.join(d, "out");
    const { first, args } = await runDemoOnFreePorts(run, d, out);
    expect(first.code, first.stderr.split("\n").slice(-3).join("\n")).toBe(0);
    expect(first.stdout).toContain(`index: ${path.join(out, "index.html")}`);
    // The table of grades says 无法核实 for a year without a grade (it printed the reason and "0").
    expect(first.stdout).toMatch(/^qinghe-czj\s+清河县财政局\s+2019:无法核实 2020:无法核实 /m);
    // The results are e-mailed to a local SMTP sink and the messages kept in the data directory,
    // not in the published out/.
    const mailed =
      /^e-mail: (\d+) message\(s\) \(0 更正\) delivered to the local SMTP sink smtp:\/\/127\.0\.0\.1:\d+ for .*; saved as (\d+) \.eml file\(s\) in (.*)$/m.exec(
        first.stdout,
      );
    expect(mailed?.[1]).toBe(mailed?.[2]);
    expect(Number(mailed?.[1])).toBeGreaterThan(0);
    expect(mailed?.[3]).toBe(path.join(d, "mail"));
    expect(existsSync(path.join(out, "mail"))).toBe(false);

    const store = await openStore({ dataDir: d });
    try {
      const totals = (await gradesOf(store.db, {})).filter((g) => g.dimension === "total");
      expect(totals.length).toBeGreaterThan(100);
      for (const g of totals)
        expect(
          existsSync(path.join(out, "cards", g.agency_id, `${g.year}.html`)),
          `${g.agency_id} ${g.year}`,
        ).toBe(true);

      const card = (agency: string, year: number) =>
        readFileSync(path.join(out, "cards", agency, `${year}.html`), "utf8").replaceAll("&#x3D;", "=");
      const grade = async (agency: string, year: number, dimension: string) =>
        (await gradesOf(store.db, { agencyId: agency, year })).find((g) => g.dimension === dimension)!;

      // The late report loses timeliness points.
      const late = await grade("qinghe-jyj", 2024, "timeliness");
      expect([late.points, late.reason]).toEqual([
        0,
        "2025-03-10发布（页面标注的发布日期），逾期41天，超过30天（期限2025-01-28）",
      ]);
      // The missing year, after a crawl that read the columns whole, is 未发现: an F saying so and when.
      const missing = await grade("linjiang-czj", 2022, "total");
      expect(missing.points).toBe(0);
      expect(missing.reason).toMatch(
        /^未发现年度报告：\d{4}-\d{2}-\d{2}完整检查了年度报告栏目，未见该年度报告$/,
      );
      expect(card("linjiang-czj", 2022)).toContain("未发现年度报告");
      // The identity error is stated in the form's own words, both sides and the difference.
      expect(card("linjiang-mzj", 2023)).toMatch(
        /表三「[^」]+」列中，「一、本年新收政府信息公开申请数量」（\d+）与「二、上年结转政府信息公开申请数量」（\d+）之和为\d+，「三、本年度办理结果」下「（七）总计」（\d+）与「四、结转下年度继续办理」（\d+）之和为\d+，两者应当相等，相差\d+。/,
      );
      // Two failed identities: at most B (89), the cap and why on the card.
      expect((await grade("linjiang-mzj", 2023, "total")).reason).toBe("B 良好");
      expect(card("linjiang-mzj", 2023)).toContain("硬性勾稽关系不成立（发布内容不准确）");
      // The copied report (same prose, same figures) is flagged and capped at D.
      expect((await grade("qinghe-nyj", 2024, "total")).reason).toBe("D 基本合格");
      expect(card("qinghe-nyj", 2024)).toContain("疑似照抄上年报告");
      // The copied report is flagged.
      expect((await grade("qinghe-nyj", 2024, "substance")).reason).toMatch(
        /内容雷同：与2023年报告相似度\d+%$/,
      );
      expect(card("qinghe-nyj", 2024)).toContain("内容雷同");
      // One failed identity (table 四's 行政复议 总计): −5 under 数据准确, the sum 95 capped at B (89).
      const oneWrong = await grade("linjiang-rsj", 2022, "integrity");
      expect([oneWrong.points, oneWrong.reason]).toEqual([
        20,
        expect.stringMatching(/^1项勾稽关系不成立，每项扣5分/),
      ]);
      expect(await grade("linjiang-rsj", 2022, "total")).toMatchObject({ points: 89, reason: "B 良好" });
      expect(card("linjiang-rsj", 2022)).toContain(
        "1项硬性勾稽关系不成立（发布内容不准确）：1至2项硬性勾稽关系不成立的，最高评为良好（89分）",
      );
      // Three failed identities (one mistyped 自然人 总计 in table 三): −15, the sum 85 capped at C (79).
      const threeWrong = await grade("linjiang-zrj", 2023, "integrity");
      expect([threeWrong.points, threeWrong.reason]).toEqual([
        10,
        expect.stringMatching(/^3项勾稽关系不成立，每项扣5分/),
      ]);
      expect(await grade("linjiang-zrj", 2023, "total")).toMatchObject({ points: 79, reason: "C 合格" });
      expect(card("linjiang-zrj", 2023)).toContain(
        "3项硬性勾稽关系不成立（发布内容不准确）：3项及以上硬性勾稽关系不成立的，最高评为合格（79分）",
      );
      // Table 三 with zeros and most of the 总计 column left blank: a blank is not a 0, so the
      // identities only a blank keeps from holding are 无法核对 (named), not failures, and cost nothing.
      const blanks = await grade("linjiang-fgw", 2024, "integrity");
      // (Its prose and tables say nothing else wrong; a soft 提示 across years may follow.)
      expect(blanks.reason).toMatch(/^勾稽关系全部成立（\d+项）；13项因单元格空白无法核对（不扣分）/);
      expect(card("linjiang-fgw", 2024)).toContain(
        "因报告中相关单元格未填写而无法核对，不作为错误，也不扣分",
      );
      expect(card("linjiang-fgw", 2024)).toMatch(/「总计」[^<]*栏未填写，无法核对“各类申请人之和等于总计”。/);
      expect(card("linjiang-fgw", 2024)).not.toContain("不成立");
      // A report dated nowhere (page, column, signature): first discovery proves nothing, so 按时发布
      // is not scored and the rest rescaled (80 of 80 → 100), and the card says so.
      const undated = await grade("linjiang-scj", 2021, "timeliness");
      expect([undated.points, undated.reason]).toEqual([
        0,
        "发布日期无法确认：文章页面、栏目列表和数据接口均未标注发布日期",
      ]);
      expect(undated.evidence).toMatchObject({ scored: false, evidence: [] });
      expect(await grade("linjiang-scj", 2021, "total")).toMatchObject({
        points: 100,
        reason: "A 优秀",
        evidence: expect.objectContaining({ unscored: ["按时发布"] }),
      });
      expect(card("linjiang-scj", 2021)).toContain("按时发布因证据不足未计分，得分按其余维度折算为百分制。");
      // The one scanned report (临江市财政局 2023: a PDF of page images, no text layer) is read by OCR.
      // Its card says so, marks each figure 据扫描件识别 with its confidence and links the page images
      // (published beside the cards, named by their SHA-256); figures OCR was unsure of never cost
      // 数据准确 points (their checks are 提示); only the missing text layer costs 可获取性 its 3.
      const scan = card("linjiang-czj", 2023);
      expect(scan).toContain("本报告为扫描件（图像），没有可用的文字层，其文字和数字系据扫描件识别读取");
      expect(scan).toMatch(/据扫描件识别，(未能确认（)?识别置信度 \d+%/);
      const images = new Set([...scan.matchAll(/\.\.\/\.\.\/scans\/([0-9a-f]{64})\.jpg/g)].map((m) => m[1]!));
      expect(images.size).toBe(3);
      const published = fileHashes(out);
      for (const sha of images) expect(published[`scans/${sha}.jpg`], sha).toBe(sha);
      expect((await grade("linjiang-czj", 2023, "integrity")).points).toBe(25);
      expect(await grade("linjiang-czj", 2023, "accessibility")).toMatchObject({
        points: 2,
        reason: "扫描件，无文字层（文字和数字据扫描件识别）；发布在本机关网站",
      });
      expect((await grade("linjiang-czj", 2023, "total")).reason).toBe("A 优秀");
      // No other card is a scan's.
      const scanCards = totals.filter((g) =>
        readFileSync(path.join(out, "cards", g.agency_id, `${g.year}.html`), "utf8").includes("据扫描件识别"),
      );
      expect(scanCards.map((g) => `${g.agency_id}/${g.year}`)).toEqual(["linjiang-czj/2023"]);

      // The anti-bot site and the robots-hidden report are not the agencies' failures: 无法核实, no
      // grade, with the reason and what would resolve it.
      const blocked = await grade("qinghe-czj", 2024, "total");
      expect([blocked.reason, (blocked.evidence as { letter: string }).letter]).toEqual([
        "无法核实：机关网站启用了访问验证（反爬虫），监测程序无法读取栏目页面",
        "—",
      ]);
      expect(card("qinghe-czj", 2024)).toContain("请对监测程序放行，或提供可直接访问的年度报告栏目地址");
      expect((await grade("qinghe-wjj", 2020, "total")).reason).toBe(
        "无法核实：已发现年度报告链接，但网站的robots协议禁止读取",
      );
      const summary = readFileSync(path.join(out, "jurisdictions", "qinghe-county", "2024.html"), "utf8");
      expect(summary).toMatch(/无法核实的机关[^]*清河县财政局/);

      // No code, key or English word on any card: official Chinese only (URLs and hashes aside).
      const latin: string[] = [];
      for (const g of totals) {
        const html = readFileSync(path.join(out, "cards", g.agency_id, `${g.year}.html`), "utf8");
        for (const word of visibleLatinWords(html)) latin.push(`${g.agency_id}/${g.year}: ${word}`);
      }
      expect(latin).toEqual([]);

      const before = fileHashes(out);
      const second = await run(d, args);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain("new documents 0, changed 0");
      expect(second.stdout).toContain(
        "e-mail: nothing new to deliver (the outbox had sent these results already)",
      );
      expect(fileHashes(out)).toEqual(before);
      const demoRun = (await lastRunPerStage(store.db)).find((r) => r.stage === "demo");
      expect(demoRun).toMatchObject({
        status: "ok",
        counters: expect.objectContaining({ "crawl.new": 0, "crawl.changed": 0, "publish.written": 0 }),
      });
      // Each stage's summary under its own name: the crawl's "failed" and "changed" beside the
      // extraction's and the grading's, none overwriting another.
      const stagesRecorded = new Set(Object.keys(demoRun!.counters).map((k) => k.split(".")[0]));
      expect([...stagesRecorded]).toEqual(["crawl", "extract", "grade", "publish", "deliver"]);
      expect(demoRun!.counters).toEqual(
        expect.objectContaining({
          "crawl.failed": expect.any(Number),
          "extract.failed": expect.any(Number),
          "grade.changed": 0,
          "extract.documents": 0,
        }),
      );
    } finally {
      await store.close();
    }
  }, 240_000);
});

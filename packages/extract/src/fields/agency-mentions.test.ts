import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  PLACE_WORDS,
  PlaceScan,
  STOP,
  agencyMentions,
  agencyNamesIn,
  wholeAgencyName,
} from "./agency-mentions.js";

describe("agency names as printed", () => {
  it("keeps 管委会 whole and the office after it", () => {
    expect(
      agencyNamesIn(
        "如对本报告有任何疑问，请与平潭综合实验区管委会信息公开工作办公室联系（地址：平潭综合实验区管委会办公室；",
      ),
    ).toEqual(["平潭综合实验区管委会", "平潭综合实验区管委会办公室"]);
    expect(agencyNamesIn("本报告的电子版可在平潭综合实验区党工委管委会政府门户网站下载")).toEqual([
      "平潭综合实验区党工委管委会",
    ]);
  });

  it("keeps 办公厅 and drops the year before the name", () => {
    expect(agencyNamesIn("2019年，上海市人民政府办公厅坚持以习近平新时代中国特色社会主义思想为指导")).toEqual(
      ["上海市人民政府办公厅"],
    );
    expect(agencyNamesIn("2019年上海市人民政府办公厅政府信息公开工作年度报告")).toEqual([
      "上海市人民政府办公厅",
    ]);
  });

  it("loses no character after a label", () => {
    expect(agencyNamesIn("联系:朝阳区人民政府")).toEqual(["朝阳区人民政府"]);
    expect(agencyNamesIn("联系人朝阳区人民政府办公室")).toEqual(["朝阳区人民政府办公室"]);
  });

  it("starts a name at a place, never inside a sentence", () => {
    expect(agencyNamesIn("本年度报告电子版可从上海市人民政府门户网站下载")).toEqual(["上海市人民政府"]);
    expect(agencyNamesIn("全面落实《条例》要求，围绕市委、市政府中心工作，聚焦社会公众需求")).toEqual([]);
    expect(agencyNamesIn("积极拓展信息公开载体,利用长治市民政局微信公众号,及时发布")).toEqual([
      "长治市民政局",
    ]);
    expect(agencyNamesIn("认真落实党中央、国务院和省委省政府决策部署")).toEqual([]);
    expect(agencyNamesIn("成立了由常务副市长任组长")).toEqual([]);
  });

  it("keeps the whole place prefix", () => {
    expect(agencyNamesIn("淮安市洪泽区人民政府")).toEqual(["淮安市洪泽区人民政府"]);
    expect(agencyNamesIn("“三务公开”等各便民服务平台303条,五原县民政局微信公众号22条")).toEqual([
      "五原县民政局",
    ]);
  });

  it("reads a zone without its body as a bare name, and a department abbreviation as printed", () => {
    expect(agencyMentions("一、总体情况 2024年，平潭综合实验区坚持以习近平新时代")).toEqual([
      { name: "平潭综合实验区", start: 13, end: 20, bare: true },
    ]);
    expect(agencyNamesIn("2019年上海市科委政府信息公开工作年度报告")).toEqual(["上海市科委"]);
  });

  it("tells a line that is exactly one name", () => {
    expect(wholeAgencyName("平潭综合实验区管委会办公室")?.name).toBe("平潭综合实验区管委会办公室");
    expect(wholeAgencyName("长治市民政局")?.name).toBe("长治市民政局");
    expect(wholeAgencyName("2024 年政府信息公开工作年度报告")).toBeNull();
  });
});

describe("the place-word look-ahead (PlaceScan)", () => {
  /** The test as first written: a look-ahead of up to PLACE_MAX + 3 characters at each position. */
  function lookAhead(text: string, i: number): boolean {
    const placeMax = Math.max(...PLACE_WORDS.map((w) => w.length));
    const han = (j: number) => text.charCodeAt(j) >= 0x4e00 && text.charCodeAt(j) <= 0x9fff;
    const ends = new Set(PLACE_WORDS.map((w) => w.at(-1)));
    let limit = Math.min(i + 4 + placeMax - 1, text.length - 1);
    for (let j = i; j <= limit; j++) {
      if (!han(j)) return false;
      if (j > i && ends.has(text[j])) return true;
      if (STOP.includes(text[j]!)) limit = Math.min(limit, j + placeMax - 1);
    }
    return false;
  }

  it("agrees with the look-ahead at every position, asked in rising order with gaps", () => {
    const dir = fileURLToPath(new URL("../../fixtures/", import.meta.url));
    const texts = [
      "",
      "省",
      "的的的的的的的的的市",
      "江苏省淮安市人民政府办公室的的的县政府",
      "本局各科室全市共有平潭综合实验区管委会",
      ...["seeds", "text"].flatMap((d) =>
        readdirSync(dir + d).map((f) => readFileSync(dir + d + "/" + f, "utf8")),
      ),
    ];
    let positions = 0;
    for (const text of texts) {
      const every = new PlaceScan(text);
      const gapped = new PlaceScan(text);
      for (let i = 0; i < text.length; i++) {
        expect(every.mayHoldPlace(i), `${i} of ${text.slice(0, 20)}`).toBe(lookAhead(text, i));
        if (i % 3 === 0) expect(gapped.mayHoldPlace(i)).toBe(lookAhead(text, i));
        positions++;
      }
    }
    expect(positions).toBeGreaterThan(10_000);
  });
});

import { describe, expect, it } from "vitest";
import { toReportLines } from "./report-lines.js";
import { findSections } from "./sections.js";

// 平潭综合实验区 2021 as another crawler dumped it: the whole report on one line, headings inline.
const DUMP =
  "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，我区编制完成了本报告。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。如对本报告有疑问，请联系平潭综合实验区党工委管委会办公室（电话：0591-23165370）。" +
  "一、总体情况2021年，我区以习近平新时代中国特色社会主义思想为指导，助力服务型政府建设。（一）主动公开方面。按照“公开为常态、不公开为例外”原则，主动公开政府信息。（二）依申请公开方面。我区高度重视依申请公开工作。" +
  "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000" +
  "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量640020470" +
  "四、政府信息公开行政复议、行政诉讼情况 120001200000五、存在的主要问题及改进情况（一）存在问题：政策解读形式较为单一。（二）改进措施：一是丰富政策解读形式。六、其他需要报告的事项2021年，我区未收取信息处理费。";

describe("toReportLines: a report dumped on one line", () => {
  it("is cut before each inline heading, never inside 第（一）项", () => {
    const lines = toReportLines([{ kind: "text", text: DUMP }]);
    expect(lines.map((l) => l.text.slice(0, 12))).toEqual([
      "根据《中华人民共和国政府",
      "一、总体情况2021年，",
      "（一）主动公开方面。按照",
      "（二）依申请公开方面。我",
      "二、主动公开政府信息情况",
      "三、收到和处理政府信息公",
      "一、本年新收政府信息公开",
      "四、政府信息公开行政复议",
      "五、存在的主要问题及改进",
      "（一）存在问题：政策解读",
      "（二）改进措施：一是丰富",
      "六、其他需要报告的事项2",
    ]);
    expect(lines.every((l) => l.inline === true && l.block === 0)).toBe(true);
  });

  it("gives the sections of the report from its inline headings", () => {
    const keys = findSections(toReportLines([{ kind: "text", text: DUMP }])).map((s) => s.key);
    expect(keys).toEqual([
      "overview",
      "proactive",
      "applications",
      "review_litigation",
      "problems",
      "improvements",
      "other",
    ]);
  });

  it("leaves short lines and lines without inline headings as they are", () => {
    const text = "一、总体情况";
    expect(toReportLines([{ kind: "text", text }])).toEqual([{ text, parse: text, block: 0 }]);
    const prose = "我区".repeat(200);
    expect(toReportLines([{ kind: "text", text: prose }])).toHaveLength(1);
  });
});

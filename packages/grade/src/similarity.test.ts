import { TEMPLATE_PHRASES } from "@touming/vocabulary";
import { describe, expect, it } from "vitest";
import { textSimilarity } from "./similarity.js";

/** What every 2021-format report prints: its tables' titles and labels, the same in every report. */
const TABLE_TEXT = TEMPLATE_PHRASES.join("\n");

describe("textSimilarity", () => {
  it("leaves out what the form prints: two different reports sharing only the table labels are not similar", () => {
    const a = `${TABLE_TEXT}\n本机关全年围绕优化营商环境，公开行政许可事项清单，开展政策解读直播三场。`;
    const b = `${TABLE_TEXT}\n我局聚焦民生保障，更新养老服务补贴标准，答复群众来信四十余件。`;
    expect(textSimilarity(a, b)).toBeLessThan(0.2);
  });

  it("still finds prose copied from the year before, whatever the digits", () => {
    const prose =
      "本机关全年围绕优化营商环境，公开行政许可事项清单，开展政策解读直播三场，完善政府信息公开指南和目录，加强信息发布审核。";
    expect(textSimilarity(`${TABLE_TEXT}\n2024年${prose}`, `${TABLE_TEXT}\n2023年${prose}`)).toBe(1);
  });
});

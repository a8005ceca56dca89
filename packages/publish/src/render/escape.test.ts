import { describe, expect, it } from "vitest";
import { cssString } from "./escape.js";

describe("cssString", () => {
  it("keeps letters, digits, CJK, spaces and the middle dot as they are", () => {
    expect(cssString("临江市财政局 · 2024年度报告评估 · A 95分")).toBe(
      '"临江市财政局 · 2024年度报告评估 · A 95分"',
    );
  });

  it("escapes whatever could end the string, the rule or the style element", () => {
    expect(cssString('a"b')).toBe('"a\\22 b"');
    expect(cssString("a\\b")).toBe('"a\\5c b"');
    expect(cssString("</style><script>")).toBe('"\\3c \\2f style\\3e \\3c script\\3e "');
    expect(cssString("a\nb}")).toBe('"a\\a b\\7d "');
    expect(cssString("（甲）")).toBe('"\\ff08 甲\\ff09 "');
  });
});

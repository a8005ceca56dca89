import TSCharacters from "opencc-js/dict/TSCharacters";
import TSPhrases from "opencc-js/dict/TSPhrases";
import { describe, expect, it } from "vitest";
import { mayConvert } from "./convertible-characters.js";
import { toSimplified, traditionalShare } from "./simplify.js";

describe("mayConvert", () => {
  it("is true for every dictionary entry the conversion changes, so a false is always right", () => {
    for (const dict of [TSPhrases, TSCharacters]) {
      for (const entry of dict.split("|")) {
        const [source, replacement] = entry.split(" ");
        if (source !== replacement) expect(mayConvert(source!), source).toBe(true);
      }
    }
  });

  it("passes over simplified report prose, which the conversion leaves as it is", () => {
    const prose = "2024年，淮安市人民政府办公室共收到政府信息公开申请70件，行政复议1件。";
    expect(mayConvert(prose)).toBe(false);
    expect(toSimplified(prose)).toBe(prose);
    expect(traditionalShare(prose)).toBe(0);
  });

  it("flags traditional characters and converts them", () => {
    expect(mayConvert("政府資訊公開")).toBe(true);
    expect(toSimplified("申請")).toBe("申请");
    expect(toSimplified("答覆")).toBe("答复");
  });
});

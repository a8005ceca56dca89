import { describe, expect, it } from "vitest";
import { normalise } from "./text-runs.js";

describe("the engine's text as the report prints it", () => {
  it("reads a stroke in a date's month or day as 1, not a stroke to drop (2024年I月23日)", () => {
    expect(normalise("2024年I月23日")).toBe("2024年1月23日");
    expect(normalise("2024年l2月3|日")).toBe("2024年12月31日");
    expect(normalise("签发于2024 年 丨 月 2 日。")).toBe("签发于2024 年 1 月 2 日。");
  });

  it("drops a stroke read before a Chinese character elsewhere, and maps the engine's brackets", () => {
    expect(normalise("I临江市财政局")).toBe("临江市财政局");
    expect(normalise("年I月")).toBe("年月");
    expect(normalise("〔2024〕")).toBe("（2024）");
  });
});

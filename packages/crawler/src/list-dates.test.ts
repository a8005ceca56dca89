import { describe, expect, it } from "vitest";
import { dateInText, listDate } from "./list-dates.js";

describe("list dates", () => {
  it.each([
    ["2025-01-20", "2025-01-20"],
    ["2025-1-2 09:30:00", "2025-01-02"],
    ["2025/01/20", "2025-01-20"],
    ["2025年1月20日", "2025-01-20"],
    ["20250120", "2025-01-20"],
    [1737302400000, "2025-01-20"],
    [1737302399999, "2025-01-19"],
    [1737302400, "2025-01-20"],
    ["1737302400000", "2025-01-20"],
    ["2025-01-19T16:00:00Z", "2025-01-20"],
    ["2025-01-20T09:00:00+08:00", "2025-01-20"],
    [20250120, null],
    [42, null],
    ["三天前", null],
    [null, null],
    [true, null],
  ])("%j → %s", (value, expected) => {
    expect(listDate(value)).toBe(expected);
  });

  it("finds a date inside a list line", () => {
    expect(dateInText("某局2024年政府信息公开工作年度报告 [2025-01-20]")).toBe("2025-01-20");
    expect(dateInText("无日期")).toBeNull();
  });
});

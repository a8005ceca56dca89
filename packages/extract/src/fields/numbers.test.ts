import { describe, expect, it } from "vitest";
import { dateLine, findDates } from "./dates.js";
import { parseCell, parseChineseNumber } from "./numbers.js";

describe("parseCell", () => {
  it.each([
    ["", { kind: "blank" }],
    ["  ", { kind: "blank" }],
    ["0", { kind: "number", value: 0 }],
    ["３００１", { kind: "number", value: 3001 }],
    ["3,001", { kind: "number", value: 3001 }],
    ["96171.6", { kind: "number", value: 96171.6 }],
    ["251000元", { kind: "number", value: 251000, unit: "元" }],
    ["12 件", { kind: "number", value: 12, unit: "件" }],
    ["/", { kind: "not_applicable", raw: "/" }],
    ["—", { kind: "not_applicable", raw: "—" }],
    ["无", { kind: "not_applicable", raw: "无" }],
    ["自然人", { kind: "text" }],
  ])("reads %j", (text, expected) => {
    expect(parseCell(text)).toEqual(expected);
  });

  it("answers a text read before from its cache, frozen, and reads right after the cache is emptied", () => {
    const first = parseCell("12 件");
    expect(parseCell("12 件")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // More distinct texts than the cache keeps: it is emptied on the way and every reading stays right.
    for (let i = 0; i < 5000; i++)
      expect(parseCell(`${i}件`)).toEqual({ kind: "number", value: i, unit: "件" });
    expect(parseCell("12 件")).toEqual({ kind: "number", value: 12, unit: "件" });
    expect(parseCell("／")).toEqual({ kind: "not_applicable", raw: "／" });
    // A long cell is read anew each time (not kept), and reads the same.
    const long = `${"1".repeat(60)}件`;
    expect(parseCell(long)).not.toBe(parseCell(long));
    expect(parseCell(long)).toEqual({ kind: "number", value: Number("1".repeat(60)), unit: "件" });
    expect(Object.isFrozen(parseCell(long))).toBe(true);
  });
});

describe("parseChineseNumber", () => {
  it.each([
    ["二〇二四", 2024],
    ["二○一八", 2018],
    ["十二", 12],
    ["三十一", 31],
    ["八", 8],
    ["一百零五", 105],
    ["2017", 2017],
    ["年", null],
  ])("%s → %s", (text, value) => expect(parseChineseNumber(text)).toBe(value));
});

describe("dates", () => {
  it("finds dates in Arabic and Chinese numerals and ISO forms", () => {
    expect(
      findDates("于2018年2月8日发布，二〇一九年一月三十一日前，2025-01-20，2025/1/2").map((d) => d.iso),
    ).toEqual(["2018-02-08", "2019-01-31", "2025-01-20", "2025-01-02"]);
  });

  it("rejects impossible dates", () => {
    expect(findDates("2018年2月30日")).toEqual([]);
  });

  it("recognises a line that is only a date", () => {
    expect(dateLine("2014年1月20日")).toBe("2014-01-20");
    expect(dateLine("  二〇一八年二月八日 ")).toBe("2018-02-08");
    expect(dateLine("截至2013年12月31日，共受理")).toBeNull();
  });
});

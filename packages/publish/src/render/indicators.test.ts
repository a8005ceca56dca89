import { describe, expect, it } from "vitest";
import { indicators } from "./indicators.js";

const values = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe("indicators", () => {
  it("收到申请 is 本年新收 everywhere; 本年新收＋上年结转 is its own indicator, labelled so", () => {
    const now = values({
      "apply.new_received.total": 40,
      "apply.carried_over.total": 5,
      "apply.handled_total.total": 42,
      "apply.granted.total": 30,
      "apply.carried_forward.total": 3,
    });
    const before = values({ "apply.new_received.total": 30, "apply.carried_over.total": 2 });
    const shown = indicators(now, before, 30).map((i) => [i.label, i.value, i.basis, i.change]);
    expect(shown.slice(0, 2)).toEqual([
      ["收到申请（本年新收）", "40件", "表三「本年新收政府信息公开申请数量」总计", "+10"],
      ["本年新收＋上年结转", "45件", "表三「本年新收」＋「上年结转」总计", "+13"],
    ]);
    expect(shown.find((i) => i[0] === "结转占比")?.[2]).toBe("结转下年度 ÷（本年新收＋上年结转）45件");
  });

  it("a legacy report's figure is the one its prose states, never labelled with the 2021 form's rows", () => {
    const legacy = values({ "text.applications_received": 12 });
    const shown = indicators(legacy, null, 30).map((i) => [i.label, i.value, i.basis]);
    expect(shown).toEqual([["收到申请（本年新收）", "12件", "报告正文所述收到申请数"]]);
  });

  it("no change between a prose figure and a table's (two definitions)", () => {
    const table = values({ "apply.new_received.total": 40 });
    const prose = values({ "text.applications_received": 12 });
    expect(indicators(table, prose, 30)[0]?.change).toBeNull();
  });
});

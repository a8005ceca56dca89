import { describe, expect, it } from "vitest";
import { grantRate, indicators } from "./indicators.js";

const values = (entries: Record<string, number | null>) => new Map(Object.entries(entries));

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

  it("公开率 is not computed from a 总计 the report left blank (a blank is not a 0)", () => {
    // 上海市人民政府办公厅 2019: （一）予以公开 258 | 12 | … with its 总计 blank.
    const blankTotal = values({
      "apply.handled_total.total": 877,
      "apply.granted.natural_person": 258,
      "apply.granted.commercial": 12,
      "apply.granted.total": null,
      "apply.partially_granted.total": 3,
    });
    expect(grantRate(blankTotal)).toBeNull();
    expect(indicators(blankTotal, null, 30).map((i) => i.label)).not.toContain("公开率");
    // A row left wholly blank is a row of zeros.
    const zeroRow = values({
      "apply.handled_total.total": 10,
      "apply.granted.total": 4,
      "apply.partially_granted.natural_person": null,
      "apply.partially_granted.total": null,
    });
    expect(grantRate(zeroRow)).toBe(0.4);
  });

  it("a legacy report's figure is the one its prose states, never labelled with the 2021 form's rows", () => {
    const legacy = values({ "text.applications_received": 12 });
    const shown = indicators(legacy, null, 30).map((i) => [i.label, i.value, i.basis]);
    expect(shown).toEqual([["收到申请（本年新收）", "12件", "报告正文所述收到申请数"]]);
  });

  it("each names the value keys it is computed from (a card marks those read from a scan)", () => {
    const now = values({
      "apply.new_received.total": 40,
      "apply.carried_over.total": 5,
      "text.reviews": 2,
    });
    expect(indicators(now, null, 30).map((i) => [i.label, i.keys])).toEqual([
      ["收到申请（本年新收）", ["apply.new_received.total"]],
      ["本年新收＋上年结转", ["apply.new_received.total", "apply.carried_over.total"]],
      ["行政复议", ["text.reviews"]],
    ]);
  });

  it("no change between a prose figure and a table's (two definitions)", () => {
    const table = values({ "apply.new_received.total": 40 });
    const prose = values({ "text.applications_received": 12 });
    expect(indicators(table, prose, 30)[0]?.change).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { barChart, chartDescription, withEveryYear } from "./charts.js";

const years = [
  { label: "2019", value: 32 },
  { label: "2020", value: 39.25 },
  { label: "2022", value: null },
  { label: "2023", value: 60 },
];

describe("withEveryYear", () => {
  it("adds the years between the first and the last without a value, in order", () => {
    expect(withEveryYear([years[3]!, years[0]!])).toEqual([
      { label: "2019", value: 32 },
      { label: "2020", value: null },
      { label: "2021", value: null },
      { label: "2022", value: null },
      { label: "2023", value: 60 },
    ]);
  });

  it("leaves a series that is not over years as it is", () => {
    const letters = [
      { label: "A", value: 1 },
      { label: "F", value: 0 },
    ];
    expect(withEveryYear(letters)).toEqual(letters);
    expect(withEveryYear([{ label: "2024", value: 3 }])).toEqual([{ label: "2024", value: 3 }]);
  });
});

describe("chartDescription", () => {
  it("lists every year's value with the unit, a missing one as 无数据, the marked year as 本年度", () => {
    expect(chartDescription("公开率（%）", withEveryYear(years), { unit: "%", highlight: "2023" })).toBe(
      "公开率（%）：2019年 32%；2020年 39.3%；2021年 无数据；2022年 无数据；2023年 60%（本年度）",
    );
    expect(chartDescription("等级分布（个）", [{ label: "A", value: 2 }])).toBe("等级分布（个）：A 2");
    expect(chartDescription("空", [])).toBe("空：无数据");
  });
});

describe("barChart", () => {
  const svg = barChart("收到申请（件）", years, { highlight: "2023" });

  it("describes its values in <desc>, escaped", () => {
    expect(svg).toContain(
      "<desc>收到申请（件）：2019年 32；2020年 39.3；2021年 无数据；2022年 无数据；2023年 60（本年度）</desc>",
    );
    expect(barChart("<b>", [{ label: "<i>", value: 1 }])).toContain("<desc>&lt;b&gt;：&lt;i&gt; 1</desc>");
  });

  it("draws a missing year as a gap: no bar, 无数据 in its slot", () => {
    const bars = [...svg.matchAll(/<g class="chart-(bar|gap)[^"]*" data-label="(\d+)">(.*?)<\/g>/g)];
    expect(bars.map((m) => `${m[2]}:${m[1]}`)).toEqual([
      "2019:bar",
      "2020:bar",
      "2021:gap",
      "2022:gap",
      "2023:bar",
    ]);
    for (const gap of bars.filter((m) => m[1] === "gap")) {
      expect(gap[3]).not.toContain("<rect");
      expect(gap[3]).toContain(">无数据</text>");
    }
  });

  it("marks the highlighted year alone: a darker bar, a marker and 本年度", () => {
    expect(svg.match(/class="chart-bar chart-own" data-label="(\d+)"/)?.[1]).toBe("2023");
    expect(svg.match(/<path class="chart-mark"/g)).toHaveLength(1);
    expect(svg.match(/>本年度<\/text>/g)).toHaveLength(1);
    // Not marked when the year is not in the chart (or no year is given).
    expect(barChart("t", years, { highlight: "2030" })).not.toContain("chart-mark");
    expect(barChart("t", years)).not.toContain("本年度");
  });

  it("keeps the title's band clear: the tallest value label sits below it", () => {
    const valueY = Math.min(
      ...[
        ...svg.matchAll(
          /<text x="[\d.]+" y="([\d.]+)" text-anchor="middle"(?: font-weight="bold")? font-size="10">/g,
        ),
      ].map((m) => Number(m[1])),
    );
    // The title's baseline is at 16 (12px text); a 10px label's top is about 10px above its baseline.
    expect(svg).toContain('<text class="chart-title" x="10" y="16" font-size="12"');
    expect(valueY - 10).toBeGreaterThan(22);
  });
});

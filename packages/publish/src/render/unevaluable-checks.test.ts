import type { ReportWithSource } from "@touming/store";
import { describe, expect, it } from "vitest";
import { unevaluableChecks } from "./unevaluable-checks.js";

const check = (key: string, status: string) =>
  ({ key, severity: "hard", status, left: "", right: "", message: "" }) as ReportWithSource["checks"][number];

/** 上海市人民政府办公厅 2019: row （一）予以公开 printed without its 总计. */
function source(checks: ReportWithSource["checks"]): ReportWithSource {
  const values: Record<string, number | null> = {
    "apply.granted.natural_person": 258,
    "apply.granted.commercial": 12,
    "apply.granted.research": null,
    "apply.granted.social_org": null,
    "apply.granted.legal_service": 1,
    "apply.granted.other_org": 1,
    "apply.granted.total": null,
  };
  return {
    report: { year: 2019, format: "2019" },
    values: Object.entries(values).map(([key, value]) => ({
      key,
      value,
      raw: value === null ? "" : String(value),
    })),
    checks,
  } as unknown as ReportWithSource;
}

describe("unevaluableChecks", () => {
  it("names the blank cells of an identity that could not be evaluated, in the form's words", () => {
    const s = source([check("T3-B:granted", "not_evaluable"), check("T3-A:total", "pass")]);
    expect(unevaluableChecks(s, "2019")).toEqual([
      "表三「三、本年度办理结果」下「（一）予以公开」行的「总计」、「科研机构」、「社会公益组织」栏未填写，无法核对“各类申请人之和等于总计”。",
    ]);
  });

  it("names the blank rows of a column (T3-A)", () => {
    const s = source([check("T3-A:research", "not_evaluable")]);
    expect(unevaluableChecks(s, "2019")).toEqual([
      "表三「科研机构」列的「一、本年新收政府信息公开申请数量」、「二、上年结转政府信息公开申请数量」、「三、本年度办理结果」下「（七）总计」、「四、结转下年度继续办理」栏未填写，无法核对“本年新收加上年结转等于办理结果合计加结转下年”。",
    ]);
  });

  it("lists nothing when every identity was evaluated or there is no report", () => {
    expect(unevaluableChecks(source([check("T3-B:granted", "fail")]), "2019")).toEqual([]);
    expect(unevaluableChecks(undefined, "2019")).toEqual([]);
  });
});

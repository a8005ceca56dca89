import { expect, it } from "vitest";
import { yearFromTitle } from "./report-title-year.js";

it("reads the report year a title names, in Arabic or Chinese digits", () => {
  expect(yearFromTitle("某县民政局2023年政府信息公开工作年度报告")).toBe(2023);
  expect(yearFromTitle("二〇一八年政府信息公开工作年度报告")).toBe(2018);
  expect(yearFromTitle("政府信息公开工作年度报告")).toBeNull();
});

import { describe, expect, it } from "vitest";
import { findZeroStatements } from "./prose-zero-statements.js";

const keys = (sentence: string) => findZeroStatements(sentence).map((z) => z.key);

describe("zero statements", () => {
  it("reads no applications, no reviews and no lawsuits (seeds 001, 002, 003)", () => {
    expect(keys("我局2017年没有依申请公开政务信息情况")).toEqual(["text.applications_received"]);
    expect(keys("未发生行政复议和诉讼案件")).toEqual(["text.reviews", "text.lawsuits"]);
    expect(keys("我局至今未发生针对本局信息公开事务的行政复议或行政诉讼事项")).toEqual([
      "text.reviews",
      "text.lawsuits",
    ]);
  });

  it("keeps a review application apart from an information request (pingtan 2011)", () => {
    expect(keys("未收到有关政府信息公开行政复议申请")).toEqual(["text.reviews"]);
    expect(keys("2011年全区未收到有关政府信息公开的申请")).toEqual(["text.applications_received"]);
    expect(keys("本年度无政府信息公开申请")).toEqual(["text.applications_received"]);
  });

  it("does not read a negated outcome as no review", () => {
    expect(keys("未发生因政府信息公开被行政复议纠错的情况")).toEqual([]);
    expect(keys("没有发生行政诉讼败诉的情况")).toEqual([]);
  });

  it("does not let a negation reach over a comma or read 申请人 as an application", () => {
    expect(keys("没有出现泄密事件，行政复议3件")).toEqual([]);
    expect(keys("无正当理由大量反复申请")).toEqual([]);
  });

  it("reads fees not charged (seed 002, pingtan 2021)", () => {
    expect(keys("2017年度没有向政府信息公开申请人收取任何费用")).toEqual(["text.fees_yuan"]);
    expect(keys("2021年，无收取信息处理费情况")).toEqual(["text.fees_yuan"]);
  });

  it("places the statement for the excerpt", () => {
    expect(findZeroStatements("全年未发生行政复议。")).toEqual([{ key: "text.reviews", start: 2, end: 9 }]);
  });
});

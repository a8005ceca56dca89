import { describe, expect, it } from "vitest";
import { isReviewHeading } from "./review-heading.js";

describe("table 四's heading", () => {
  it("is told also as a scan's reading gives it: numbering lost, a character misread, the header run on", () => {
    expect(isReviewHeading("、政府信息公开行政复议、行政诉讼情况")).toBe(true);
    expect(isReviewHeading("四、政府信息公开行政复议、行政诉讼情况")).toBe(true);
    expect(isReviewHeading("、政府信息公开行政复议、行政诉讼4博况行政复议行政诉讼")).toBe(true);
    expect(isReviewHeading("三、政府信息公开行政复议、行政诉讼情况")).toBe(false);
    expect(isReviewHeading("收到和处理政府信息公开申请情况")).toBe(false);
  });

  it("reads a review heading from the start of a long line as from the whole line", () => {
    const tail = "行政复议结果维持 0 结果纠正 0 其他结果 0 尚未审结 0 总计 0。".repeat(200);
    expect(isReviewHeading(`四、政府信息公开行政复议、行政诉讼情况${tail}`)).toBe(true);
    expect(isReviewHeading(`三、政府信息公开行政复议、行政诉讼情况${tail}`)).toBe(false);
    expect(isReviewHeading(`收到和处理政府信息公开申请情况${tail}`)).toBe(false);
    // Marks and spaces before the words: more of the line is read until the title's length is there.
    const marks = `${"·".repeat(150)}${" ".repeat(150)}`;
    expect(isReviewHeading(`四、${marks}政府信息公开行政复议、行政诉讼情况${tail}`)).toBe(true);
    expect(isReviewHeading(`三、${marks}政府信息公开行政复议、行政诉讼情况${tail}`)).toBe(false);
    expect(isReviewHeading(`${"-".repeat(300)}四、政府信息公开行政复议、行政诉讼情况`)).toBe(true);
    // The bound of the test that rules lines out first: half the title (8 of 16 characters) contained
    // in it is alike enough (0.75), 7 are not.
    expect(isReviewHeading("政府信息公开行政")).toBe(true);
    expect(isReviewHeading("政府信息公开行")).toBe(false);
    expect(isReviewHeading("四、行政复议、行政诉讼情况")).toBe(true);
  });
});

import { validate } from "node-cron";
import { describe, expect, it } from "vitest";
import { isCronExpression } from "./cron-expression.js";

describe("isCronExpression (node-cron loaded when a schedule is set)", () => {
  it("gives node-cron's own verdict", () => {
    const cases = ["0 2 * * *", "30 6 * * *", "*/5 * * * 1-5", "61 * * * *", "every night", "", "0 2 * *"];
    expect(cases.map(isCronExpression)).toEqual([true, true, true, false, false, false, false]);
    expect(cases.map(isCronExpression)).toEqual(cases.map((text) => validate(text)));
  });
});

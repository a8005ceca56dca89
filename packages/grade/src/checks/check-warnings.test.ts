import { expect, it } from "vitest";
import { checkWarning } from "./check-warnings.js";

const soft = (key: string, left: string, right: string) =>
  ({ key, severity: "soft", status: "fail", left, right, message: "" }) as const;

it("words each soft check in Chinese with its two numbers, never an excerpt's own digits", () => {
  // Before: the last number of a side was taken, so X-3 printed the excerpt's "10" for the text's 12.
  expect(
    checkWarning(
      soft(
        "X-3:applications_received",
        "text.applications_received = 12 (“收到申请12件，答复10件”)",
        "apply.new_received.total = 15",
      ),
    ),
  ).toBe("正文所述数字为12，统计表中为15，两者不一致，请核对（提示）");
  expect(
    checkWarning(soft("X-2:rules", "现行有效 12", "上年现行有效 10 + 本年制发 3 − 本年废止 0 = 13")),
  ).toBe("「现行有效件数」为12，按上年现行有效件数加本年制发、减本年废止应为13，请核对（提示）");
});

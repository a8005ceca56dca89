import { describe, expect, it } from "vitest";
import {
  REVIEW_STATE_NAMES,
  checkValueKeys,
  findingKey,
  isCorrectableValueKey,
  parseFindingKey,
  parseReviewFact,
  reviewFact,
  reviewStateOf,
  runIdentityChecks,
  runTextTableChecks,
} from "./index.js";

describe("finding keys", () => {
  it("are built in one place and read back", () => {
    expect(findingKey.check("T3-A:total")).toBe("check:T3-A:total");
    expect(findingKey.section("fees")).toBe("section:fees");
    expect(parseFindingKey("check:T3-B:withheld.state_secret")).toEqual({
      kind: "check",
      detail: "T3-B:withheld.state_secret",
    });
    expect(parseFindingKey("section:fees")).toEqual({ kind: "section", detail: "fees" });
    for (const key of [findingKey.late, findingKey.tables, findingKey.copied, findingKey.agencyMismatch])
      expect(parseFindingKey(key)).not.toBeNull();
    expect(parseFindingKey("report:missing")).toEqual({ kind: "report", detail: "missing" });
  });

  it.each(["check:T9-Z:total", "check:T3-A:", "section:nothing", "late", "", "copied:x"])(
    "refuses %j",
    (key) => expect(parseFindingKey(key)).toBeNull(),
  );

  it("names review states in Chinese and reads either form back", () => {
    expect(REVIEW_STATE_NAMES).toEqual({
      pending: "待复核",
      confirmed: "已确认",
      dismissed: "已撤销",
      corrected: "已更正",
    });
    expect(reviewStateOf("已撤销")).toBe("dismissed");
    expect(reviewStateOf("pending")).toBe("pending");
    expect(reviewStateOf("撤销")).toBeNull();
  });

  it("reads facts: the publish date, the agency, a cell of a form or a prose figure", () => {
    expect(parseReviewFact(reviewFact.publishDate)).toEqual({ kind: "publish_date" });
    expect(parseReviewFact(reviewFact.agency)).toEqual({ kind: "agency" });
    expect(parseReviewFact(reviewFact.cell("apply.granted.total"))).toEqual({
      kind: "cell",
      key: "apply.granted.total",
    });
    expect(parseReviewFact("cell:text.reviews")).toEqual({ kind: "cell", key: "text.reviews" });
    expect(parseReviewFact("cell:apply.nothing.total")).toBeNull();
    expect(isCorrectableValueKey("proactive.rules.issued")).toBe(true);
    expect(parseReviewFact("date")).toBeNull();
  });
});

describe("report checks from values (shared by extraction and grading)", () => {
  const v = (key: string, value: number | null) => ({ key, value, raw: String(value), excerpt: key });
  const column = (values: Record<string, number | null>) =>
    Object.entries(values).map(([row, n]) => v(`apply.${row}.total`, n));

  it("an identity fails, holds, or cannot be evaluated for a blank, with both sides", () => {
    const failing = runIdentityChecks(
      column({ new_received: 10, carried_over: 2, handled_total: 9, carried_forward: 2 }),
      "2021",
    ).find((c) => c.id === "T3-A");
    expect(failing).toMatchObject({
      status: "fail",
      left: "new_received + carried_over = 10 + 2 = 12",
      right: "handled_total + carried_forward = 9 + 2 = 11",
    });
    const blank = runIdentityChecks(
      column({ new_received: 10, carried_over: 2, handled_total: null, carried_forward: 2 }),
      "2021",
    ).find((c) => c.id === "T3-A");
    expect(blank?.status).toBe("not_evaluable");
    const nonneg = runIdentityChecks([v("apply.granted.total", -1)], "2021").find((c) => c.id === "NONNEG");
    expect(nonneg).toMatchObject({ status: "fail", left: "apply.granted.total = -1" });
  });

  it("X-3 compares a prose figure with its cell", () => {
    const [check] = runTextTableChecks([v("text.reviews", 3), v("review.total", 4)]);
    expect(check).toMatchObject({ id: "X-3", scope: "reviews", severity: "soft", status: "fail" });
  });

  it("says which values a check reads", () => {
    expect(checkValueKeys("T4-A:review", "2021").keys).toEqual([
      "review.total",
      "review.upheld",
      "review.corrected",
      "review.other",
      "review.pending",
    ]);
    expect(checkValueKeys("NONNEG:cells", "2021").allCells).toBe(true);
    expect(checkValueKeys("X-3:reviews", "2021").keys).toEqual(["text.reviews", "review.total"]);
  });
});

import { describe, expect, it } from "vitest";
import type { ExtractedValue } from "../types.js";
import { runIdentityChecks, runTextTableChecks } from "./identities.js";

const v = (key: string, value: number | null, raw = value === null ? "" : String(value)): ExtractedValue => ({
  key,
  value,
  raw,
  excerpt: key,
});

function column(column: string, numbers: Record<string, number | null>): ExtractedValue[] {
  return Object.entries(numbers).map(([row, n]) => v(`apply.${row}.${column}`, n));
}

describe("identity checks", () => {
  it("T3-A fails when carried_forward is wrong, showing both sides", () => {
    const values = column("total", {
      new_received: 10,
      carried_over: 2,
      handled_total: 9,
      carried_forward: 2,
    });
    const check = runIdentityChecks(values, "2021").find((c) => c.id === "T3-A" && c.scope === "total");
    expect(check).toMatchObject({
      status: "fail",
      left: "new_received + carried_over = 10 + 2 = 12",
      right: "handled_total + carried_forward = 9 + 2 = 11",
    });
  });

  it("T3-B sums the six requester columns into total", () => {
    const row = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"].map(
      (c, i) => v(`apply.granted.${c}`, i),
    );
    const pass = runIdentityChecks([...row, v("apply.granted.total", 15)], "2021").find(
      (c) => c.id === "T3-B",
    );
    const fail = runIdentityChecks([...row, v("apply.granted.total", 16)], "2021").find(
      (c) => c.id === "T3-B",
    );
    expect([pass?.status, fail?.status]).toEqual(["pass", "fail"]);
  });

  it("T3-C uses three 其他处理 rows in 2021 and one in 2019", () => {
    const common = { handled_total: 6, granted: 3, partially_granted: 1 };
    const y2021 = column("total", { ...common, "other_handling.no_correction": 1, "other_handling.misc": 1 });
    const y2019 = column("total", { ...common, "other_handling.total": 2 });
    expect(runIdentityChecks(y2021, "2021").find((c) => c.id === "T3-C")?.status).toBe("pass");
    expect(runIdentityChecks(y2019, "2019").find((c) => c.id === "T3-C")?.status).toBe("pass");
    expect(runIdentityChecks(y2019, "2021").find((c) => c.id === "T3-C")?.status).toBe("fail");
  });

  it("T4-A checks each of review, direct and after-review litigation", () => {
    const values = [
      v("review.upheld", 1),
      v("review.corrected", 1),
      v("review.other", 0),
      v("review.pending", 0),
      v("review.total", 3),
      v("litigation_direct.upheld", 2),
      v("litigation_direct.total", 2),
    ];
    const checks = runIdentityChecks(values, "2021").filter((c) => c.id === "T4-A");
    expect(checks.map((c) => [c.scope, c.status])).toEqual([
      ["review", "fail"],
      ["litigation_direct", "pass"],
    ]);
  });

  it("blank cells count as 0 beside numbers; an all-blank equation is not applicable", () => {
    const mixed = column("research", {
      new_received: 1,
      carried_over: null,
      handled_total: 1,
      carried_forward: null,
    });
    expect(runIdentityChecks(mixed, "2021").find((c) => c.id === "T3-A")?.status).toBe("pass");
    const blank = column("research", {
      new_received: null,
      carried_over: null,
      handled_total: null,
      carried_forward: null,
    });
    expect(runIdentityChecks(blank, "2021").find((c) => c.id === "T3-A")?.status).toBe("not_applicable");
  });

  it("flags negative and fractional counts, but not 增/减 or money", () => {
    const values = [
      v("apply.granted.total", -1),
      v("proactive.penalty.change", -2),
      v("proactive.fees.amount_10k_yuan", 1.5),
      v("review.total", 1.5),
    ];
    const check = runIdentityChecks(values, "2021").find((c) => c.id === "NONNEG");
    expect(check).toMatchObject({ status: "fail", left: "apply.granted.total = -1; review.total = 1.5" });
  });

  it("X-3 compares a count quoted in prose with the table, skipping approximate figures", () => {
    const exact = runTextTableChecks([
      v("text.applications_received", 30),
      v("apply.new_received.total", 31),
    ]);
    expect(exact).toMatchObject([
      { id: "X-3", severity: "soft", status: "fail", message: "the text says 30, the table 31" },
    ]);
    const approx = { ...v("text.applications_received", 30), approximate: true };
    expect(runTextTableChecks([approx, v("apply.new_received.total", 31)])).toEqual([]);
  });
});

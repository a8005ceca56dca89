import { formLabelKeys, identityCheckKeys, identityTerms } from "@touming/vocabulary";
import { describe, expect, it } from "vitest";
import { fixtureJson } from "../testing/fixtures.js";
import type { CheckResult, ExtractedValue } from "../types.js";
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
    // Read under the 2021 rules the 2019 table has no 其他处理 rows: cells never read are not 0.
    expect(runIdentityChecks(y2019, "2021").find((c) => c.id === "T3-C")?.status).toBe("not_evaluable");
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

  it("a blank 总计 is not a 0: the row is not evaluable, naming the blank cell, never a failure", () => {
    // 上海市人民政府办公厅 2019, table 三 row （一）予以公开: 258 | 12 | (blank) | (blank) | 1 | 1 | total blank.
    const row = [
      v("apply.granted.natural_person", 258),
      v("apply.granted.commercial", 12),
      v("apply.granted.research", null),
      v("apply.granted.social_org", null),
      v("apply.granted.legal_service", 1),
      v("apply.granted.other_org", 1),
      v("apply.granted.total", null),
    ];
    const check = runIdentityChecks(row, "2019").find((c) => c.id === "T3-B" && c.scope === "granted");
    expect(check).toMatchObject({
      status: "not_evaluable",
      left: "granted = 空",
      right:
        "natural_person + commercial + research + social_org + legal_service + other_org = 258 + 12 + 空 + 空 + 1 + 1 = 272",
      message:
        "T3-B cannot be evaluated for granted: blank apply.granted.total, apply.granted.research, apply.granted.social_org",
    });
    // The same row with its total printed is checked as usual: the blank requester cells could only
    // raise 272, never bring it down to 270, so the row fails; at 275 the blanks may hold the 3.
    const printed = (total: number) =>
      runIdentityChecks([...row.slice(0, 6), v("apply.granted.total", total)], "2019").find(
        (c) => c.id === "T3-B",
      )?.status;
    expect(printed(270)).toBe("fail");
    expect(printed(275)).toBe("not_evaluable");
    expect(printed(272)).toBe("pass");
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

  it("X-3 against a total the table leaves blank is not evaluable, never a failure", () => {
    // 上海市人民政府办公厅 2019 prints no 总计 on the row （一）予以公开.
    const checks = runTextTableChecks([v("text.applications_granted", 258), v("apply.granted.total", null)]);
    expect(checks).toMatchObject([{ id: "X-3", status: "not_evaluable", right: "apply.granted.total = 空" }]);
  });
});

/** A side as printed, `a + b = 1 + 2 = 3` or `a = 3`: its term labels, term values and sum. */
function readSide(expr: string): { labels: string[]; numbers: number[]; sum: number } {
  const [names = "", ...rest] = expr.split(" = ");
  const labels = names.split(" + ");
  const numbers = rest[0]!.split(" + ").map(Number); // a lone term is its sum
  return { labels, numbers, sum: Number(rest.at(-1)) };
}

const identityChecks = (checks: CheckResult[]) => checks.filter((c) => c.id !== "NONNEG");

describe("identity checks read their terms from the vocabulary", () => {
  it.each(["2019", "2021"] as const)(
    "every check on a full %s table sums exactly the keys identityTerms gives, in order",
    (format) => {
      // Each cell of the form holds its own number, so a printed number names the cell it came from.
      const keys = formLabelKeys(format);
      const keyOf = new Map(keys.map((key, i) => [i + 1, key]));
      const checks = identityChecks(
        runIdentityChecks(
          keys.map((key, i) => v(key, i + 1)),
          format,
        ),
      );
      expect(checks.map((c) => `${c.id}:${c.scope}`)).toEqual(identityCheckKeys(format));
      for (const check of checks) {
        const terms = identityTerms(`${check.id}:${check.scope}`, format)!;
        for (const side of ["left", "right"] as const) {
          const { labels, numbers } = readSide(check[side]);
          expect(numbers.map((n) => keyOf.get(n))).toEqual(terms[side]);
          // A label is the part of its key that tells the terms apart: `granted`, `natural_person`, `upheld`.
          labels.forEach((label, i) => expect(`.${terms[side][i]}.`).toContain(`.${label}.`));
        }
      }
    },
  );

  it.each([
    ["html/county-2020.expected.json", "2019", ["T3-A:natural_person", "T3-A:total"]],
    ["html/huaian-2024.expected.json", "2021", []],
  ] as const)("on the real %s (%s) each side sums identityTerms' cells", (file, format, failing) => {
    // The corpus writes a cell printed as "/" as that string; it is read as blank (null).
    const cells = fixtureJson<{ values: Record<string, number | string | null> }>(file).values;
    const number = (key: string) => (typeof cells[key] === "number" ? cells[key] : null);
    const checks = identityChecks(
      runIdentityChecks(
        Object.keys(cells).map((key) => v(key, number(key))),
        format,
      ),
    );
    expect(checks.map((c) => `${c.id}:${c.scope}`)).toEqual(identityCheckKeys(format));
    for (const check of checks) {
      const terms = identityTerms(`${check.id}:${check.scope}`, format)!;
      const sum = (side: "left" | "right") => terms[side].reduce((a, key) => a + (number(key) ?? 0), 0);
      expect([readSide(check.left).sum, readSide(check.right).sum]).toEqual([sum("left"), sum("right")]);
      expect(check.status).toBe(sum("left") === sum("right") ? "pass" : "fail");
    }
    expect(checks.filter((c) => c.status === "fail").map((c) => `${c.id}:${c.scope}`)).toEqual(failing);
  });
});

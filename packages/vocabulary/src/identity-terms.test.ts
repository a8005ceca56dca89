import { describe, expect, it } from "vitest";
import {
  applicationRows,
  handledRows,
  identityCheckKeys,
  identityTerms,
  formLabelKeys,
  type ReportFormat,
} from "./index.js";

const REQUESTERS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org"];

const HANDLED_BEFORE_OTHER = [
  "granted",
  "partially_granted",
  "withheld.state_secret",
  "withheld.law_forbidden",
  "withheld.security_stability",
  "withheld.third_party",
  "withheld.internal_affairs",
  "withheld.process_info",
  "withheld.enforcement_file",
  "withheld.admin_query",
  "unable.not_held",
  "unable.needs_creation",
  "unable.unclear",
  "not_processed.complaint",
  "not_processed.repeat",
  "not_processed.publication",
  "not_processed.mass_repeat",
  "not_processed.confirmation",
];

describe("identity terms", () => {
  it.each(["2019", "2021"] as const)(
    "T3-A sums new and carried-over against handled and forwarded (%s)",
    (format) => {
      expect(identityTerms("T3-A:natural_person", format)).toEqual({
        left: ["apply.new_received.natural_person", "apply.carried_over.natural_person"],
        right: ["apply.handled_total.natural_person", "apply.carried_forward.natural_person"],
      });
    },
  );

  it.each(["2019", "2021"] as const)(
    "T3-B sums a row's six requester columns into its total (%s)",
    (format) => {
      expect(identityTerms("T3-B:withheld.state_secret", format)).toEqual({
        left: ["apply.withheld.state_secret.total"],
        right: REQUESTERS.map((c) => `apply.withheld.state_secret.${c}`),
      });
    },
  );

  it("T3-B has the 其他处理 rows of its format only", () => {
    expect(identityTerms("T3-B:other_handling.total", "2019")).toEqual({
      left: ["apply.other_handling.total.total"],
      right: REQUESTERS.map((c) => `apply.other_handling.total.${c}`),
    });
    expect(identityTerms("T3-B:other_handling.fee_unpaid", "2021")?.left).toEqual([
      "apply.other_handling.fee_unpaid.total",
    ]);
    expect(identityTerms("T3-B:other_handling.total", "2021")).toBeNull();
    expect(identityTerms("T3-B:other_handling.fee_unpaid", "2019")).toBeNull();
  });

  it("T3-C sums one 其他处理 row in 2019 and three in 2021", () => {
    expect(identityTerms("T3-C:total", "2019")).toEqual({
      left: ["apply.handled_total.total"],
      right: [...HANDLED_BEFORE_OTHER, "other_handling.total"].map((r) => `apply.${r}.total`),
    });
    expect(identityTerms("T3-C:total", "2021")).toEqual({
      left: ["apply.handled_total.total"],
      right: [
        ...HANDLED_BEFORE_OTHER,
        "other_handling.no_correction",
        "other_handling.fee_unpaid",
        "other_handling.misc",
      ].map((r) => `apply.${r}.total`),
    });
  });

  it.each(["2019", "2021"] as const)("T4-A sums a group's four outcomes into its total (%s)", (format) => {
    expect(identityTerms("T4-A:review", format)).toEqual({
      left: ["review.total"],
      right: ["review.upheld", "review.corrected", "review.other", "review.pending"],
    });
  });

  it.each([
    ["NONNEG:cells"],
    ["X-1:carried_over"],
    ["X-3:reviews"],
    ["T3-A"],
    ["T3-A:nobody"],
    ["T3-C:withheld.state_secret"],
    ["T4-A:total"],
    ["T9-Z:total"],
  ])("%s is no identity between cells", (key) => {
    expect(identityTerms(key, "2021")).toBeNull();
  });

  it("lists every identity of a format once, in the order the checks run", () => {
    const keys = identityCheckKeys("2021");
    expect(keys.slice(0, 2)).toEqual(["T3-A:natural_person", "T3-A:commercial"]);
    expect(keys.at(-1)).toBe("T4-A:litigation_after_review");
    // 7 columns (T3-A) + 25 rows (T3-B) + 7 columns (T3-C) + 3 groups (T4-A)
    expect(keys).toHaveLength(42);
    expect(identityCheckKeys("2019")).toHaveLength(40);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(["2019", "2021"] as const)(
    "reads only cells the %s form prints, each row's once",
    (format: ReportFormat) => {
      const printed = new Set(formLabelKeys(format));
      const terms = identityCheckKeys(format).map((key) => identityTerms(key, format));
      for (const side of terms.flatMap((t) => (t ? [t.left, t.right] : []))) {
        for (const key of side) expect(printed.has(key), key).toBe(true);
        expect(new Set(side).size).toBe(side.length);
      }
      expect(terms).not.toContain(null);
    },
  );

  it.each(["2019", "2021"] as const)(
    "lists table 三's rows in the order the %s form prints them",
    (format) => {
      const printedRows = formLabelKeys(format)
        .filter((key) => key.startsWith("apply.") && key.endsWith(".total"))
        .map((key) => key.slice("apply.".length, -".total".length));
      expect(applicationRows(format)).toEqual(printedRows);
      expect(handledRows(format)).toEqual(printedRows.slice(2, -2));
    },
  );

  it("reads a legacy report's cells as 2021's", () => {
    expect(identityTerms("T3-C:total", "legacy")).toEqual(identityTerms("T3-C:total", "2021"));
  });
});

describe("the cached term lists", () => {
  it("hand each caller a copy of its own", () => {
    const rows = applicationRows("2021");
    rows.push("changed");
    const terms = identityTerms("T3-A:natural_person", "2021")!;
    terms.left.push("changed");
    handledRows("2021").pop();
    expect(applicationRows("2021")).not.toContain("changed");
    expect(identityTerms("T3-A:natural_person", "2021")?.left).toEqual([
      "apply.new_received.natural_person",
      "apply.carried_over.natural_person",
    ]);
    expect(handledRows("2021").at(-1)).toBe(applicationRows("2021").at(-3));
  });
});

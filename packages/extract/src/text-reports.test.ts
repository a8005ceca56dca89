import { describe, expect, it } from "vitest";
import { extract } from "./extract-markup.js";
import { fixture, fixtureJson } from "./testing/fixtures.js";

describe("a 2021 report flattened to text lines", () => {
  const result = extract({ bytes: fixture("text/huaian-2024-flattened.txt"), contentType: "text/plain" });
  const report = result.ok ? result : null;
  const expected = fixtureJson<{ values: Record<string, number> }>("html/huaian-2024.expected.json").values;
  const pick = (re: RegExp) => Object.fromEntries(Object.entries(expected).filter(([k]) => re.test(k)));
  const got = (re: RegExp) =>
    Object.fromEntries((report?.values ?? []).filter((v) => re.test(v.key)).map((v) => [v.key, v.value]));

  it("reads table 三 from label-and-numbers lines, joining wrapped labels and following group headers", () => {
    expect(got(/^apply\./)).toEqual(pick(/^apply\./));
  });

  it("reads table 四 given as a bare run of 15 numbers", () => {
    const review = /^(review|litigation_direct|litigation_after_review)\./;
    expect(got(review)).toEqual(pick(review));
  });

  it("reads table 四 after its heading when a scan's reading lost the heading's 四、", () => {
    const text = fixture("text/huaian-2024-flattened.txt")
      .toString("utf8")
      .replace("四、政府信息公开行政复议、行政诉讼情况", "、政府信息公开行政复议、行政诉讼情况");
    const lost = extract({ bytes: Buffer.from(text), contentType: "text/plain" });
    const review = /^(review|litigation_direct|litigation_after_review)\./;
    const values = lost.ok ? lost.values.filter((v) => review.test(v.key)) : [];
    expect(Object.fromEntries(values.map((v) => [v.key, v.value]))).toEqual(pick(review));
  });

  it("identifies the report, its format and its checks from text alone", () => {
    expect(report?.metadata).toMatchObject({
      agency: "淮安市人民政府",
      year: 2024,
      publishDate: "2025-01-20",
    });
    expect(report?.format).toBe("2021");
    expect(report?.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report?.checks.filter((c) => c.id === "T4-A").map((c) => c.status)).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });
});

describe("X-3", () => {
  it("a prose count that disagrees with the table is a warning, not a hard failure", () => {
    const text = fixture("text/huaian-2024-flattened.txt")
      .toString("utf8")
      .replace("收到政府信息公开申请3119件", "收到政府信息公开申请3118件");
    const result = extract({ bytes: Buffer.from(text), contentType: "text/plain" });
    expect(result.ok && result.checks.find((c) => c.id === "X-3")).toMatchObject({
      severity: "soft",
      status: "fail",
    });
    expect(result.ok && result.warnings).toContain(
      "X-3 applications_received: the text says 3118, the table 3119",
    );
  });
});

describe("a source error in table 四", () => {
  it("fails T4-A for that group only, with both sides, and keeps the printed numbers", () => {
    const text = fixture("text/huaian-2024-flattened.txt")
      .toString("utf8")
      .replace("72 64 178 37 351", "72 64 178 37 350");
    const result = extract({ bytes: Buffer.from(text), contentType: "text/plain" });
    if (!result.ok) throw new Error(result.error.message);
    const t4 = result.checks.filter((c) => c.id === "T4-A");
    expect(t4.map((c) => [c.scope, c.status])).toEqual([
      ["review", "fail"],
      ["litigation_direct", "pass"],
      ["litigation_after_review", "pass"],
    ]);
    expect(t4[0]).toMatchObject({
      left: "total = 350",
      right: "upheld + corrected + other + pending = 72 + 64 + 178 + 37 = 351",
    });
    expect(result.values.find((v) => v.key === "review.total")?.value).toBe(350);
  });
});

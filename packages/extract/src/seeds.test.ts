import { describe, expect, it } from "vitest";
import { extract } from "./extract-markup.js";
import { fixture, fixtureJson, fixtureNames } from "./testing/fixtures.js";
import type { ExtractedReport } from "./types.js";

interface SeedExpectation {
  agency: string;
  year: number;
  format: string;
  publish_date: string | null;
  sections_present: string[];
  sections_missing: string[];
  values: Record<string, { value: number; approximate?: boolean; excerpt: string }>;
  failing_checks: string[];
  contact?: Record<string, string>;
  metadata?: { index_no?: string; publisher?: string; catalogue?: string };
}

const seeds = fixtureNames("seeds").map((file) => ({
  file,
  expected: fixtureJson<SeedExpectation>(`expected/seed-${file.replace(/\.txt$/, "")}.json`),
}));

function run(file: string): ExtractedReport {
  const result = extract({
    bytes: fixture(`seeds/${file}`),
    url: `file:///${file}`,
    contentType: "text/plain",
  });
  if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
  return result;
}

describe.each(seeds)("seed $file", ({ file, expected }) => {
  const report = run(file);

  it("finds agency, year, format and publish date", () => {
    expect({
      agency: report.metadata.agency,
      year: report.metadata.year,
      format: report.format,
      publishDate: report.metadata.publishDate,
    }).toEqual({
      agency: expected.agency,
      year: expected.year,
      format: expected.format,
      publishDate: expected.publish_date,
    });
    expect(report.isReport).toBe(true);
  });

  it("finds the sections present and none of those missing", () => {
    const keys = report.sections.map((s) => s.key);
    for (const key of expected.sections_present) expect(keys, `section ${key}`).toContain(key);
    for (const key of expected.sections_missing) expect(keys, `section ${key}`).not.toContain(key);
  });

  it("finds exactly the expected prose figures, with approximation and source excerpt", () => {
    const tableOrText = report.values.filter((v) => v.key.startsWith("text."));
    expect(Object.fromEntries(tableOrText.map((v) => [v.key, v.value]))).toEqual(
      Object.fromEntries(Object.entries(expected.values).map(([k, v]) => [k, v.value])),
    );
    for (const [key, want] of Object.entries(expected.values)) {
      const got = report.values.find((v) => v.key === key)!;
      expect(Boolean(got.approximate), `${key} approximate`).toBe(Boolean(want.approximate));
      expect(got.excerpt, `${key} excerpt`).toContain(want.excerpt);
    }
  });

  it("reproduces the source's failing checks and no others", () => {
    const failing = report.checks
      .filter((c) => c.status === "fail" && c.severity === "hard")
      .map((c) => c.id);
    expect(failing).toEqual(expected.failing_checks);
  });

  if (expected.contact) {
    it("reads the contact block", () => {
      expect(report.metadata.contact).toMatchObject(expected.contact!);
    });
  }
  if (expected.metadata) {
    it("reads the site's metadata header as metadata, not as text", () => {
      expect({
        index_no: report.metadata.indexNo,
        publisher: report.metadata.publisher,
        catalogue: report.metadata.catalogue,
      }).toEqual(expected.metadata);
      expect(report.text).not.toContain("索引号");
    });
  }
});

describe("seed 003 (traditional script with pinyin)", () => {
  const report = run("003_0728df078b1b9443.txt");
  it("reads simplified text without pinyin and keeps real parentheses", () => {
    expect(report.text).toContain("根据《中华人民共和国政府信息公开条例》(以下简称《条例》)");
    expect(report.text).toContain("电话:0478—5212471(传真)");
    expect(report.text).not.toMatch(/[据国开称](\(|（)[a-zü]/);
    expect(report.warnings).toContain("converted traditional script to simplified");
  });
  it("flags a 2020 report written without the 2019-format tables", () => {
    expect(report.warnings).toContain(
      "a 2020 report must use the 2019 format with tables 二, 三 and 四; none were found",
    );
  });
});

import { loadRubric } from "@touming/grade";
import { defaultPdfChromium } from "@touming/publish/defaults";
import { describe, expect, it } from "vitest";
import { generationDate, parsePdfYears, publishOptions } from "./publish-options.js";
import { publishSettings, readSettings } from "./settings.js";

describe("--pdf-years", () => {
  it('reads "newest", "all", years and ranges (sorted, once each)', () => {
    expect(parsePdfYears("newest")).toBe("newest");
    expect(parsePdfYears("all")).toBe("all");
    expect(parsePdfYears("2024")).toEqual([2024]);
    expect(parsePdfYears("2024,2019-2021, 2020")).toEqual([2019, 2020, 2021, 2024]);
  });

  it("refuses anything else with one line naming the option", () => {
    for (const bad of ["", "latest", "24", "2024-2019", "2019-", "2024,,2023", "1999"])
      expect(() => parsePdfYears(bad), bad).toThrow(
        `--pdf-years: expected "newest", "all" or years such as 2023,2024 or 2019-2024, got "${bad}"`,
      );
  });

  it("reaches the publish stage", () => {
    const settings = publishSettings(readSettings({}));
    const now = new Date("2026-01-31T17:00:00Z");
    const options = { out: "o", pdf: true, pdfYears: [2023, 2024] };
    expect(publishOptions(loadRubric(), options, settings, now).pdfYears).toEqual([2023, 2024]);
    expect(publishOptions(loadRubric(), { out: "o", pdf: true }, settings, now).pdfYears).toBeUndefined();
  });
});

describe("the publish stage's options", () => {
  it("carry TOUMING_CHROMIUM and TOUMING_PDF_PAGES to the renderer, and the date of the cards", () => {
    const rubric = loadRubric();
    const settings = publishSettings(
      readSettings({ TOUMING_CHROMIUM: "/opt/chromium/chrome", TOUMING_PDF_PAGES: "3" }),
    );
    const now = new Date("2026-01-31T17:00:00Z");
    expect(publishOptions(rubric, { out: "out", pdf: true, year: 2024 }, settings, now)).toEqual({
      outDir: "out",
      rubric,
      pdf: true,
      year: 2024,
      generatedOn: "2026-02-01",
      chromiumPath: "/opt/chromium/chrome",
      pdfPages: 3,
    });
    expect(
      publishOptions(rubric, { out: "o", pdf: false }, publishSettings(readSettings({})), now),
    ).toMatchObject({
      chromiumPath: defaultPdfChromium(),
      pdfPages: 2,
    });
  });

  it("carry the issuing office of TOUMING_OFFICE_NAME and TOUMING_OFFICE_CONTACT, and none when unset", () => {
    const rubric = loadRubric();
    const now = new Date("2026-01-31T17:00:00Z");
    const options = (env: Record<string, string>) =>
      publishOptions(rubric, { out: "out", pdf: false }, publishSettings(readSettings(env)), now);
    expect(
      options({
        TOUMING_OFFICE_NAME: "示例市政务公开办公室",
        TOUMING_OFFICE_CONTACT: "gongkai@example.gov.cn",
      }).office,
    ).toEqual({ name: "示例市政务公开办公室", contact: "gongkai@example.gov.cn" });
    expect(options({ TOUMING_OFFICE_NAME: "示例市政务公开办公室" }).office).toEqual({
      name: "示例市政务公开办公室",
      contact: null,
    });
    expect("office" in options({})).toBe(false);
  });

  it("the generation date is today in China unless declared, and a bad one is refused", () => {
    expect(generationDate(new Date("2026-01-31T15:59:59Z"))).toBe("2026-01-31");
    expect(generationDate(new Date("2026-01-31T16:00:00Z"))).toBe("2026-02-01");
    expect(generationDate(new Date(), "2025-06-01")).toBe("2025-06-01");
    expect(() => generationDate(new Date(), "June 1")).toThrow('--date: expected YYYY-MM-DD, got "June 1"');
    // Before, these were printed on every page as they came.
    for (const impossible of ["2024-02-30", "2025-13-01", "2025-04-31"])
      expect(() => generationDate(new Date(), impossible)).toThrow(
        `--date: expected YYYY-MM-DD, got "${impossible}"`,
      );
    expect(generationDate(new Date(), "2024-02-29")).toBe("2024-02-29");
  });
});

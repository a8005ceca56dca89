import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import { useTempDirs, useTempStore } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { publishStage } from "../publish-stage.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";
import { inlineStylesheet, stylesheet } from "./stylesheet.js";

const tempDir = useTempDirs();
const newStore = useTempStore();

describe("the pages' stylesheet", () => {
  it("is named by its content and replaces only the layout's own link when inlined for printing", () => {
    const { path: file, css } = stylesheet();
    expect(file).toMatch(/^assets\/touming-[0-9a-f]{10}\.css$/);
    expect(css).toContain("@media print");
    const page = `<head><link rel="stylesheet" href="../../${file}"></head><body><p>&lt;link rel="stylesheet" href="x.css"&gt;</p></body>`;
    expect(inlineStylesheet(page)).toBe(
      `<head><style>\n${css}</style></head><body><p>&lt;link rel="stylesheet" href="x.css"&gt;</p></body>`,
    );
    // Another stylesheet (an older version's name, or anything else) is left as it is.
    const other = `<link rel="stylesheet" href="assets/touming-0000000000.css">`;
    expect(inlineStylesheet(other)).toBe(other);
  });

  it("is published once, linked by every page with no inline style, and an earlier version's file is removed", async () => {
    const store = await newStore();
    await seedStore(store);
    await gradeStore(store, loadRubric());
    const out = path.join(tempDir(), "out");
    mkdirSync(path.join(out, "assets"), { recursive: true });
    const old = path.join(out, "assets/touming-0123456789.css");
    writeFileSync(old, "p{}");
    await publishStage.run(stageContext(store), {
      outDir: out,
      rubric: loadRubric(),
      generatedOn: "2025-06-01",
      pdf: false,
    });
    const { path: file, css } = stylesheet();
    expect(readFileSync(path.join(out, file), "utf8")).toBe(css);
    expect(existsSync(old)).toBe(false);
    const pages = readdirSync(out, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".html") && !f.startsWith("archive"),
    );
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const html = readFileSync(path.join(out, page), "utf8");
      const depth = page.split(path.sep).length - 1;
      expect(html, page).toContain(`<link rel="stylesheet" href="${"../".repeat(depth)}${file}">`);
      expect(html, page).not.toContain("<style");
    }
  }, 60_000);
});

import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import { type Store, listPublications } from "@touming/store";
import { useTempDirs, useTempStore } from "@touming/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { type PublishOptions, pdfYearsOf } from "./publish-run.js";
import { publishStage } from "./publish-stage.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let store: Store;
let out: string;

const publish = async (options: Partial<PublishOptions> = {}) =>
  (
    await publishStage.run(stageContext(store), {
      outDir: out,
      rubric,
      generatedOn: "2025-06-01",
      ...options,
    })
  ).summary;
const has = (file: string) => existsSync(path.join(out, file));
/** The output's pages (or other files) by their ending, as paths under `out/`. */
const files = (ending: string) =>
  readdirSync(out, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(ending) && /^(cards|jurisdictions)\//.test(f))
    .map((f) => f.split(path.sep).join("/"));

beforeAll(async () => {
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  out = path.join(tempDir(), "out");
}, 60_000);

describe("the years whose cards get PDFs", () => {
  it('are the newest published year by default, every year with "all", or the years named', () => {
    expect([...pdfYearsOf("newest", [2022, 2024, 2023])]).toEqual([2024]);
    expect([...pdfYearsOf("newest", [])]).toEqual([]);
    expect([...pdfYearsOf("all", [2023, 2024])]).toEqual([2023, 2024]);
    expect([...pdfYearsOf([2019, 2023], [2023, 2024])]).toEqual([2023]);
  });

  it("by default: the newest year's cards and summary; older years' on request, kept while current", async () => {
    const first = await publish();
    // The test store grades 2019–2024; cards of 2023 (one agency) and 2024 (three).
    expect(has("cards/bad/2024.pdf") && has("cards/city/2024.pdf") && has("cards/quiet/2024.pdf")).toBe(true);
    expect(has("jurisdictions/city/2024.pdf")).toBe(true);
    expect(has("cards/bad/2023.html") && has("jurisdictions/city/2023.html")).toBe(true);
    expect(has("cards/bad/2023.pdf") || has("jurisdictions/city/2023.pdf")).toBe(false);
    expect(first.pdfs).toBe(4);
    const older = files(".html").filter((f) => !f.endsWith("2024.html"));
    expect(older).toContain("cards/bad/2023.html");
    expect(older.filter((f) => f.startsWith("jurisdictions/")).length).toBe(5);

    // Older years on request: only the missing PDFs are printed.
    const all = await publish({ pdfYears: "all" });
    expect(has("cards/bad/2023.pdf")).toBe(true);
    expect(all.pdfs).toBe(older.length);
    for (const page of older) expect(has(page.replace(/\.html$/, ".pdf")), page).toBe(true);
    const printed = statSync(path.join(out, "cards/bad/2023.pdf")).mtimeMs;

    // A default run again keeps it (its card did not change) and prints nothing.
    const again = await publish();
    expect(again.pdfs).toBe(0);
    expect(statSync(path.join(out, "cards/bad/2023.pdf")).mtimeMs).toBe(printed);
    const recorded = (await listPublications(store.db)).map((p) => p.path);
    expect(recorded).toContain("cards/bad/2023.pdf");

    // Years named: 2023 only, with --year 2024 publishing nothing of 2023.
    const named = await publish({ year: 2024, pdfYears: [2023] });
    expect(named.pdfs).toBe(0);
  }, 120_000);
});

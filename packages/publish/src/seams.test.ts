import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import { type Store, addReviews, gradesOf, listPublications } from "@touming/store";
import { sha256File, useTempDirs, useTempStore } from "@touming/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BUILT_IN_EXPORTERS,
  BUILT_IN_OUTPUTS,
  DATASETS,
  type Exporter,
  type Output,
  type PublishOptions,
  cardPath,
  publishStage,
} from "./index.js";
import { datasetFiles, jsonRecords, readOpenData } from "./testing/open-data.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

// The seams, through the package's public interface only: an output and an exporter of the caller's
// own, registered in the options, run by a real publish over a real store.

/** Every card of the run with its letter, one a line: made from the light reads alone. */
const feed: Output = {
  name: "feed",
  async open(run) {
    const lines: string[] = [];
    return {
      async batch(batch) {
        for (const agency of batch.agencies)
          for (const [year, headline] of batch.headlines.get(agency.id) ?? [])
            if (run.years.includes(year)) lines.push(`${cardPath(agency.id, year)} ${headline.letter}`);
      },
      async finish() {
        await run.write(["feed.txt"], lines.join("\n") + "\n", {
          kind: "feed",
          recorded: run.shared.get("feed.txt"),
        });
      },
    };
  },
};

/** Tab-separated values: a header line, a line per record, tabs and line breaks in cells as spaces. */
const tsv: Exporter = {
  extension: "tsv",
  start: (columns) => ({
    header: () => `${columns.join("\t")}\n`,
    record: (cells) => `${cells.map((c) => String(c ?? "").replace(/[\t\r\n]/g, " ")).join("\t")}\n`,
    footer: () => "",
  }),
};

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let dir: string;
let store: Store;
const out = () => path.join(dir, "out");

async function publish() {
  const options: PublishOptions = {
    outDir: out(),
    rubric,
    generatedOn: "2025-06-01",
    pdf: false,
    outputs: [...BUILT_IN_OUTPUTS, feed],
    exporters: [...BUILT_IN_EXPORTERS, tsv],
  };
  return (await publishStage.run(stageContext(store), options)).summary;
}

beforeAll(async () => {
  dir = tempDir();
  store = await newStore();
  await seedStore(store);
  // A correction by review, so that every dataset (the corrections too) has records.
  await addReviews(store.db, [
    {
      agencyId: "city",
      year: 2024,
      findingKey: null,
      fact: "publish_date",
      action: "correct",
      value: "2025-01-19",
      evidence: "http://city.example.gov.cn/ndbg/2024.html",
      fingerprint: null,
      reason: "以网站发布记录为准",
      reviewer: "张三",
    },
  ]);
  await gradeStore(store, rubric);
}, 60_000);

describe("publishing with an output and an exporter of the caller's own", () => {
  it("writes the output's file, records it with its sha256, and leaves it alone when nothing changed", async () => {
    const first = await publish();
    const file = path.join(out(), "feed.txt");
    const totals = (await gradesOf(store.db, {})).filter((g) => g.dimension === "total");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.sort()).toEqual(
      totals.map((g) => `${cardPath(g.agency_id, g.year)} ${String(g.evidence.letter)}`).sort(),
    );
    for (const line of lines) expect(existsSync(path.join(out(), line.split(" ")[0]!)), line).toBe(true);
    const recorded = (await listPublications(store.db)).find((p) => p.path === "feed.txt");
    expect([recorded?.kind, recorded?.sha256, recorded?.bytes]).toEqual([
      "feed",
      sha256File(file),
      statSync(file).size,
    ]);
    expect(first.written).toBeGreaterThan(0);

    const modified = statSync(file).mtimeMs;
    const again = await publish();
    expect([again.written, again.rendered, again.openDataRebuilt]).toEqual([0, 0, false]);
    expect(statSync(file).mtimeMs).toBe(modified);
    const still = (await listPublications(store.db)).find((p) => p.path === "feed.txt");
    expect(still).toEqual(recorded);
  });

  it("the exporter writes every dataset, as many records as the built-in formats, recorded as open data", async () => {
    const recorded = new Map((await listPublications(store.db)).map((p) => [p.path, p]));
    for (const dataset of DATASETS) {
      // Compressed like the built-in formats, a file per year for the datasets written by year.
      const files = datasetFiles(out(), dataset.name, "tsv");
      expect(files.length, dataset.name).toBe(dataset.byYear ? 6 : 1);
      const lines = files.flatMap((f) => {
        const [header, ...records] = readOpenData(out(), f).trimEnd().split("\n");
        expect(header).toBe(dataset.columns.join("\t"));
        return records;
      });
      const json = jsonRecords(out(), dataset.name);
      expect(lines.length).toBe(json.length);
      expect(json.length).toBeGreaterThan(0);
      for (const f of files) {
        const row = recorded.get(f);
        expect([row?.kind, row?.sha256]).toEqual(["data", sha256File(path.join(out(), f))]);
      }
    }
  });

  it("an exporter whose files cannot be opened fails the publish and leaves no temporary file", async () => {
    const unsafe: Exporter = { ...tsv, extension: "t sv" };
    const options: PublishOptions = {
      outDir: out(),
      rubric,
      generatedOn: "2025-06-02",
      pdf: false,
      exporters: [...BUILT_IN_EXPORTERS, unsafe],
    };
    await expect(publishStage.run(stageContext(store), options)).rejects.toThrow(/t sv/);
    // Before, the files opened before it (grades.csv, grades.json) stayed as open temporary files.
    expect(
      readdirSync(path.join(out(), "data"), { recursive: true, encoding: "utf8" }).filter((f) =>
        f.endsWith(".tmp"),
      ),
    ).toEqual([]);
  });
});

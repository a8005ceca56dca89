import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { loadRubric } from "@touming/grade";
import { type Store, deleteGradesOfYears, listPublications, recordPublications } from "@touming/store";
import { fileHashes, useTempDirs, useTempStore } from "@touming/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { DATASETS } from "../datasets.js";
import { BUILT_IN_EXPORTERS } from "../exporters/built-in.js";
import { openDataFiles } from "../open-data-layout.js";
import { publishStage } from "../publish-stage.js";
import { fileSize } from "../render/file-size.js";
import { csvTable, jsonRecords, readOpenData } from "../testing/open-data.js";
import { parseCsv } from "../testing/parse-csv.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore();
const tempDir = useTempDirs();

let store: Store;
let out: string;

const publish = async (outDir = out) =>
  (await publishStage.run(stageContext(store), { outDir, rubric, generatedOn: "2025-06-01", pdf: false }))
    .summary;

/** Every file under `out/data`, relative to the output directory. */
const dataFilesOnDisk = (dir = out) =>
  readdirSync(path.join(dir, "data"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();

/** The store's graded years. */
const gradedYears = async () =>
  (await store.db.selectFrom("grades").select("year").distinct().orderBy("year").execute()).map(
    (g) => g.year,
  );

beforeEach(async () => {
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  out = path.join(tempDir(), "out");
  await publish();
});

describe("the open data's files", () => {
  it("are the large datasets a file per year, the others one file, each format gzip-compressed; nothing else", async () => {
    const years = await gradedYears();
    expect(years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(dataFilesOnDisk()).toEqual(
      [
        ...["grades", "findings", "corrections"].flatMap((d) => [`data/${d}.csv.gz`, `data/${d}.json.gz`]),
        ...years.flatMap((y) =>
          ["values", "checks"].flatMap((d) => [`data/${y}/${d}.csv.gz`, `data/${y}/${d}.json.gz`]),
        ),
      ].sort(),
    );
    expect(dataFilesOnDisk()).toEqual(
      openDataFiles(BUILT_IN_EXPORTERS, years)
        .map((f) => f.path)
        .sort(),
    );
    // Each year's file holds that year's records alone; the whole datasets hold every year's.
    for (const year of years)
      for (const dataset of ["values", "checks"]) {
        const { header, rows } = csvTable(out, dataset);
        const inFile = parseCsv(readOpenData(out, `data/${year}/${dataset}.csv.gz`));
        expect(inFile[0]).toEqual(header);
        // Reports are stored for 2023 and 2024 alone: the other years' files have the header only.
        expect(inFile.length > 1, `${year} ${dataset}`).toBe(year >= 2023);
        expect(inFile.slice(1)).toEqual(rows.filter((r) => r[header.indexOf("year")] === String(year)));
      }
    expect(new Set(jsonRecords<{ year: number }>(out, "grades").map((g) => g.year))).toEqual(new Set(years));
  });

  it("decompress to CSV with its BOM and to JSON, with every column of every dataset, the same records in both", () => {
    for (const dataset of DATASETS) {
      const { header, rows } = csvTable(out, dataset.name);
      expect(header, dataset.name).toEqual(dataset.columns);
      const json = jsonRecords(out, dataset.name);
      expect(json.length, dataset.name).toBe(rows.length);
      for (const record of json) expect(Object.keys(record)).toEqual(dataset.columns);
      if (dataset.name !== "corrections") expect(rows.length, dataset.name).toBeGreaterThan(0);
    }
    for (const file of ["data/grades.csv.gz", "data/2024/values.csv.gz"]) {
      const bytes = gunzipSync(readFileSync(path.join(out, file)));
      expect([...bytes.subarray(0, 3)], file).toEqual([0xef, 0xbb, 0xbf]);
    }
    // A value's fields, as stored.
    const value = jsonRecords<Record<string, unknown>>(out, "values").find(
      (v) => v.agency_id === "city" && v.key === "apply.carried_over.total",
    );
    expect(value).toMatchObject({ year: 2024, state: "graded", value: expect.any(Number) });
  });

  it("are the same bytes from the same store, with no name or time in the gzip header", async () => {
    const other = path.join(tempDir(), "out");
    await publish(other);
    const data = (dir: string) =>
      Object.fromEntries(Object.entries(fileHashes(dir)).filter(([f]) => f.startsWith("data")));
    expect(Object.keys(data(out)).length).toBe(3 * 2 + 6 * 2 * 2);
    expect(data(other)).toEqual(data(out));
    const gz = readFileSync(path.join(out, "data/2024/values.csv.gz"));
    // Magic, deflate, no flags (no file name), mtime 0.
    expect([...gz.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
  });
});

describe("publishing again", () => {
  it("replaces only the files of the year whose reports changed", async () => {
    const stats = () =>
      Object.fromEntries(
        dataFilesOnDisk().map((f) => {
          const s = statSync(path.join(out, f));
          return [f, `${s.ino}@${s.mtimeMs}`];
        }),
      );
    const beforeStats = stats();
    const beforeHashes = fileHashes(out);
    const report = await store.db
      .selectFrom("reports")
      .select("id")
      .where("agency_id", "=", "bad")
      .where("year", "=", 2023)
      .executeTakeFirstOrThrow();
    await store.db
      .updateTable("report_values")
      .set({ excerpt: "更正后的摘录" })
      .where("report_id", "=", report.id)
      .execute();
    await store.db
      .updateTable("reports")
      .set({ updated_at: new Date(Date.now() + 86_400_000).toISOString() })
      .where("id", "=", report.id)
      .execute();

    const summary = await publish();
    expect(summary.openDataRebuilt).toBe(true);
    const afterStats = stats();
    const afterHashes = fileHashes(out);
    const replaced = Object.keys(afterStats).filter((f) => afterStats[f] !== beforeStats[f]);
    expect(replaced).toEqual(["data/2023/values.csv.gz", "data/2023/values.json.gz"]);
    for (const f of replaced) expect(afterHashes[f]).not.toBe(beforeHashes[f]);
    expect(
      jsonRecords<{ year: number; excerpt: string }>(out, "values").filter((v) => v.year === 2023),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ excerpt: "更正后的摘录" })]));
    // What `publications` says of each file is what is on disk.
    const recorded = new Map((await listPublications(store.db)).map((p) => [p.path, p]));
    for (const f of dataFilesOnDisk())
      expect([recorded.get(f)?.sha256, recorded.get(f)?.bytes], f).toEqual([
        afterHashes[f],
        statSync(path.join(out, f)).size,
      ]);
  });

  it("removes the files of an earlier layout and of a year no longer graded, and forgets them", async () => {
    // What an earlier version published: every dataset uncompressed in data/.
    const old = DATASETS.flatMap((d) => [`data/${d.name}.csv`, `data/${d.name}.json`]);
    for (const f of old) writeFileSync(path.join(out, f), "old");
    await recordPublications(
      store.db,
      old.map((f) => ({ path: f, kind: "data", sha256: "0".repeat(64), bytes: 3, inputs: "old" })),
    );
    // Nothing the open data is made from changed: it is current, and the old files still go.
    const current = await publish();
    expect(current.openDataRebuilt).toBe(false);
    for (const f of old) expect(existsSync(path.join(out, f)), f).toBe(false);

    // 2019 withdrawn from every agency (outside their windows now): its folder goes.
    for (const agency of ["city", "bad", "quiet"]) await deleteGradesOfYears(store.db, agency, [2019]);
    expect(await gradedYears()).toEqual([2020, 2021, 2022, 2023, 2024]);
    await publish();
    expect(existsSync(path.join(out, "data/2019"))).toBe(false);
    expect(dataFilesOnDisk().filter((f) => f.startsWith("data/2020/"))).toHaveLength(4);
    const paths = (await listPublications(store.db)).map((p) => p.path);
    expect(paths.filter((p) => p.startsWith("data/"))).toEqual(dataFilesOnDisk());
  });
});

it("the index lists every open-data file with what it holds and its size", () => {
  const index = readFileSync(path.join(out, "index.html"), "utf8");
  for (const f of dataFilesOnDisk()) {
    const size = fileSize(statSync(path.join(out, f)).size);
    const label = f.includes(".csv") ? "表格" : "结构化数据";
    expect(index, f).toContain(`<a href="${f}">${label}</a>（${size}）`);
  }
  expect(index).toContain(
    "<tr><td>报告数据</td><td>2024年度</td><td>从年度报告中读取的每个数值，及其所在表格位置和原文摘录</td>",
  );
});

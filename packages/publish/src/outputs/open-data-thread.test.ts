import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadRubric } from "@touming/grade";
import { type Store, listPublications } from "@touming/store";
import { fileHashes, testStageContext, useTempDirs, useTempStore } from "@touming/testing";
import { beforeEach, expect, it } from "vitest";
import { BUILT_IN_EXPORTERS } from "../exporters/built-in.js";
import { publishStage } from "../publish-stage.js";
import { jsonRecords } from "../testing/open-data.js";
import { gradeStore, seedStore, stageContext } from "../testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore();
const tempDir = useTempDirs();
let store: Store;

beforeEach(async () => {
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
});

const options = (outDir: string) => ({ outDir, rubric, generatedOn: "2025-06-01", pdf: false });
const dataHashes = (out: string) => fileHashes(path.join(out, "data"));
/** Every file under the directory, relative to it. */
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

it("writes on its own thread byte for byte what the publish thread writes, and records every file", async () => {
  const onThread = path.join(tempDir(), "out");
  await publishStage.run(stageContext(store), options(onThread));
  // Copies of the built-in exporters are code of the caller's: written on the publish thread.
  const here = path.join(tempDir(), "out");
  const copies = BUILT_IN_EXPORTERS.map((e) => ({ ...e }));
  await publishStage.run(stageContext(store), { ...options(here), exporters: copies });
  const hashes = dataHashes(onThread);
  expect(Object.keys(hashes).length).toBe(6 * 2 * 2 + 3 * 2);
  expect(dataHashes(here)).toEqual(hashes);
  // Every record of every graded agency-year is there.
  const grades = await store.db.selectFrom("grades").select(["agency_id", "year"]).distinct().execute();
  const totals = jsonRecords<{ agency_id: string; year: number; dimension: string }>(
    onThread,
    "grades",
  ).filter((r) => r.dimension === "total");
  expect(totals.length).toBe(grades.length);
  const recorded = (await listPublications(store.db)).filter((p) => p.kind === "data");
  expect(Object.fromEntries(recorded.map((p) => [p.path.slice("data/".length), p.sha256]))).toEqual(hashes);
});

it("a run stopped while the thread writes leaves no open-data file, finished or partial", async () => {
  const out = path.join(tempDir(), "out");
  const { ctx } = testStageContext(store, { onProgress: (_, abort) => abort.abort() });
  await publishStage.run(ctx, options(out));
  expect(ctx.signal.aborted).toBe(true);
  expect(filesUnder(out).filter((f) => f.startsWith("data") || f.endsWith(".tmp"))).toEqual([]);
  expect((await listPublications(store.db)).filter((p) => p.kind === "data")).toEqual([]);
});

it("a failure on the thread fails the run, saying what failed, and records no open-data file", async () => {
  const out = path.join(tempDir(), "out");
  mkdirSync(out, { recursive: true });
  // Where the open data's folder goes, a file: the thread cannot open its files.
  writeFileSync(path.join(out, "data"), "not a folder");
  await expect(publishStage.run(stageContext(store), options(out))).rejects.toThrow(/^open data: .*data/);
  expect((await listPublications(store.db)).filter((p) => p.kind === "data")).toEqual([]);
  expect(filesUnder(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
});

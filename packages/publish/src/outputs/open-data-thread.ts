import { parentPort, workerData } from "node:worker_threads";
import { type Agency, type StoreOptions, openStore } from "@touming/store";
import { readWhole } from "../agency-walk.js";
import { BUILT_IN_EXPORTERS } from "../exporters/built-in.js";
import { openDataFiles } from "../open-data-layout.js";
import type { Recorded, Written } from "../output-files.js";
import { OpenDataFiles } from "./open-data-files.js";

/**
 * Agencies read whole at a time: a quarter of the publish thread's batch, so that the thread adds
 * little to the stage's peak memory (at 3,000 agencies, batches of 100 here raised it by 120 MiB).
 */
const OPEN_DATA_BATCH = 25;

/** What the open-data thread is started with: plain data (an exporter is named by its extension). */
export interface OpenDataThreadData {
  store: StoreOptions;
  outDir: string;
  /** Every agency of the registry, ordered by id. */
  agencies: readonly Agency[];
  /** Every graded year, ascending. */
  years: readonly number[];
  /** The built-in exporters of the run, by extension, in their order. */
  exporters: readonly string[];
  /** What `publications` recorded of each open-data file, by path. */
  recorded: Readonly<Record<string, Recorded>>;
}

/** The thread's one answer: the files written, why it failed, or that it stopped when told. */
export type OpenDataThreadAnswer = { written: Written[] } | { error: string } | { abandoned: true };

/**
 * A message to the thread: the run finished, put the files in place; or it stopped, remove what
 * was written (a stopped run replaces no file).
 */
export type OpenDataThreadRequest = { finish: true } | { abandon: true };

/**
 * The open data written on a thread of its own while the publish thread makes the cards: it opens
 * the store itself (reading only), reads every agency whole a batch at a time, and writes each
 * graded year's records to every file; then it waits for the run to finish (the files are put in
 * place) or to stop (they are removed). It answers once, then ends.
 */
const port = parentPort;
if (!port) throw new Error("the open-data thread runs inside a worker thread");
const data = workerData as OpenDataThreadData;
let stopped = false;
let decide: (finish: boolean) => void = () => undefined;
/** Whether the run finished (true) or stopped: the files are put in place only when it finished. */
const decided = new Promise<boolean>((resolve) => (decide = resolve));
port.on("message", (message: OpenDataThreadRequest) => {
  if ("abandon" in message) stopped = true;
  decide(!stopped);
});

async function writeAll(): Promise<OpenDataThreadAnswer> {
  const exporters = data.exporters.map((extension) => {
    const exporter = BUILT_IN_EXPORTERS.find((e) => e.extension === extension);
    if (!exporter) throw new Error(`no built-in exporter writes .${extension} files`);
    return exporter;
  });
  const store = await openStore(data.store);
  try {
    const files = await OpenDataFiles.open(data.outDir, openDataFiles(exporters, data.years), data.years);
    try {
      for (let i = 0; i < data.agencies.length && !stopped; i += OPEN_DATA_BATCH)
        for (const { agency, graded } of await readWhole(
          store.db,
          data.agencies.slice(i, i + OPEN_DATA_BATCH),
        ))
          for (const { grade, report } of graded) await files.write({ agency, grade, report });
      if (!stopped && (await decided)) return { written: await files.finish((path) => data.recorded[path]) };
    } catch (error) {
      await files.abandon();
      throw error;
    }
    await files.abandon();
    return { abandoned: true };
  } finally {
    await store.close();
  }
}

writeAll()
  .then(
    (answer) => port.postMessage(answer satisfies OpenDataThreadAnswer),
    (error: unknown) =>
      port.postMessage({
        error: error instanceof Error ? error.message : String(error),
      } satisfies OpenDataThreadAnswer),
  )
  .finally(() => port.close());

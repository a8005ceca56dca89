import { stat } from "node:fs/promises";
import path from "node:path";
import { openDataFiles } from "../open-data-layout.js";
import type { Output, PublishRun } from "../output.js";
import { type DataFileEntry, type IndexCell, indexView } from "../render/index-view.js";

/** The open data's files on disk, with their sizes (the open data output has written them by now). */
async function dataOnDisk(run: PublishRun): Promise<DataFileEntry[]> {
  const entries: DataFileEntry[] = [];
  for (const file of openDataFiles(run.exporters, run.allYears)) {
    const info = await stat(path.join(run.outDir, file.path)).catch(() => null);
    if (info?.isFile())
      entries.push({
        path: file.path,
        dataset: file.dataset,
        year: file.year,
        extension: file.exporter.extension,
        bytes: info.size,
      });
  }
  return entries;
}

/**
 * The index page: every graded year (whatever year the run publishes), the latest first, by
 * jurisdiction and by agency (a grid of every agency's letters, grouped by jurisdiction), and the
 * open data's files with what each holds and its size.
 */
export const indexOutput: Output = {
  name: "index",
  async open(run) {
    /** By agency id, then year. */
    const cells = new Map<string, Map<number, IndexCell>>();
    return {
      async batch(batch) {
        for (const agency of batch.agencies) {
          const years = [...(batch.headlines.get(agency.id) ?? [])];
          cells.set(agency.id, new Map(years.map(([y, h]) => [y, { state: h.state, letter: h.letter }])));
        }
      },
      async finish() {
        const view = indexView({
          common: run.common,
          letters: run.letters,
          grades: run.rubric.grades,
          agencies: run.agencies,
          jurisdictions: run.jurisdictions,
          years: run.allYears,
          data: { extensions: run.exporters.map((e) => e.extension), files: await dataOnDisk(run) },
          gradeOf: (agencyId, year) => cells.get(agencyId)?.get(year),
        });
        await run.write(["index.html"], run.templates.index(view), {
          kind: "index",
          recorded: run.shared.get("index.html"),
        });
      },
    };
  },
};

import { DATASETS } from "../datasets.js";
import type { Output } from "../output.js";
import { type IndexCell, indexView } from "../render/index-view.js";

/**
 * The index page: every graded year (whatever year the run publishes), the latest first, by
 * jurisdiction and by agency (a grid of every agency's letters, grouped by jurisdiction).
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
          data: { datasets: DATASETS.map((d) => d.name), extensions: run.exporters.map((e) => e.extension) },
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

import { summaryFiguresOfAgencies } from "@touming/store";
import { pdfOf } from "../output-files.js";
import type { AgencyBatch, Output, OutputRun, PublishRun } from "../output.js";
import { summaryPath } from "../render/page-paths.js";
import { SUMMARY_KEYS, type SummaryLine, type SummaryYearCell, summaryView } from "../render/summary-view.js";

/**
 * A summary per jurisdiction and year (HTML, and a PDF of it): every member's grade, the change
 * against the year before, the biggest drops, the jurisdiction's totals and the grid of every
 * member's earlier years. Made from light reads, kept small per agency-year, and written after the
 * walk.
 */
export const summariesOutput: Output = {
  name: "jurisdiction summaries",
  async open(run) {
    return new SummariesRun(run);
  },
};

class SummariesRun implements OutputRun {
  /** By agency id, then year: the years summarised and the years before them. */
  private readonly lines = new Map<string, Map<number, SummaryLine>>();
  /** By agency id, then year: every year up to the latest summarised, as state, letter and score alone. */
  private readonly history = new Map<string, Map<number, SummaryYearCell>>();

  constructor(private readonly run: PublishRun) {}

  async batch(batch: AgencyBatch): Promise<void> {
    const wanted = (year: number) => this.run.years.includes(year) || this.run.years.includes(year + 1);
    const last = Math.max(...this.run.years);
    const ids = batch.agencies.map((a) => a.id);
    const figures = await summaryFiguresOfAgencies(this.run.store.db, ids, SUMMARY_KEYS);
    for (const agency of batch.agencies) {
      const kept = new Map<number, SummaryLine>();
      const past = new Map<number, SummaryYearCell>();
      for (const [year, headline] of batch.headlines.get(agency.id) ?? []) {
        if (year <= last)
          past.set(year, { state: headline.state, letter: headline.letter, score: headline.score });
        if (!wanted(year)) continue;
        const own = headline.missing ? undefined : figures.get(agency.id)?.get(year);
        kept.set(year, {
          agencyId: agency.id,
          name: agency.name,
          ...headline,
          failedChecks: own?.failedHardChecks ?? 0,
          sums: SUMMARY_KEYS.map((k) => own?.values.get(k) ?? null),
        });
      }
      this.lines.set(agency.id, kept);
      this.history.set(agency.id, past);
    }
  }

  async finish(): Promise<void> {
    const lineOf = (agencyId: string, year: number) => this.lines.get(agencyId)?.get(year);
    for (const year of this.run.years) {
      for (const group of this.run.jurisdictions) {
        const members = group.members
          .map((a) => ({ now: lineOf(a.id, year), before: lineOf(a.id, year - 1) }))
          .filter((m): m is { now: SummaryLine; before: SummaryLine | undefined } => m.now !== undefined);
        if (members.length === 0) continue;
        const grid = group.members.map((a) => ({
          agencyId: a.id,
          name: a.name,
          years: this.history.get(a.id) ?? new Map<number, SummaryYearCell>(),
        }));
        const view = summaryView(group.name, year, this.run.letters, members, this.run.common, {
          grid,
          grades: this.run.rubric.grades,
        });
        await this.run.writeLater(
          ["jurisdictions", group.id, `${year}.html`],
          this.run.templates.summary(view),
          {
            kind: "summary",
            year,
            recorded: this.run.shared.get(summaryPath(group.id, year)),
            pdfRecorded: this.run.shared.has(pdfOf(summaryPath(group.id, year))),
            pdfHeader: `${group.name} · ${year}年度汇总`,
          },
        );
        this.run.summary.summaries++;
      }
    }
  }
}

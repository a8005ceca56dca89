import { createHash } from "node:crypto";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { type Agency, forgetPublications, listPublications } from "@touming/store";
import { pdfOf, stillRecorded } from "../output-files.js";
import type { AgencyBatch, AgencyRecord, Output, OutputRun, PublishRun } from "../output.js";
import { cardView } from "../render/card-view.js";
import { SCAN_NAMING } from "../render/ocr-marks.js";
import { cardPath } from "../render/page-paths.js";
import { ARCHIVE_NAMING, archivePath } from "./archives.js";

/**
 * A report card per graded agency-year (HTML, and a PDF of it): its grade, indicators, trends and
 * failed checks. An agency's cards are rendered again only when what they are made from changed
 * (see `cardInputs`) or one of them is not in place.
 */
export const cardsOutput: Output = {
  name: "cards",
  async open(run) {
    return new CardsRun(run);
  },
};

class CardsRun implements OutputRun {
  /** What every card shares: the page header, the templates, the rubric's minimum sample, the archives' names. */
  private readonly context: string;
  /** The cards the run's agency-years have (written or found current): any other card of its years is stale. */
  private readonly expected = new Set<string>();

  constructor(private readonly run: PublishRun) {
    this.context = JSON.stringify([
      run.common,
      run.templates.version,
      run.rubric.indicators.minSample,
      ARCHIVE_NAMING,
      SCAN_NAMING,
    ]);
  }

  async isCurrent(agency: Agency, batch: AgencyBatch): Promise<boolean> {
    const inputs = this.inputsOf(agency, batch);
    for (const year of this.cardYears(agency, batch)) {
      const card = cardPath(agency.id, year);
      const known = batch.recorded.get(card);
      const file = path.join(this.run.outDir, card);
      if (known?.inputs !== inputs || !(await stillRecorded(file, known.sha256, known))) return false;
      if (this.run.printsPdf(year) && !(await stat(pdfOf(file)).catch(() => null))) return false;
    }
    return true;
  }

  /** Counts the cards of the agencies not renewed: made from the same inputs before and in place. */
  async batch(batch: AgencyBatch): Promise<void> {
    for (const agency of batch.agencies)
      for (const year of this.cardYears(agency, batch)) this.expected.add(cardPath(agency.id, year));
    for (const agency of batch.agencies) {
      if (batch.renewed.has(agency.id)) continue;
      const current = this.cardYears(agency, batch).length;
      this.run.summary.cards += current;
      this.run.summary.unchanged += current;
      this.run.advance(current, agency.id);
    }
  }

  async agency(record: AgencyRecord, batch: AgencyBatch): Promise<void> {
    const { agency } = record;
    const inputs = this.inputsOf(agency, batch);
    const jurisdiction = this.run.jurisdictionOf.get(agency.id)!;
    for (const { grade, report, renew } of record.graded) {
      if (this.run.signal.aborted) return;
      if (!renew) continue;
      const view = cardView({
        agency,
        grade,
        reports: record.reports,
        jurisdiction,
        archivePath: archivePath(report?.document),
        minSample: this.run.rubric.indicators.minSample,
        common: this.run.common,
      });
      await this.run.writeLater(["cards", agency.id, `${grade.year}.html`], this.run.templates.card(view), {
        kind: "card",
        agencyId: agency.id,
        year: grade.year,
        inputs,
        recorded: batch.recorded.get(cardPath(agency.id, grade.year)),
        pdfRecorded: batch.recorded.has(pdfOf(cardPath(agency.id, grade.year))),
        pdfHeader: `${agency.name} · ${grade.year}年度报告评估 · ${grade.letter} ${grade.score}分`,
      });
      this.run.summary.cards++;
      this.run.summary.rendered++;
      this.run.advance(1, agency.id);
    }
  }

  /**
   * Removes the cards (and their PDFs) of the run's years that no agency-year has any more: a year
   * taken out of an agency's monitoring window, an agency taken out of the registry. Not after a
   * stopped run, which did not see every agency.
   */
  async finish(): Promise<void> {
    if (this.run.signal.aborted) return;
    const stale = (await listPublications(this.run.store.db)).filter(
      (p) =>
        (p.kind === "card" || p.kind === "card-pdf") &&
        p.year !== null &&
        this.run.years.includes(p.year) &&
        !this.expected.has(p.kind === "card" ? p.path : p.path.replace(/\.pdf$/, ".html")),
    );
    for (const p of stale) await rm(path.join(this.run.outDir, p.path), { force: true });
    await forgetPublications(
      this.run.store.db,
      stale.map((p) => p.path),
    );
    this.run.summary.removed += stale.length;
  }

  /** The years the run makes the agency's cards for. */
  private cardYears(agency: Agency, batch: AgencyBatch): number[] {
    return [...(batch.headlines.get(agency.id)?.keys() ?? [])].filter((y) => this.run.years.includes(y));
  }

  /**
   * What an agency's cards are made from, as one hash: its registry entry, its jurisdiction, the
   * stamp of its grades, reports and sources, and what every card shares.
   */
  private inputsOf(agency: Agency, batch: AgencyBatch): string {
    const jurisdiction = this.run.jurisdictionOf.get(agency.id)!;
    const { id, name, level, parentId, regionCode, siteUrl, listUrls, deadlineOverride } = agency;
    const entry = [id, name, level, parentId, regionCode, siteUrl, listUrls, deadlineOverride];
    return createHash("sha256")
      .update(
        JSON.stringify([
          entry,
          jurisdiction.id,
          jurisdiction.name,
          batch.stamps.get(agency.id)!,
          this.context,
        ]),
      )
      .digest("hex");
  }
}

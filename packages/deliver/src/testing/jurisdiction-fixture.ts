import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Agency, type StoreDb, recordPublications, saveGrades, upsertAgencies } from "@touming/store";

/** One member's grade in a fixture year: a letter, a score and the dimensions that lost points. */
export interface FixtureGrade {
  letter: string;
  score: number;
  state?: "graded" | "not_found" | "unverifiable";
  stateReason?: string;
  /** Caps that bound the score (as the total's evidence holds them). */
  caps?: { kind: string; maxScore: number; reason: string }[];
  /** Lost points: dimension key → [points, max, reason]. */
  lost?: Record<string, [number, number, string]>;
}

const base = {
  regionCode: "130500",
  siteUrl: null,
  // Loopback (port 9, nothing listens): a test that crawls these agencies never leaves the machine.
  listUrls: ["http://127.0.0.1:9/qinghe/gk/"],
  deadlineOverride: null,
  monitorFrom: null,
  monitorUntil: null,
  crawlOptions: { allowPrivateAddresses: true, minHostDelayMs: 0 },
};

/** 清河县 (a county whose office gets its jurisdiction's results) with two departments under it. */
export const QINGHE: Agency[] = [
  {
    ...base,
    id: "qinghe",
    name: "清河县人民政府",
    level: "county",
    parentId: null,
    recipients: ["gkb@qinghe.example.gov.cn"],
  },
  { ...base, id: "qinghe-jyj", name: "清河县教育局", level: "department", parentId: "qinghe" },
  { ...base, id: "qinghe-gaj", name: "清河县公安局", level: "department", parentId: "qinghe" },
];

/** PDF-like bytes unique to a page and a version, so the tests can compare attachments byte for byte. */
export const fakePdf = (page: string, version: number): Buffer =>
  Buffer.concat([
    Buffer.from(`%PDF-1.7\n% ${page} v${version}\n`),
    createHash("sha256").update(`${page}:${version}`).digest(),
    Buffer.from("\n%%EOF\n"),
  ]);

/**
 * Grades a year of the fixture's agencies and "publishes" it: the summary's and the cards' HTML
 * and PDF files written under `outDir` and recorded in `publications`, as publish would.
 * `version` changes the PDFs' bytes.
 */
export async function gradeAndPublish(
  db: StoreDb,
  outDir: string,
  year: number,
  grades: Record<string, FixtureGrade>,
  version = 1,
): Promise<void> {
  const agencies = QINGHE.filter((a) => grades[a.id]);
  await saveGrades(
    db,
    agencies.map((a) => {
      const g = grades[a.id]!;
      const lost = Object.entries(g.lost ?? {});
      return {
        agencyId: a.id,
        year,
        reportId: null,
        rubricVersion: "2",
        dimensions: [
          ...lost.map(([dimension, [points, maxPoints, reason]]) => ({
            dimension,
            points,
            maxPoints,
            reason,
          })),
          {
            dimension: "total",
            points: g.score,
            maxPoints: 100,
            reason: `${g.letter}`,
            evidence: {
              state: g.state ?? "graded",
              ...(g.stateReason ? { stateReason: g.stateReason } : {}),
              ...(g.caps ? { caps: g.caps } : {}),
              letter: g.letter,
              label: g.letter,
              onTime: true,
              deadline: {
                date: `${year + 1}-${a.level === "department" ? "01-31" : "03-31"}`,
                basis: "《条例》",
              },
            },
          },
        ],
      };
    }),
  );
  const pages = [`jurisdictions/qinghe/${year}`, ...agencies.map((a) => `cards/${a.id}/${year}`)];
  const records = pages.flatMap((page) => {
    const agencyId = page.startsWith("cards/") ? page.split("/")[1]! : null;
    return ["html", "pdf"].map((ext) => {
      const bytes = ext === "pdf" ? fakePdf(page, version) : Buffer.from(`<html>${page}</html>`);
      const file = path.join(outDir, `${page}.${ext}`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      return {
        path: `${page}.${ext}`,
        kind: agencyId ? "card" : "summary",
        agencyId,
        year,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        bytes: bytes.length,
      };
    });
  });
  await recordPublications(db, records);
}

/** The fixture's agencies in the store. */
export async function importQinghe(db: StoreDb): Promise<void> {
  await upsertAgencies(db, QINGHE);
}

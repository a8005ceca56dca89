import type { Agency } from "@touming/store";
import type { Jurisdiction } from "../jurisdictions.js";
import type { Headline, PageCommon } from "../output.js";
import { cardPath, summaryPath } from "./page-paths.js";

/** What the index keeps of each agency-year. */
export type IndexCell = Pick<Headline, "state" | "letter" | "missing">;

export interface IndexInput {
  common: PageCommon;
  /** The rubric's letters, best first. */
  letters: readonly string[];
  agencies: readonly Agency[];
  jurisdictions: readonly Jurisdiction[];
  /** Every graded year (the index shows them newest first). */
  years: readonly number[];
  gradeOf(agencyId: string, year: number): IndexCell | undefined;
}

/** What the index template shows: each year's letters by jurisdiction, and every agency's letters. */
export function indexView(input: IndexInput) {
  const { letters, gradeOf } = input;
  const yearList = [...input.years].sort((a, b) => b - a);
  return {
    ...input.common,
    title: "政府信息公开工作年度报告评估",
    agencyCount: input.agencies.length,
    letters,
    years: yearList.map((year) => ({
      year,
      jurisdictions: input.jurisdictions
        .map((g) => {
          const gs = g.members.map((a) => gradeOf(a.id, year)).filter((x): x is IndexCell => Boolean(x));
          return {
            name: g.name,
            path: summaryPath(g.id, year),
            count: gs.length,
            distribution: letters.map((l) => gs.filter((x) => x.letter === l).length),
            missing: gs.filter((x) => x.state === "not_found").length,
            unverifiable: gs.filter((x) => x.state === "unverifiable").length,
          };
        })
        .filter((j) => j.count > 0),
    })),
    yearList,
    agencies: input.agencies.map((a) => ({
      name: a.name,
      cells: yearList.map((y) => {
        const g = gradeOf(a.id, y);
        return g ? { letter: g.letter, path: cardPath(a.id, y) } : { letter: "", path: null };
      }),
    })),
  };
}

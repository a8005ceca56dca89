import { type PublishedGrade, gradesByYear } from "@touming/grade";
import { cardPath, jurisdictions, summaryPath } from "@touming/publish";
import {
  type Agency,
  type StoreDb,
  gradesOfAgencies,
  listAgencies,
  publicationsOfAgencies,
  sharedPublications,
} from "@touming/store";
import { DIMENSION_NAMES, TOTAL_DIMENSION } from "@touming/vocabulary";
import { type StatedAgency, type StatedFile, type Statement, hasProblems } from "./statement.js";

/** A statement with the addresses it goes to. */
export interface AddressedStatement {
  statement: Statement;
  recipients: string[];
}

export interface DueStatements {
  due: AddressedStatement[];
  /** Scope-years with recipients whose deadline has not passed yet (today is on or before it). */
  notDue: number;
  /** Scope-years due but not published yet (no summary or card recorded): delivered after publishing. */
  unpublished: number;
}

export interface DueOptions {
  /** Today in China, `YYYY-MM-DD`: a year is due once every member's deadline is before it. */
  today: string;
  /** Only these report years (default every graded year). */
  years?: readonly number[];
}

/** A scope messages go to: a jurisdiction (its government's recipients) or a department (its own). */
interface Scope {
  kind: "jurisdiction" | "agency";
  id: string;
  name: string;
  members: Agency[];
  recipients: string[];
}

const pdfOf = (page: string) => page.replace(/\.html$/, ".pdf");
const points = (n: number) => String(Math.round(n * 10) / 10);

/**
 * What a card finds wrong: for a year without a grade its state's reason alone (every dimension
 * repeats it); else each cap that bound the score, then each dimension that lost points and why.
 */
function findingsOf(grade: PublishedGrade): string[] {
  if (grade.state !== "graded") return grade.stateReason ? [grade.stateReason] : [];
  const out = grade.caps.map((cap) => `封顶${points(cap.maxScore)}分：${cap.reason}`);
  for (const row of grade.dimensions) {
    if (row.dimension === TOTAL_DIMENSION || row.points >= row.max_points) continue;
    const name = (DIMENSION_NAMES as Readonly<Record<string, string>>)[row.dimension] ?? row.dimension;
    out.push(`${name}：${row.reason}（扣${points(row.max_points - row.points)}分）`);
  }
  return out;
}

function scopesOf(agencies: readonly Agency[]): Scope[] {
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const out: Scope[] = [];
  for (const group of jurisdictions(agencies)) {
    const head = byId.get(group.id);
    if (head?.recipients?.length)
      out.push({
        kind: "jurisdiction",
        id: group.id,
        name: group.name,
        members: group.members,
        recipients: head.recipients,
      });
  }
  for (const a of agencies)
    if (a.level === "department" && a.recipients?.length)
      out.push({ kind: "agency", id: a.id, name: a.name, members: [a], recipients: a.recipients });
  return out;
}

/** File names unique within a message: a second agency of the same name gets its id added. */
function uniqueName(taken: Set<string>, raw: string, id: string): string {
  // Characters no file system takes in a name become `_`.
  const name = raw.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_");
  const chosen = taken.has(name) ? name.replace(/\.pdf$/, `（${id}）.pdf`) : name;
  taken.add(chosen);
  return chosen;
}

/**
 * The statements due now: per scope with recipients and per graded year whose every member's
 * deadline has passed and whose pages are published, what its message states.
 */
export async function dueStatements(db: StoreDb, options: DueOptions): Promise<DueStatements> {
  const scopes = scopesOf(await listAgencies(db));
  const shared = await sharedPublications(db);
  const result: DueStatements = { due: [], notDue: 0, unpublished: 0 };
  for (const scope of scopes) {
    const ids = scope.members.map((m) => m.id);
    const [rows, published] = await Promise.all([gradesOfAgencies(db, ids), publicationsOfAgencies(db, ids)]);
    const graded = new Map(scope.members.map((m) => [m.id, gradesByYear(rows.get(m.id) ?? [])]));
    const years = new Set([...graded.values()].flatMap((g) => [...g.keys()]));
    for (const year of [...years].sort((a, b) => a - b)) {
      if (options.years && !options.years.includes(year)) continue;
      const members = scope.members.flatMap((m) => {
        const grade = graded.get(m.id)?.get(year);
        return grade ? [{ agency: m, grade }] : [];
      });
      if (members.some((m) => m.grade.deadline.date >= options.today)) {
        result.notDue++;
        continue;
      }
      const summaryPage = scope.kind === "jurisdiction" ? summaryPath(scope.id, year) : null;
      const page = summaryPage ?? cardPath(scope.id, year);
      if (!(summaryPage ? shared.has(page) : published.has(page))) {
        result.unpublished++;
        continue;
      }
      const agencies: StatedAgency[] = members.map(({ agency, grade }) => ({
        agencyId: agency.id,
        name: agency.name,
        state: grade.state,
        letter: grade.letter,
        score: grade.score,
        findings: findingsOf(grade),
        ...(grade.reviewEffects.length > 0 ? { reviews: grade.reviewEffects } : {}),
        cardPage: cardPath(agency.id, year),
      }));
      const files: StatedFile[] = [];
      const taken = new Set<string>();
      const summaryPdf = summaryPage ? shared.get(pdfOf(summaryPage)) : undefined;
      if (summaryPage && summaryPdf)
        files.push({
          path: summaryPdf.path,
          filename: uniqueName(
            taken,
            `${scope.name}${year}年度政府信息公开工作年度报告评估汇总.pdf`,
            scope.id,
          ),
          sha256: summaryPdf.sha256,
        });
      for (const a of agencies) {
        const card = published.get(pdfOf(a.cardPage));
        if (card && (scope.kind === "agency" || hasProblems(a)))
          files.push({
            path: card.path,
            filename: uniqueName(
              taken,
              `${a.name}${year}年度政府信息公开工作年度报告评估报告卡.pdf`,
              a.agencyId,
            ),
            sha256: card.sha256,
          });
      }
      result.due.push({
        statement: {
          scopeKind: scope.kind,
          scopeId: scope.id,
          name: scope.name,
          year,
          agencies,
          summaryPage,
          files,
        },
        recipients: scope.recipients,
      });
    }
  }
  return result;
}

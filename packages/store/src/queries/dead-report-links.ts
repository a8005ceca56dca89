import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/**
 * A report link (an article or attachment document) that has answered nothing but dead since it
 * last answered: the facts grading needs to call it "报告链接失效" (dead across crawls far enough
 * apart, while the rest of its host answered).
 */
export interface DeadReportLink {
  documentId: number;
  url: string;
  title: string | null;
  /** The first and the last dead fetch since the last successful one. */
  firstDeadAt: string;
  lastDeadAt: string;
  /** Distinct runs among those dead fetches (fetches logged without a run are not counted). */
  deadCrawls: number;
  /**
   * In the crawl of `lastDeadAt` (its run; without a run, the fetches without one within 12 hours of
   * it), another URL of the same host (robots.txt aside) answered 2xx or 304 without an error.
   */
  hostAnswered: boolean;
}

/** HTTP statuses that say a link is gone. */
const DEAD_STATUSES = new Set([404, 410]);
const HALF_DAY_MS = 12 * 3_600_000;

interface LoggedFetch {
  id: number;
  run_id: number | null;
  url: string;
  status: number | null;
  error: string | null;
  fetched_at: string;
}

const answered = (f: LoggedFetch) =>
  f.error === null && f.status !== null && ((f.status >= 200 && f.status <= 299) || f.status === 304);

/**
 * The agency's report links whose fetches since their last successful one are all dead: HTTP 404 or
 * 410, or an answer the crawler found to be a dead link (its `dead_attachment` finding: an attachment
 * link that answers an HTML page). A link never fetched, or whose last fetch answered, is not listed;
 * neither is one with any other failure (5xx, timeout, anti-bot) since its last answer. By document id.
 */
export async function deadReportLinks(db: Kysely<Database>, agencyId: string): Promise<DeadReportLink[]> {
  const documents = await db
    .selectFrom("documents")
    .select(["id", "url", "title"])
    .where("agency_id", "=", agencyId)
    .where("kind", "in", ["article", "attachment"])
    .orderBy("id")
    .execute();
  if (documents.length === 0) return [];
  const fetches: LoggedFetch[] = await db
    .selectFrom("fetches")
    .select(["id", "run_id", "url", "status", "error", "fetched_at"])
    .where("agency_id", "=", agencyId)
    .where("url", "in", (eb) =>
      eb
        .selectFrom("documents")
        .select("url")
        .where("agency_id", "=", agencyId)
        .where("kind", "in", ["article", "attachment"]),
    )
    .orderBy("id")
    .execute();
  const byUrl = new Map<string, LoggedFetch[]>();
  for (const f of fetches) {
    const list = byUrl.get(f.url);
    if (list) list.push(f);
    else byUrl.set(f.url, [f]);
  }
  const deadAnswers = await answersFoundDead(db, agencyId, byUrl);

  const out: DeadReportLink[] = [];
  for (const doc of documents) {
    const log = byUrl.get(doc.url) ?? [];
    const isDead = (f: LoggedFetch) =>
      (f.status !== null && DEAD_STATUSES.has(f.status)) || deadAnswers.has(f.id);
    let since = log.length;
    while (since > 0 && !(answered(log[since - 1]!) && !deadAnswers.has(log[since - 1]!.id))) since--;
    const tail = log.slice(since);
    if (tail.length === 0 || !tail.every(isDead)) continue;
    const last = tail.at(-1)!;
    out.push({
      documentId: doc.id,
      url: doc.url,
      title: doc.title,
      firstDeadAt: tail[0]!.fetched_at,
      lastDeadAt: last.fetched_at,
      deadCrawls: new Set(tail.flatMap((f) => (f.run_id === null ? [] : [f.run_id]))).size,
      hostAnswered: await hostAnsweredIn(db, last),
    });
  }
  return out;
}

/**
 * The fetches a `dead_attachment` finding condemns: per finding, the latest fetch of its URL in the
 * same run (both without one alike) logged at or before it.
 */
async function answersFoundDead(
  db: Kysely<Database>,
  agencyId: string,
  byUrl: ReadonlyMap<string, LoggedFetch[]>,
): Promise<Set<number>> {
  const findings = await db
    .selectFrom("crawl_findings")
    .select(["run_id", "url", "created_at"])
    .where("agency_id", "=", agencyId)
    .where("kind", "=", "dead_attachment")
    .execute();
  const dead = new Set<number>();
  for (const finding of findings) {
    const candidates = (byUrl.get(finding.url) ?? []).filter(
      (f) => f.run_id === finding.run_id && f.fetched_at <= finding.created_at,
    );
    const fetch = candidates.at(-1);
    if (fetch) dead.add(fetch.id);
  }
  return dead;
}

/** Whether another URL of the dead fetch's host answered in the same crawl. */
async function hostAnsweredIn(db: Kysely<Database>, dead: LoggedFetch): Promise<boolean> {
  const host = new URL(dead.url).host;
  const prefixes = [`http://${host}/`, `https://${host}/`];
  let query = db
    .selectFrom("fetches")
    .select("id")
    .where("url", "!=", dead.url)
    .where("url", "not like", "%/robots.txt")
    .where("error", "is", null)
    .where((eb) => eb.or([eb.between("status", 200, 299), eb("status", "=", 304)]))
    .where((eb) =>
      eb.or(prefixes.map((p) => eb(eb.fn("substr", [eb.ref("url"), eb.val(1), eb.val(p.length)]), "=", p))),
    );
  if (dead.run_id !== null) query = query.where("run_id", "=", dead.run_id);
  else {
    const at = Date.parse(dead.fetched_at);
    query = query
      .where("run_id", "is", null)
      .where("fetched_at", ">=", new Date(at - HALF_DAY_MS).toISOString())
      .where("fetched_at", "<=", new Date(at + HALF_DAY_MS).toISOString());
  }
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

import { createHash } from "node:crypto";
import {
  type FeedEntry,
  type NewFeedEntry,
  addFeedEntries,
  latestFeedEntries,
  recentFeedEntries,
} from "@touming/store";
import type { Output, PublishRun } from "../output.js";
import { cardPath } from "../render/page-paths.js";
import { STATE_NAMES } from "../render/search-view.js";

/** The feed of every jurisdiction, relative to the output directory. */
export const ALL_FEED = "feeds/all.xml";
/** A jurisdiction's feed (one whose id is `all` is named apart from the feed of all). */
export const feedPath = (jurisdictionId: string) =>
  jurisdictionId === "all" ? "feeds/jurisdiction-all.xml" : `feeds/${jurisdictionId}.xml`;
/** Entries a feed shows, newest first (the store keeps them all). */
export const FEED_LENGTH = 100;

/**
 * Atom feeds of what was published: `feeds/all.xml` and one per jurisdiction, with an entry for each
 * new card, changed grade (letter or state) and correction (the score alone changed). The grades
 * table keeps only the current grade, so each entry is kept in the store (`feed_entries`): the last
 * one of an agency-year is what the next run compares with. Entries are added only when the run
 * finishes, dated by the run's date; a run that changed nothing rewrites nothing.
 */
export const feedsOutput: Output = {
  name: "feeds",
  async open(run) {
    const pending: NewFeedEntry[] = [];
    return {
      async batch(batch) {
        const ids = batch.agencies.map((a) => a.id);
        const latest = await latestFeedEntries(run.store.db, ids);
        for (const id of ids)
          for (const [year, h] of batch.headlines.get(id) ?? []) {
            if (!run.years.includes(year) || !(h.state in STATE_NAMES)) continue;
            const last = latest.get(id)?.get(year);
            const kind = !last
              ? "new"
              : last.state !== h.state || last.letter !== h.letter
                ? "grade"
                : last.score !== h.score
                  ? "correction"
                  : null;
            if (kind === null) continue;
            pending.push({
              agencyId: id,
              year,
              kind,
              state: h.state,
              letter: h.letter,
              score: h.score,
              previous: last ? { state: last.state, letter: last.letter, score: last.score } : null,
              publishedOn: run.generatedOn,
            });
          }
      },
      async finish() {
        await addFeedEntries(run.store.db, pending);
        const names = new Map(run.agencies.map((a) => [a.id, a.name]));
        const feed = async (path: string, title: string, agencyIds?: string[]) => {
          const entries = await recentFeedEntries(run.store.db, {
            ...(agencyIds ? { agencyIds } : {}),
            limit: FEED_LENGTH,
          });
          const xml = atomFeed(run, path, title, entries, (id) => names.get(id) ?? id);
          await run.write(path.split("/"), xml, { kind: "feeds", recorded: run.shared.get(path) });
        };
        await feed(ALL_FEED, "政府信息公开工作年度报告评估：全部辖区");
        for (const j of run.jurisdictions)
          await feed(
            feedPath(j.id),
            `政府信息公开工作年度报告评估：${j.name}`,
            j.members.map((m) => m.id),
          );
      },
    };
  },
};

/** Text for XML: the five characters that could open markup or end an attribute, and no control characters. */
export function escapeXml(text: string): string {
  const allowed = (c: string) => {
    const n = c.codePointAt(0)!;
    return (
      n === 0x9 ||
      n === 0xa ||
      n === 0xd ||
      (n >= 0x20 && (n < 0xd800 || n > 0xdfff) && n !== 0xfffe && n !== 0xffff)
    );
  };
  return [...text]
    .filter(allowed)
    .join("")
    .replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
    );
}

/** A stable `urn:uuid:` (name-based, SHA-1, as UUID version 5 makes it) for a feed or an entry. */
export function stableUrn(name: string): string {
  const h = createHash("sha1").update(`touming:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A run's date as an Atom time: midnight in China (the reports' and the offices' time zone). */
const atomTime = (date: string) => `${date}T00:00:00+08:00`;

/** How an agency-year stood: `B级（85分）`, `未发现报告（F级）`, `无法核实`. */
function standing(state: string, letter: string, score: number): string {
  if (state === "graded") return `${letter}级（${score}分）`;
  if (state === "not_found") return `未发现报告（${letter}级）`;
  return STATE_NAMES[state] ?? state;
}

/** An entry's title: what happened to whose card of which year. */
export function entryTitle(e: FeedEntry, agency: string): string {
  const now = standing(e.state, e.letter, e.score);
  const before =
    e.previous_state === null
      ? ""
      : standing(e.previous_state, e.previous_letter ?? "", e.previous_score ?? 0);
  if (e.kind === "new") return `${agency} ${e.year}年度评估发布：${now}`;
  if (e.kind === "grade") return `${agency} ${e.year}年度评估等级调整：由${before}调整为${now}`;
  return `${agency} ${e.year}年度评估更正：得分由${e.previous_score ?? 0}分更正为${e.score}分`;
}

const KIND_LABELS: Readonly<Record<FeedEntry["kind"], string>> = {
  new: "新发布",
  grade: "等级调整",
  correction: "更正",
};

/**
 * One Atom 1.0 feed. Links are relative to the feed (`../cards/…`), so the output directory works
 * under any address; the feed's time is its newest entry's (the run's date when it has none).
 */
function atomFeed(
  run: PublishRun,
  path: string,
  title: string,
  entries: readonly FeedEntry[],
  nameOf: (agencyId: string) => string,
): string {
  const updated = atomTime(entries[0]?.published_on ?? run.generatedOn);
  const author = run.common.office?.name ?? "透明（Touming）";
  const self = path.split("/").pop()!;
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">`,
    `<id>${stableUrn(`feed:${path}`)}</id>`,
    `<title>${escapeXml(title)}</title>`,
    `<subtitle>新发布的评估、等级调整和更正</subtitle>`,
    `<updated>${updated}</updated>`,
    `<author><name>${escapeXml(author)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `<link rel="alternate" type="text/html" href="../index.html"/>`,
    `<generator>Touming</generator>`,
  ];
  for (const e of entries) {
    const text = entryTitle(e, nameOf(e.agency_id));
    lines.push(
      `<entry>`,
      `<id>${stableUrn(`entry:${e.agency_id}:${e.year}:${e.seq}`)}</id>`,
      `<title>${escapeXml(text)}</title>`,
      `<updated>${atomTime(e.published_on)}</updated>`,
      `<link rel="alternate" type="text/html" href="../${escapeXml(cardPath(e.agency_id, e.year))}"/>`,
      `<category term="${e.kind}" label="${KIND_LABELS[e.kind]}"/>`,
      `<summary>${escapeXml(`${KIND_LABELS[e.kind]}：${text}`)}</summary>`,
      `</entry>`,
    );
  }
  lines.push(`</feed>`);
  return lines.join("\n") + "\n";
}

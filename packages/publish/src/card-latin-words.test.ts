import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Store } from "@touming/store";
import { useTempDirs, useTempStore } from "@touming/testing";
import { loadRubric } from "@touming/grade";
import { beforeAll, expect, it } from "vitest";
import { publishStage } from "./publish-stage.js";
import { gradeStore, seedStore, stageContext } from "./testing/seed-store.js";

const rubric = loadRubric();
const newStore = useTempStore({ lifetime: "suite" });
const tempDir = useTempDirs({ lifetime: "suite" });
let out: string;
let store: Store;

beforeAll(async () => {
  out = path.join(tempDir(), "out");
  store = await newStore();
  await seedStore(store);
  await gradeStore(store, rubric);
  await publishStage.run(stageContext(store), { outDir: out, rubric, generatedOn: "2025-06-01", pdf: false });
}, 120_000);

/**
 * The text a reader sees on a page: scripts, styles and tags gone, entities decoded, then what may be
 * Latin on an official Chinese card taken out: URLs, hashes, the grade letters, the SHA-256 label and
 * the product's name.
 */
function latinWords(html: string): string[] {
  const text = html
    .replace(/<(script|style)[^>]*>[^]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\b[0-9a-f]{64}\b/g, " ")
    .replace(/\bSHA-256\b/g, " ")
    .replace(/\bTouming\b/g, " ");
  return [...text.matchAll(/[A-Za-z][A-Za-z_.:-]*/g)].map((m) => m[0]).filter((w) => !/^[A-F]$/.test(w));
}

it("no Latin word in a card's visible text outside URLs, hashes and the grade letters", () => {
  const cards = path.join(out, "cards");
  const found: string[] = [];
  // "bad" is the fixture whose crawled name and title carry markup: the agency's own words, not ours.
  for (const agency of readdirSync(cards).filter((a) => a !== "bad")) {
    for (const file of readdirSync(path.join(cards, agency)).filter((f) => f.endsWith(".html"))) {
      const html = readFileSync(path.join(cards, agency, file), "utf8");
      const words = latinWords(html);
      for (const w of words) found.push(`${agency}/${file}: ${w}`);
    }
  }
  expect(found).toEqual([]);
});

import type { Agency } from "@touming/store";
import { type SearchCard, jsonForScriptBlock } from "./search-view.js";

/** Bytes encoded at a time (a card's line is a few hundred). */
const CHUNK_BYTES = 256 * 1024;
const UTF8 = new TextEncoder();
const HEAD = '{"version":1,"cards":[\n';
const TAIL = "\n]}\n";

/**
 * The search index, built as the agencies are walked: each card's JSON line is encoded as it is
 * added, and only the filters' choices are kept as values. (At 60,000 cards the cards kept whole,
 * then the index made as one string, copied into the page and encoded, took 80–90 MB at the end of a
 * publish: its peak.) The lines are escaped for an HTML script block (`jsonForScriptBlock`) once, and
 * the same bytes are both `search/index.json` and the page's embedded data: the escapes are JSON's
 * own, so the index reads the same values.
 */
export class SearchIndex {
  private readonly chunks: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Cards added. */
  count = 0;
  readonly years: Set<number> = new Set();
  readonly regions: Set<string> = new Set();
  readonly levels: Set<Agency["level"]> = new Set();
  readonly jurisdictionIds: Set<string> = new Set();

  constructor() {
    this.text(HEAD);
  }

  add(card: SearchCard): void {
    this.text(`${this.count === 0 ? "" : ",\n"}${jsonForScriptBlock(JSON.stringify(card))}`);
    this.count++;
    this.years.add(card.year);
    this.regions.add(card.regionCode);
    this.levels.add(card.level);
    this.jurisdictionIds.add(card.jurisdictionId);
  }

  /** The whole index, one card per line (a changed card changes one line). Adds nothing after. */
  bytes(): Buffer {
    this.text(TAIL);
    this.chunks.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.alloc(0);
    this.used = 0;
    const whole = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    return whole;
  }

  private text(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    if (this.used + text.length * 3 > this.chunk.length) {
      this.chunks.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      this.used = 0;
    }
    this.used += UTF8.encodeInto(text, this.chunk.subarray(this.used)).written;
  }
}

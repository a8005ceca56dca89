import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

// The WebAssembly global as this module uses it (the project compiles without the DOM library's types).
declare const WebAssembly: {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
};

/** The part of HarfBuzz's subsetter (harfbuzzjs's WebAssembly build) the print font needs. */
interface HarfBuzzSubset {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2;

let loading: Promise<HarfBuzzSubset> | undefined;

/** Loads the subsetter once per process (the WebAssembly module is about 1 MB). */
function harfBuzz(): Promise<HarfBuzzSubset> {
  loading ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve("harfbuzzjs/dist/harfbuzz-subset.wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(wasm));
    const hb = instance.exports as unknown as HarfBuzzSubset;
    hb._initialize();
    return hb;
  })();
  return loading;
}

/** A four-letter OpenType table tag as HarfBuzz's number. */
function tag(name: string): number {
  return [...name].reduce((n, c) => ((n << 8) | c.charCodeAt(0)) >>> 0, 0);
}

export interface SubsetRequest {
  /** The font file's bytes: a TrueType or OpenType font, or a collection (.ttc). */
  font: Uint8Array;
  /** The face in a collection (0 for a single font). */
  index: number;
  /** The characters to keep (code points); the font keeps the glyphs they and its layout rules need. */
  codePoints: Iterable<number>;
  /** Tables to leave out, e.g. the embedded bitmaps (`EBDT`, `EBLC`, `EBSC`). */
  dropTables?: readonly string[];
  /**
   * Keep each glyph's number in the font (the glyphs not kept left empty), so that a glyph is the
   * same glyph in every subset, whichever other characters it holds (default false: numbered anew).
   */
  retainGlyphIds?: boolean;
}

/**
 * A font with only the glyphs of the given characters, as a standalone TrueType/OpenType file (a
 * collection gives the chosen face alone). Throws when the font cannot be read or subset.
 */
export async function subsetFont({
  font,
  index,
  codePoints,
  dropTables = [],
  retainGlyphIds = false,
}: SubsetRequest): Promise<Buffer> {
  const hb = await harfBuzz();
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error("font subset: HarfBuzz could not start a subset");
  const data = hb.malloc(font.byteLength);
  let face = 0;
  try {
    // The memory may grow while subsetting: a view is taken afresh at each use.
    new Uint8Array(hb.memory.buffer).set(font, data);
    const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
    face = hb.hb_face_create(blob, index);
    hb.hb_blob_destroy(blob);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
    const dropped = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const name of dropTables) hb.hb_set_add(dropped, tag(name));
    if (retainGlyphIds)
      hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_RETAIN_GIDS);
    const subset = hb.hb_subset_or_fail(face, input);
    if (subset === 0) throw new Error(`font subset: face ${index} of the font could not be subset`);
    const out = hb.hb_face_reference_blob(subset);
    const start = hb.hb_blob_get_data(out, 0);
    const length = hb.hb_blob_get_length(out);
    const bytes = Buffer.from(new Uint8Array(hb.memory.buffer, start, length));
    hb.hb_blob_destroy(out);
    hb.hb_face_destroy(subset);
    if (length === 0) throw new Error(`font subset: face ${index} of the font is empty`);
    return bytes;
  } finally {
    if (face !== 0) hb.hb_face_destroy(face);
    hb.hb_subset_input_destroy(input);
    hb.free(data);
  }
}

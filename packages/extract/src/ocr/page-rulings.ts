import type { GreyImage } from "./tesseract.js";

// A scanned table's ruling lines: found, erased from the page, and the page's columns pulled apart
// at them (page clean-up's last step before the engine reads the page; see page-cleanup.ts).

/**
 * The level that best splits a page's levels in two (Otsu's threshold): at and below it a pixel is
 * dark. The grey fringes a scanner, JPEG and the rotation leave around thin ruling lines fall below
 * it, so the lines are found whole.
 */
export function otsuLevel(image: GreyImage): number {
  const histogram = new Uint32Array(256);
  const all = image.pixels;
  for (let i = 0; i < all.length; i++) histogram[all[i]!]!++;
  const total = image.pixels.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * histogram[v]!;
  let below = 0;
  let sumBelow = 0;
  let best = 127;
  let bestVariance = -1;
  for (let t = 0; t < 255; t++) {
    below += histogram[t]!;
    sumBelow += t * histogram[t]!;
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const meanBelow = sumBelow / below;
    const meanAbove = (sumAll - sumBelow) / above;
    const variance = below * above * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) [best, bestVariance] = [t, variance];
  }
  return best;
}

/** Dark runs may be broken by a pixel or two of scanner noise and still be one ruling line. */
const RUN_GAP = 2;
/** How far a ruling line may wander across rows (a residual skew makes it a staircase), in pixels. */
const DRIFT = 1;
/**
 * A line's grey fringe (a JPEG scan blurs a rule into a band lighter than its middle): this many
 * pixels beside what is erased, where lighter than FRINGE_LEVEL, are paper too. Left, the fringe
 * reads as a row of dashes that the engine runs into the heading above the table.
 */
const FRINGE = 2;
const FRINGE_LEVEL = 96;
/** A line is thin: this far above and below it, most of its length is paper (text is not). */
const CLEARANCE = 4;

/** `n` rounded up to a multiple of 4: a line's length in memory, read a word (four positions) at a time. */
const wordStride = (n: number) => (n + 3) & ~3;

/**
 * Erases the ruling lines running along one axis. `dark` (1 for ink) is laid out along the axis: a
 * pixel at position `u` along the line and `v` across it is at `u + v * stride` (a page's columns are
 * transposed first: read along, memory is read in order; `stride`, `along` rounded up to a
 * multiple of 4, leaves zeros after each line so that four positions are read as one word); in
 * `out`, the page, it is at
 * `u * alongStep + v * acrossStep`. A
 * line is a run of dark pixels at least `minLength` long, taken over ±DRIFT across (so a staircase
 * line is one run), with paper on both sides at ±CLEARANCE over most of its length (a row of bold
 * text has strokes there); its pixels are painted white in `out`.
 */
function eraseLines(
  dark: Uint8Array,
  inkPerLine: Uint32Array,
  out: Uint8Array,
  axis: { along: number; across: number; alongStep: number; acrossStep: number },
  minLength: number,
): Map<number, Span[]> {
  const { along, across, alongStep, acrossStep } = axis;
  // A run of minLength, its dark positions at most RUN_GAP + 1 apart, has this many at least: a line
  // with less ink within ±DRIFT has none (most of a page: the white between lines of text).
  const leastInk = Math.ceil((minLength - 1) / (RUN_GAP + 1)) + 1;
  // Where lines were erased: across position → the spans along it (each line's first to last pixel).
  const erased = new Map<number, Span[]>();
  const stride = wordStride(along);
  const words = stride >> 2;
  const darkWords = new Uint32Array(dark.buffer, dark.byteOffset, dark.length >> 2);
  // Ink within ±DRIFT across, along each position of the current line: the first line copied, the
  // others or-ed in, four positions a word.
  const near = new Uint8Array(stride);
  const nearWords = new Uint32Array(near.buffer);
  const inkShare = (from: number, to: number, v: number) => {
    if (v < 0 || v >= across) return 0;
    let ink = 0;
    for (let i = from + v * stride, end = to + v * stride; i <= end; i++) ink += dark[i]!;
    return ink / (to - from + 1);
  };
  for (let v = 0; v < across; v++) {
    const lo = Math.max(0, v - DRIFT);
    const hi = Math.min(across - 1, v + DRIFT);
    let inkNear = 0;
    for (let k = lo; k <= hi; k++) inkNear += inkPerLine[k]!;
    if (inkNear < leastInk) continue;
    nearWords.set(darkWords.subarray(lo * words, lo * words + words));
    for (let k = lo + 1; k <= hi; k++)
      for (let w = 0, i = k * words; w < words; w++, i++) nearWords[w] = nearWords[w]! | darkWords[i]!;
    let start = -1;
    let lastDark = -1;
    for (let u = 0; u <= along;) {
      // Outside a run, four positions of paper are passed at once.
      if (start < 0 && (u & 3) === 0 && u < along && nearWords[u >> 2] === 0) {
        u += 4;
        continue;
      }
      if (u < along && near[u]) {
        if (start < 0) start = u;
        lastDark = u;
      } else if (start >= 0 && (u === along || u - lastDark > RUN_GAP)) {
        if (
          lastDark - start + 1 >= minLength &&
          inkShare(start, lastDark, v - CLEARANCE) < 0.4 &&
          inkShare(start, lastDark, v + CLEARANCE) < 0.4
        ) {
          (erased.get(v) ?? erased.set(v, []).get(v)!).push({ from: start, to: lastDark });
          for (let d = -DRIFT - FRINGE; d <= DRIFT + FRINGE; d++) {
            if (v + d < 0 || v + d >= across) continue;
            const base = (v + d) * acrossStep;
            // The line itself; beside it, only its lighter fringe (a stroke crossing it stays).
            const fringe = Math.abs(d) > DRIFT;
            for (let k = start, i = start * alongStep + base; k <= lastDark; k++, i += alongStep)
              if (!fringe || out[i]! > FRINGE_LEVEL) out[i] = 255;
          }
        }
        start = -1;
      }
      u++;
    }
  }
  return erased;
}

/**
 * The page without its table rulings: horizontal lines longer than a twelfth of the width and
 * vertical ones longer than a sixtieth of the height (longer than a character, as long as the rule
 * of a one-row cell) are painted white. The OCR engine reads a table's lines as characters (丨, 一, 口) and joins cells across them; without
 * them a table row reads as one line of separate words. Lines are found on `linesFrom` (a black and
 * white copy, where a thin grey line is whole) before any is erased, so a vertical line keeps its
 * length across the horizontal lines it crosses; they are erased from `image`.
 */
export function removeRulings(
  image: GreyImage,
  linesFrom: GreyImage = image,
  darkBelow = 160,
): GreyImage & { verticalRules: VerticalRule[]; horizontalRules: HorizontalRule[] } {
  const { width: w, height: h, pixels: src } = image;
  const out = new Uint8Array(src);
  const rowStride = wordStride(w);
  const dark = new Uint8Array(rowStride * h);
  const from = linesFrom.pixels;
  // 1 for a dark level, 0 for another: looked up, not branched on (text makes the branch a guess).
  const isDark = Uint8Array.from({ length: 256 }, (_, level) => (level < darkBelow ? 1 : 0));
  for (let y = 0, i = 0; y < h; y++, i += w)
    for (let x = 0, d = y * rowStride; x < w; x++, d++) dark[d] = isDark[from[i + x]!]!;
  const rows = eraseLines(
    dark,
    inkPerLine(dark, h, rowStride),
    out,
    { along: w, across: h, alongStep: 1, acrossStep: w },
    Math.round(w / 12),
  );
  // The columns read along: the page transposed, a column a row.
  const byColumn = transposed(dark, w, h);
  const columns = eraseLines(
    byColumn,
    inkPerLine(byColumn, w, wordStride(h)),
    out,
    { along: h, across: w, alongStep: w, acrossStep: 1 },
    Math.round(h / 60),
  );
  return {
    width: w,
    height: h,
    pixels: out,
    verticalRules: rulesOf(columns).map(({ at, spans }) => ({
      x: at,
      top: spans[0]!.from,
      bottom: Math.max(...spans.map((s) => s.to)),
      spans,
    })),
    horizontalRules: rulesOf(rows).map(({ at, spans }) => ({
      y: at,
      left: spans[0]!.from,
      right: Math.max(...spans.map((s) => s.to)),
      spans,
    })),
  };
}

/**
 * The dark pixels of each of `lines` lines of `dark` (1 for ink, 0 for paper; each line `stride`
 * long, a multiple of 4), counted four at a time: a word of paper (most of a page) adds nothing, and
 * a word's four ones and zeros sum in its top byte when multiplied by 0x01010101.
 */
export function inkPerLine(dark: Uint8Array, lines: number, stride: number): Uint32Array {
  const words = new Uint32Array(dark.buffer, dark.byteOffset, (lines * stride) >> 2);
  const counts = new Uint32Array(lines);
  const perLine = stride >> 2;
  for (let line = 0, k = 0; line < lines; line++) {
    let ink = 0;
    for (const end = k + perLine; k < end; k++) {
      const word = words[k]!;
      if (word !== 0) ink += Math.imul(word, 0x01010101) >>> 24;
    }
    counts[line] = ink;
  }
  return counts;
}

/** Tiles this many pixels square are transposed at a time: both sides' rows stay in cache. */
const TILE = 64;

/**
 * A `width` × `height` image's transpose (`height` × `width`): its columns as rows, each line of
 * both padded to a multiple of 4 (wordStride).
 */
function transposed(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const fromStride = wordStride(width);
  const toStride = wordStride(height);
  const out = new Uint8Array(toStride * width);
  for (let y0 = 0; y0 < height; y0 += TILE) {
    const y1 = Math.min(height, y0 + TILE);
    for (let x0 = 0; x0 < width; x0 += TILE) {
      const x1 = Math.min(width, x0 + TILE);
      for (let y = y0; y < y1; y++)
        for (let x = x0, i = y * fromStride + x0; x < x1; x++, i++) out[x * toStride + y] = pixels[i]!;
    }
  }
  return out;
}

/** Where a rule runs along its length: from its first pixel to its last. */
export interface Span {
  from: number;
  to: number;
}

/** A vertical rule: its x, the rows it runs over (first to last), and its pieces (a rule broken at a merged cell has two). */
export interface VerticalRule {
  x: number;
  top: number;
  bottom: number;
  spans: Span[];
}

/** A horizontal rule: its y, the columns it runs over (first to last), and its pieces. */
export interface HorizontalRule {
  y: number;
  left: number;
  right: number;
  spans: Span[];
}

/** Pieces of one rule closer than this (pixels) are one: scanner noise breaks a line now and then. */
const PIECE_GAP = 12;

/**
 * Erased lines grouped into rules (a line 3 pixels wide is one rule): each rule's position across
 * (the middle of its group) and its pieces along, overlapping or nearly touching pieces joined.
 */
function rulesOf(lines: Map<number, Span[]>): { at: number; spans: Span[] }[] {
  const positions = [...lines.keys()].sort((a, b) => a - b);
  const rules: { at: number; spans: Span[] }[] = [];
  let group: number[] = [];
  for (let i = 0; i < positions.length; i++) {
    group.push(positions[i]!);
    if (i + 1 === positions.length || positions[i + 1]! - positions[i]! > 3) {
      const pieces = group.flatMap((p) => lines.get(p)!).sort((a, b) => a.from - b.from);
      const spans: Span[] = [];
      for (const piece of pieces) {
        const last = spans.at(-1);
        if (last && piece.from <= last.to + PIECE_GAP) last.to = Math.max(last.to, piece.to);
        else spans.push({ ...piece });
      }
      rules.push({ at: Math.round((group[0]! + group.at(-1)!) / 2), spans });
      group = [];
    }
  }
  return rules;
}

/**
 * The page with `gap` white columns put in at each vertical rule, in the rows its pieces run over
 * (not between two tables one above the other whose rules share an x: the heading between them stays whole):
 * the engine takes figures in two narrow cells close together (0 and 0 a rule apart) for one word
 * (00); with the rule's place made wide they are two. Rows outside a table keep their text whole.
 * `toOriginal` takes a point of the spread page back to the page's x.
 */
export function spreadAtRules(
  image: GreyImage,
  rules: readonly Pick<VerticalRule, "x" | "spans">[],
  gap: number,
): { image: GreyImage; toOriginal: (x: number, y: number) => number } {
  if (rules.length === 0) return { image, toOriginal: (x) => x };
  const sorted = [...rules].sort((a, b) => a.x - b.x);
  const activeAt = (y: number) =>
    sorted.filter((r) => r.spans.some((s) => y >= s.from && y <= s.to)).map((r) => r.x);
  // As wide as the row with the most rules needs (a page's tables one above the other share the width).
  let most = 0;
  for (let y = 0; y < image.height; y++) most = Math.max(most, activeAt(y).length);
  const width = image.width + most * gap;
  const pixels = new Uint8Array(width * image.height).fill(255);
  for (let y = 0; y < image.height; y++) {
    const starts = [0, ...activeAt(y)];
    const from = y * image.width;
    for (let k = 0; k < starts.length; k++) {
      const end = k + 1 < starts.length ? starts[k + 1]! : image.width;
      pixels.set(image.pixels.subarray(from + starts[k]!, from + end), y * width + starts[k]! + k * gap);
    }
  }
  const toOriginal = (x: number, y: number) => {
    const starts = [0, ...activeAt(Math.max(0, Math.min(image.height - 1, Math.round(y))))];
    let k = starts.length - 1;
    while (k > 0 && x < starts[k]! + k * gap) k--;
    // Inside the gap after a piece: the rule's own place.
    const end = k + 1 < starts.length ? starts[k + 1]! : image.width;
    return Math.min(x - k * gap, end);
  };
  return { image: { width, height: image.height, pixels }, toOriginal };
}

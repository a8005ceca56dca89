import { MAX_OCR_PIXELS, OCR_DPI } from "./ocr-limits.js";
import { type PagePixels, imageLibrary } from "./page-pixels.js";
import type { GreyImage } from "./tesseract.js";

/** Red ahead of green and blue by more than this is seal ink (JPEG's halved colour blurs it to little more). */
const SEAL_REDNESS = 24;
/** Seal ink is at least this light in the red channel; darker is a black stroke's edge where the seal overlaps it. */
const SEAL_RED_LEVEL = 120;
/** How much lighter seal ink is made for each level of its redness. */
const SEAL_LIFT = 3;

/**
 * A page's ink as greyscale. A colour page is read through its red channel: black text stays dark
 * while red seal ink, red headings' stamps and yellowed paper turn light. Seal ink on a JPEG scan is
 * not light enough in red alone (its level there is some 40 below a yellowed paper's, a grey ring and
 * star over the signature that the engine reads into the date): the redder a light pixel is, the
 * lighter it is made, so the date under the seal is read.
 */
export function inkOf(page: PagePixels): GreyImage {
  if (page.channels === 1) return { width: page.width, height: page.height, pixels: page.pixels };
  const n = page.width * page.height;
  const pixels = new Uint8Array(n);
  const from = page.pixels;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const red = from[j]!;
    const green = from[j + 1]!;
    const blue = from[j + 2]!;
    const redness = red - (green > blue ? green : blue);
    if (redness > SEAL_REDNESS && red >= SEAL_RED_LEVEL) {
      const lifted = red + redness * SEAL_LIFT;
      pixels[i] = lifted > 255 ? 255 : lifted;
    } else pixels[i] = red;
  }
  return { width: page.width, height: page.height, pixels };
}

/**
 * Stretches the levels so that the paper is white and the ink black: a grey or yellowed background,
 * a faint photocopy. The paper is the level most pixels are at or above (a page is mostly paper), the
 * ink the darkest percent; a page with no contrast is left as it is.
 */
export function whitenPaper(image: GreyImage): GreyImage {
  const histogram = new Uint32Array(256);
  const all = image.pixels;
  for (let i = 0; i < all.length; i++) histogram[all[i]!]!++;
  const levelAt = (share: number) => {
    const target = image.pixels.length * share;
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) >= target) return v;
    return 255;
  };
  const ink = levelAt(0.01);
  // The paper's level: the median, a little below it (noise around the paper's level turns white too).
  const paper = Math.max(ink + 1, levelAt(0.5) - 12);
  if (paper - ink < 40) return image;
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    table[v] = Math.max(0, Math.min(255, Math.round(((v - ink) / (paper - ink)) * 255)));
  const pixels = new Uint8Array(image.pixels.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = table[image.pixels[i]!]!;
  return { ...image, pixels };
}

/**
 * The page's skew in degrees (positive: the lines run down to the right, the page turned clockwise),
 * by projection profiles: text lines and ruling lines make the sharpest row histogram when the rows
 * are taken along them. Searched within ±5° at 0.2°, then refined to 0.02°, on a reduced copy.
 */
export function findSkew(image: GreyImage): number {
  const step = Math.max(1, Math.floor(image.width / 800));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < image.height; y += step) {
    for (let x = 0; x < image.width; x += step) {
      if (image.pixels[y * image.width + x]! < 128) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  }
  if (xs.length < 200) return 0;
  const rows = Math.ceil(image.height / step) + Math.ceil(image.width / step) + 2;
  const histogram = new Float64Array(rows * 2);
  const score = (degrees: number) => {
    const t = Math.tan((degrees * Math.PI) / 180);
    histogram.fill(0);
    for (let i = 0; i < xs.length; i++) histogram[Math.round(ys[i]! - xs[i]! * t) + rows]!++;
    let sum = 0;
    for (let i = 0; i < histogram.length; i++) sum += histogram[i]! * histogram[i]!;
    return sum;
  };
  const search = (from: number, to: number, by: number, start: number) => {
    let best = start;
    let bestScore = score(start);
    for (let d = from; d <= to + 1e-9; d += by) {
      const s = score(d);
      if (s > bestScore) [best, bestScore] = [d, s];
    }
    return best;
  };
  const coarse = search(-5, 5, 0.2, 0);
  const fine = search(coarse - 0.2, coarse + 0.2, 0.02, coarse);
  return Math.round(fine * 100) / 100;
}

/**
 * Turns the page back by its skew and scales it to `dpi` (Tesseract reads CJK best at about
 * OCR_DPI), white filling the corners the rotation uncovers.
 */
export async function straighten(
  image: GreyImage,
  skew: number,
  fromDpi: number,
  dpi = OCR_DPI,
): Promise<GreyImage> {
  // Never past the pixel limit, whatever resolution a file claims.
  const scale = Math.min(dpi / fromDpi, Math.sqrt(MAX_OCR_PIXELS / (image.width * image.height)));
  if (Math.abs(skew) < 0.05 && Math.abs(scale - 1) < 0.02) return image;
  let out = image;
  if (Math.abs(skew) >= 0.05) {
    out = await rawGrey(
      imageLibrary()(out.pixels, { raw: { width: out.width, height: out.height, channels: 1 } })
        // Taken as grey, the page is turned as one band: otherwise the white background makes it
        // three (the same pixels, a quarter more time).
        .toColourspace("b-w")
        .rotate(-skew, { background: "#ffffff" }),
    );
  }
  if (Math.abs(scale - 1) >= 0.02) {
    out = await rawGrey(
      imageLibrary()(out.pixels, { raw: { width: out.width, height: out.height, channels: 1 } })
        .resize({ width: Math.round(out.width * scale), kernel: "lanczos3" })
        // Enlarged, a low-resolution scan's grain and JPEG ringing grow into specks the engine
        // reads as strokes: a 3×3 median takes them out and keeps the strokes.
        .median(scale > 1.3 ? 3 : 1),
    );
  }
  return out;
}

/** An image enlarged `factor` times (a strip of small figures, for the engine to read them surely). */
export function enlarge(image: GreyImage, factor: number): Promise<GreyImage> {
  return rawGrey(
    imageLibrary()(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } }).resize({
      width: Math.round(image.width * factor),
      kernel: "cubic",
    }),
  );
}

/**
 * The page in black and white, at the threshold that best splits its levels in two (Otsu's): the
 * grey fringes a scanner, JPEG and the rotation leave around thin ruling lines become black, so the
 * lines can be found whole.
 */
export function binarise(image: GreyImage): GreyImage {
  const best = otsuLevel(image);
  const total = image.pixels.length;
  const pixels = new Uint8Array(total);
  for (let i = 0; i < total; i++) pixels[i] = image.pixels[i]! <= best ? 0 : 255;
  return { ...image, pixels };
}

/** The level at and below which `binarise` makes a pixel black (Otsu's threshold). */
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

/**
 * A pipeline's output as one grey channel: sharp gives a rotation with a background colour three
 * channels (or four), all equal for a grey image, so the first one is the image (taken by libvips,
 * off this thread, and not copied again).
 */
async function rawGrey(pipeline: ReturnType<ReturnType<typeof imageLibrary>>): Promise<GreyImage> {
  const { data, info } = await pipeline.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const n = info.width * info.height;
  if (info.channels === 1 && data.length === n)
    return {
      width: info.width,
      height: info.height,
      pixels: new Uint8Array(data.buffer, data.byteOffset, n),
    };
  const pixels = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += info.channels) pixels[i] = data[j]!;
  return { width: info.width, height: info.height, pixels };
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

/**
 * Erases the ruling lines running along one axis. `dark` (1 for ink) is laid out along the axis: a
 * pixel at position `u` along the line and `v` across it is at `u + v * along` (a page's columns are
 * transposed first: read along, memory is read in order); in `out`, the page, it is at
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
  // Ink within ±DRIFT across, along each position of the current line: the first line copied, the
  // others or-ed in.
  const near = new Uint8Array(along);
  const inkShare = (from: number, to: number, v: number) => {
    if (v < 0 || v >= across) return 0;
    let ink = 0;
    for (let i = from + v * along, end = to + v * along; i <= end; i++) ink += dark[i]!;
    return ink / (to - from + 1);
  };
  for (let v = 0; v < across; v++) {
    let inkNear = 0;
    for (let d = -DRIFT; d <= DRIFT; d++) if (v + d >= 0 && v + d < across) inkNear += inkPerLine[v + d]!;
    if (inkNear < leastInk) continue;
    const lo = Math.max(0, v - DRIFT);
    const hi = Math.min(across - 1, v + DRIFT);
    near.set(dark.subarray(lo * along, lo * along + along));
    for (let k = lo + 1; k <= hi; k++)
      for (let u = 0, i = k * along; u < along; u++, i++) near[u] = near[u]! | dark[i]!;
    let start = -1;
    let lastDark = -1;
    for (let u = 0; u <= along; u++) {
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
  const dark = new Uint8Array(src.length);
  const inkPerRow = new Uint32Array(h);
  const from = linesFrom.pixels;
  for (let y = 0, i = 0; y < h; y++) {
    let ink = 0;
    for (let end = i + w; i < end; i++)
      if (from[i]! < darkBelow) {
        dark[i] = 1;
        ink++;
      }
    inkPerRow[y] = ink;
  }
  const rows = eraseLines(
    dark,
    inkPerRow,
    out,
    { along: w, across: h, alongStep: 1, acrossStep: w },
    Math.round(w / 12),
  );
  // The columns read along: the page transposed, a column a row.
  const darkColumns = transposed(dark, w, h);
  const inkPerColumn = new Uint32Array(w);
  for (let x = 0, i = 0; x < w; x++) {
    let ink = 0;
    for (let end = i + h; i < end; i++) ink += darkColumns[i]!;
    inkPerColumn[x] = ink;
  }
  const columns = eraseLines(
    darkColumns,
    inkPerColumn,
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

/** Tiles this many pixels square are transposed at a time: both sides' rows stay in cache. */
const TILE = 64;

/** A `width` × `height` image's transpose (`height` × `width`): its columns as rows. */
function transposed(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let y0 = 0; y0 < height; y0 += TILE) {
    const y1 = Math.min(height, y0 + TILE);
    for (let x0 = 0; x0 < width; x0 += TILE) {
      const x1 = Math.min(width, x0 + TILE);
      for (let y = y0; y < y1; y++)
        for (let x = x0, i = y * width + x0; x < x1; x++, i++) out[x * height + y] = pixels[i]!;
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

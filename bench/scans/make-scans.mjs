// Makes "scans" of real text PDFs, as a county office publishes them: the paper copy, signed and
// sealed, put through a scanner. Deterministic (every random choice is seeded from the scan's name), so
// the OCR bench (bench/ocr-accuracy.mjs) scores the same pixels on every machine and run.
//   node bench/scans/make-scans.mjs [--out DIR] [--dpi 150,200,300] [--sources a,b] [--pages N|A-B]
// Sources: `huaian-city-2024` (the shared corpus's PDF, the demo's too) and `sample-<agency>-<year>`
// (a report of the demo's world, printed to PDF with Chromium). Per source and dpi, three variants
// (not the cartesian product): −1.5° on grey paper, +1.5° on yellowed paper, 0° on white; each with a
// red seal over the signature on the last page, saved as JPEG pages and a PDF wrapping them (no text
// layer). One variant's pages are also kept as PNG and one's as TIFF, so the image formats are read
// too. The outputs, and manifest.json listing them, go to bench/.scans/ (gitignored). A scan already
// made from the same recipe is kept, so a second run does nothing.
// Needs poppler-utils (pdftoppm, pdfinfo, pdftotext); no network.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
// sharp is a dependency of packages/extract (it is not the root's): resolve it from there.
const sharp = createRequire(path.join(root, "packages/extract/package.json"))("sharp");
const requireRoot = createRequire(path.join(root, "package.json"));
const { PDFDocument } = requireRoot("pdf-lib");

/** This file's own text is part of every scan's recipe: a change to it makes the scans again. */
const GENERATOR_HASH = createHash("sha256")
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest("hex")
  .slice(0, 16);
export const DEFAULT_OUT = path.join(root, "bench/.scans");
export const DEFAULT_DPIS = [150, 200, 300];
/** The shared corpus next to the checkout, as the other benches find it; the demo's copy otherwise. */
const HUAIAN = [
  path.join(root, "../shared/corpus/documents/huaian-city-2024.pdf"),
  path.join(root, "packages/sample-sites/fixtures/huaian-city-2024.pdf"),
];
/**
 * Three reports of the demo's world, for digit variety beyond 淮安's: a city with five-digit figures
 * (临江市 2021), a county office (清河县 2023), and the department the demo publishes as a scan
 * (临江市财政局 2023: its 200-dpi grey variant is the demo's fixture's recipe; the fixture itself was
 * printed from an earlier build of the report, and bench/ocr-accuracy.mjs judges it too). All 2021-format HTML reports without
 * deliberate problems, signed with the agency's name and date.
 */
export const DEFAULT_SOURCES = [
  "huaian-city-2024",
  "sample-linjiang-city-2021",
  "sample-qinghe-county-2023",
  "sample-linjiang-czj-2023",
];

/**
 * The variants made at every dpi. Paper: the sheet's colour (RGB) and how much grain it has; the
 * scanner lid's colour shows where the rotated page leaves a corner uncovered. JPEG quality is
 * fixed per variant within 60–85 (what scanner software and 政务 sites' upload re-encoding use).
 */
const VARIANTS = [
  { id: "grey", rotation: -1.5, paper: [214, 214, 210], grain: 7, lid: [40, 40, 40], quality: 70 },
  { id: "yellowed", rotation: 1.5, paper: [242, 230, 196], grain: 6, lid: [250, 250, 250], quality: 62 },
  { id: "white", rotation: 0, paper: [252, 252, 250], grain: 3, lid: [255, 255, 255], quality: 85 },
];
/** Which variant (at the middle dpi given) also keeps its pages as PNG, and which as TIFF. */
const EXTRA_FORMATS = { white: "png", grey: "tiff" };

/** FNV-1a: a 32-bit seed from a name. */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** mulberry32: small, fast and the same everywhere (Math.random is not seedable). */
function random(seedText) {
  let a = hash32(seedText);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 28, ...options });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (is poppler-utils installed?)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${String(r.stderr).trim()}`);
  return r.stdout;
}

/** Page sizes in points, from pdfinfo (which reads any PDF poppler renders). */
function pageSizes(pdf) {
  const info = run("pdfinfo", ["-f", "1", "-l", "9999", pdf], { encoding: "utf8" });
  const sizes = [];
  for (const m of info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm))
    sizes[Number(m[1]) - 1] = [Number(m[2]), Number(m[3])];
  return sizes;
}

/**
 * Where the signature is on the last page, in points: the bottom of the page's text (a page number
 * alone on its line excluded), at its right. The seal is stamped over it, as an office stamps over
 * its name and the date. The report may have no signature (淮安's ends with its last paragraph): then
 * the seal falls over the end of the text, which is where the paper copy's signature would start.
 */
function signatureArea(pdf, page) {
  const xml = run("pdftotext", ["-f", String(page), "-l", String(page), "-bbox", pdf, "-"], {
    encoding: "utf8",
  });
  const words = [
    ...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g),
  ]
    .map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5] }))
    .filter((w) => !/^[-—－\s]*(第\s*)?\d+(\s*页)?[-—－\s]*$/.test(w.text));
  if (words.length === 0) return null;
  const bottom = Math.max(...words.map((w) => w.y1));
  // The last two lines: a signature is the agency's name over the date.
  const last = words.filter((w) => w.y0 >= bottom - 40);
  return { right: Math.max(...last.map((w) => w.x1)), bottom, top: Math.min(...last.map((w) => w.y0)) };
}

const escapeXml = (s) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A round 公章 as SVG, `size` px across (4 cm at the scan's dpi): a ring, the issuing office's name
 * along the top arc (each character upright toward the centre, placed one by one: librsvg's textPath
 * support is not to be relied on), a five-pointed star, and a line under it. The ink is uneven, as a
 * stamp's is: a seeded turbulence thins the alpha in patches.
 */
function sealSvg(size, name, seed) {
  const r = size / 2;
  const ring = size * 0.035;
  const red = "rgb(214,28,36)";
  const chars = [...name];
  const span = Math.min(250, 22 * chars.length); // degrees of arc the name takes
  const glyph = size * 0.13;
  const textRadius = r - ring * 2 - glyph * 0.55;
  const letters = chars
    .map((ch, i) => {
      const a = -span / 2 + (span * (i + 0.5)) / chars.length; // 0° = top, clockwise
      const rad = ((a - 90) * Math.PI) / 180;
      const x = r + textRadius * Math.cos(rad);
      const y = r + textRadius * Math.sin(rad);
      return `<text x="0" y="0" transform="translate(${x.toFixed(2)},${y.toFixed(2)}) rotate(${a.toFixed(2)})" text-anchor="middle" dominant-baseline="central" font-size="${glyph.toFixed(1)}">${escapeXml(ch)}</text>`;
    })
    .join("");
  const star = Array.from({ length: 10 }, (_, i) => {
    const rr = i % 2 === 0 ? size * 0.19 : size * 0.075;
    const a = ((i * 36 - 90) * Math.PI) / 180;
    return `${(r + rr * Math.cos(a)).toFixed(2)},${(r + rr * Math.sin(a)).toFixed(2)}`;
  }).join(" ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<defs><filter id="ink" x="0" y="0" width="100%" height="100%">
<feTurbulence type="fractalNoise" baseFrequency="${(8 / size).toFixed(4)}" numOctaves="2" seed="${seed % 1000}" result="noise"/>
<feColorMatrix in="noise" type="matrix" values="0 0 0 0 0  0 0 0 0 0  0 0 0 0 0  0 0 0 2.2 -0.3" result="patches"/>
<feComposite in="SourceGraphic" in2="patches" operator="in"/>
</filter></defs>
<g filter="url(#ink)" fill="${red}" stroke="${red}" opacity="0.85" font-family="Noto Serif CJK SC, Noto Sans CJK SC, WenQuanYi Micro Hei, serif" font-weight="bold">
<circle cx="${r}" cy="${r}" r="${r - ring}" fill="none" stroke-width="${ring}"/>
<polygon points="${star}" stroke="none"/>
<g stroke="none">${letters}</g>
<text x="${r}" y="${(r + size * 0.31).toFixed(2)}" text-anchor="middle" font-size="${(size * 0.085).toFixed(1)}" stroke="none">政务公开专用章</text>
</g></svg>`;
}

/** The issuing office whose seal it is: the report's own agency. */
const SEAL_NAMES = {
  "huaian-city-2024": "淮安市人民政府办公室",
};

/** A demo report printed to PDF with Chromium (cached in DIR/sources: printing is the slow part). */
async function printSample(id, out) {
  const m = /^sample-(.+)-(\d{4})$/.exec(id);
  if (!m) throw new Error(`unknown source ${id}: expected huaian-city-2024 or sample-<agency>-<year>`);
  const dist = pathToFileURL(path.join(root, "packages/sample-sites/dist/")).href;
  const { buildWorld } = await import(`${dist}index.js`);
  const { renderReportBody } = await import(`${dist}report-html.js`);
  const world = buildWorld();
  const agency = world.agencies.find((a) => a.id === m[1]);
  const report = world.reports.find((r) => r.agencyId === m[1] && r.year === Number(m[2]));
  if (!agency || !report) throw new Error(`no report ${m[2]} of ${m[1]} in the demo's world`);
  const sealName = agency.name;
  // The paper copy as an office prints it: ruled tables, A4. WenQuanYi, not Noto CJK: a PDF reader
  // reads Chromium's Noto subsets' 民 as the radical ⺠, which loses the agency's name in the source itself.
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 14pt; line-height: 1.6; }
h1 { font-size: 17pt; text-align: center; font-weight: bold; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 10.5pt; line-height: 1.3; }
td, th { border: 1px solid #000; padding: 3px 4px; text-align: center; }
p { margin: 0; }
</style></head><body><h1>${escapeXml(report.title)}</h1>${renderReportBody(agency, report)}</body></html>`;
  // Named by the page's hash: a change to the page prints it again.
  const file = path.join(
    out,
    "sources",
    `${id}-${createHash("sha256").update(html).digest("hex").slice(0, 12)}.pdf`,
  );
  if (existsSync(file)) return { file, sealName };
  const require = createRequire(path.join(root, "packages/publish/package.json"));
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    mkdirSync(path.dirname(file), { recursive: true });
    await page.pdf({
      path: file,
      format: "A4",
      margin: { top: "2.5cm", bottom: "2.5cm", left: "2.6cm", right: "2.6cm" },
    });
  } finally {
    await browser.close();
  }
  return { file, sealName };
}

async function resolveSource(id, out) {
  if (id === "huaian-city-2024") {
    const file = HUAIAN.find((f) => existsSync(f));
    if (!file) throw new Error(`huaian-city-2024.pdf not found in ${HUAIAN.join(" or ")}`);
    return { file, sealName: SEAL_NAMES[id] };
  }
  return printSample(id, out);
}

/** The greyscale raster of one page (pdftoppm), as raw 8-bit pixels. */
async function rasterise(pdf, page, dpi, scratch) {
  const base = path.join(scratch, `p${page}-${dpi}`);
  run("pdftoppm", [
    "-r",
    String(dpi),
    "-gray",
    "-png",
    "-f",
    String(page),
    "-l",
    String(page),
    "-singlefile",
    pdf,
    base,
  ]);
  // extractChannel: sharp's raw output of a greyscale PNG can still be three channels.
  const { data, info } = await sharp(`${base}.png`)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`pdftoppm raster of page ${page}: ${info.channels} channels`);
  rmSync(`${base}.png`);
  return { data, width: info.width, height: info.height };
}

/**
 * The printed page on paper: ink (the raster's darkness) over the paper's colour, with grain. Done by
 * hand over the raw pixels, seeded: sharp has no seeded noise.
 */
function onPaper({ data, width, height }, variant, rand) {
  const rgb = Buffer.alloc(width * height * 3);
  const [pr, pg, pb] = variant.paper;
  for (let i = 0, j = 0; i < data.length; i++, j += 3) {
    const ink = data[i] / 255;
    // Grain: roughly normal (sum of three uniforms), the same on the three channels, as paper fibre is.
    const n = (rand() + rand() + rand() - 1.5) * 2 * variant.grain;
    rgb[j] = Math.max(0, Math.min(255, pr * ink + n));
    rgb[j + 1] = Math.max(0, Math.min(255, pg * ink + n));
    rgb[j + 2] = Math.max(0, Math.min(255, pb * ink + n));
  }
  return rgb;
}

/** One scanned page: paper, seal (last page), skew; returned as raw RGB of the raster's size. */
async function scanPage(raster, variant, seal, rand) {
  const { width, height } = raster;
  let img = sharp(onPaper(raster, variant, rand), { raw: { width, height, channels: 3 } });
  if (seal) {
    const png = await sharp(Buffer.from(seal.svg), { density: 72 }).png().toBuffer();
    // Multiply: ink over ink darkens, as a stamp over the signature's black does.
    img = sharp(
      await img
        .composite([{ input: png, left: seal.left, top: seal.top, blend: "multiply" }])
        // The composite adds the seal's alpha channel to the output; the page has none.
        .removeAlpha()
        .raw()
        .toBuffer(),
      { raw: { width, height, channels: 3 } },
    );
  }
  if (variant.rotation !== 0) {
    // Rotating grows the canvas; the scanner's bed is the page's size, so crop back to the centre.
    const [lr, lg, lb] = variant.lid;
    const { data, info } = await img
      .rotate(variant.rotation, { background: { r: lr, g: lg, b: lb } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).extract({
      left: Math.floor((info.width - width) / 2),
      top: Math.floor((info.height - height) / 2),
      width,
      height,
    });
  }
  return img.raw().toBuffer();
}

function parsePages(spec, count) {
  if (!spec) return { from: 1, to: count };
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(spec));
  if (!m) throw new Error(`--pages: expected N or A-B, got ${spec}`);
  return m[2] ? { from: +m[1], to: Math.min(+m[2], count) } : { from: 1, to: Math.min(+m[1], count) };
}

/**
 * Makes the scans (or keeps those already made from the same recipe) and writes DIR/manifest.json.
 * Returns the manifest: { recipe, scans: [{ id, source, sourcePdf, dpi, variant, rotation, background,
 * jpegQuality, seal: {page, box} | null, pdf, pages: [{page, jpg, png?, tiff?, width, height}] }] }.
 * `pages`: N (the first N) or "A-B"; `only`: variant ids to make (all three by default).
 */
export async function makeScans({
  out = DEFAULT_OUT,
  dpis = DEFAULT_DPIS,
  sources = DEFAULT_SOURCES,
  pages: pagesSpec = null,
  only = null,
  log = () => {},
} = {}) {
  mkdirSync(out, { recursive: true });
  const manifestFile = path.join(out, "manifest.json");
  const previous = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, "utf8")) : { scans: [] };
  const kept = new Map(previous.scans.map((s) => [s.id, s]));
  const scratch = mkdtempSync(path.join(tmpdir(), "touming-scans-"));
  const extraDpi = [...dpis].sort((a, b) => a - b)[Math.floor((dpis.length - 1) / 2)];
  const scans = [];
  let made = 0;
  try {
    for (const sourceId of sources) {
      const { file, sealName } = await resolveSource(sourceId, out);
      const sourceBytes = readFileSync(file);
      const sourceHash = createHash("sha256").update(sourceBytes).digest("hex").slice(0, 16);
      const sizes = pageSizes(file);
      const { from, to } = parsePages(pagesSpec, sizes.length);
      const sig = signatureArea(file, sizes.length);
      for (const dpi of dpis) {
        const rasters = new Map();
        for (const variant of VARIANTS.filter((v) => !only || only.includes(v.id))) {
          const id = `${sourceId}-${dpi}dpi-${variant.id}${pagesSpec ? `-p${from}-${to}` : ""}`;
          const extra = dpi === extraDpi ? EXTRA_FORMATS[variant.id] : undefined;
          const recipe = createHash("sha256")
            .update(JSON.stringify({ GENERATOR_HASH, sourceHash, dpi, variant, from, to, extra, sealName }))
            .digest("hex")
            .slice(0, 16);
          const old = kept.get(id);
          const files = old ? [old.pdf, ...old.pages.flatMap((p) => [p.jpg, p.png, p.tiff])] : [];
          if (old?.recipe === recipe && files.every((f) => !f || existsSync(path.join(out, f)))) {
            scans.push(old);
            continue;
          }
          const dir = path.join(out, id);
          mkdirSync(dir, { recursive: true });
          const rand = random(id);
          const pdf = await PDFDocument.create({ updateMetadata: false });
          // Fixed metadata: the same recipe gives the same bytes. A scanner's software names itself.
          pdf.setProducer("Touming scan generator (bench/scans/make-scans.mjs)");
          pdf.setCreator("Scanner");
          pdf.setCreationDate(new Date("2025-01-20T09:00:00Z"));
          pdf.setModificationDate(new Date("2025-01-20T09:00:00Z"));
          const pages = [];
          let seal = null;
          for (let page = from; page <= to; page++) {
            if (!rasters.has(page)) rasters.set(page, await rasterise(file, page, dpi, scratch));
            const raster = rasters.get(page);
            const [wPt, hPt] = sizes[page - 1];
            let pageSeal = null;
            if (page === sizes.length && sig && sealName) {
              // 4 cm across, centred a little left of the signature's right end and on its lines.
              const size = Math.round((4 / 2.54) * dpi);
              const px = dpi / 72;
              const cx = Math.min(sig.right * px - size * 0.45, raster.width - size / 2 - 4);
              const cy = Math.min(((sig.top + sig.bottom) / 2) * px, raster.height - size / 2 - 4);
              const left = Math.max(0, Math.round(cx - size / 2));
              const top = Math.max(0, Math.round(cy - size / 2));
              pageSeal = { svg: sealSvg(size, sealName, hash32(id)), left, top };
              seal = { page, name: sealName, box: [left, top, size, size] };
            }
            const pixels = await scanPage(raster, variant, pageSeal, rand);
            const raw = { raw: { width: raster.width, height: raster.height, channels: 3 } };
            const jpg = await sharp(pixels, raw)
              .withMetadata({ density: dpi })
              .jpeg({ quality: variant.quality })
              .toBuffer();
            const name = (ext) => `${id}/page-${String(page).padStart(2, "0")}.${ext}`;
            writeFileSync(path.join(out, name("jpg")), jpg);
            const entry = { page, jpg: name("jpg"), width: raster.width, height: raster.height };
            if (extra === "png") {
              await sharp(pixels, raw)
                .withMetadata({ density: dpi })
                .png()
                .toFile(path.join(out, name("png")));
              entry.png = name("png");
            }
            if (extra === "tiff") {
              await sharp(pixels, raw)
                .withMetadata({ density: dpi })
                .tiff({ compression: "lzw", xres: dpi / 25.4, yres: dpi / 25.4 })
                .toFile(path.join(out, name("tiff")));
              entry.tiff = name("tiff");
            }
            pages.push(entry);
            // The image fills the page at the source's size: what a scanner set to A4 makes.
            const image = await pdf.embedJpg(jpg);
            pdf.addPage([wPt, hPt]).drawImage(image, { x: 0, y: 0, width: wPt, height: hPt });
          }
          const pdfName = `${id}.pdf`;
          writeFileSync(path.join(out, pdfName), await pdf.save());
          made++;
          log(`made ${id}`);
          scans.push({
            id,
            recipe,
            source: sourceId,
            sourcePdf: path.relative(out, file),
            dpi,
            variant: variant.id,
            rotation: variant.rotation,
            background: { paper: variant.paper, grain: variant.grain },
            jpegQuality: variant.quality,
            seal,
            pdf: pdfName,
            pages,
          });
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // Scans of other recipes (another --pages, another --dpi) stay listed: the directory holds them.
  const ids = new Set(scans.map((s) => s.id));
  const manifest = {
    generator: "bench/scans/make-scans.mjs",
    generatorHash: GENERATOR_HASH,
    scans: [...previous.scans.filter((s) => !ids.has(s.id)), ...scans],
  };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + "\n");
  return { out, scans, made, kept: scans.length - made };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const started = process.hrtime.bigint();
  const result = await makeScans({
    out: opt("--out") ? path.resolve(opt("--out")) : DEFAULT_OUT,
    dpis: opt("--dpi") ? opt("--dpi").split(",").map(Number) : DEFAULT_DPIS,
    sources: opt("--sources") ? opt("--sources").split(",") : DEFAULT_SOURCES,
    pages: opt("--pages") ?? null,
  });
  const pageCount = result.scans.reduce((a, s) => a + s.pages.length, 0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `scans: ${result.scans.length} (${result.made} made, ${result.kept} kept), ${pageCount} pages, in ${path.relative(process.cwd(), result.out) || "."} (${seconds.toFixed(1)} s)`,
  );
}

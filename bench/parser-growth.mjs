// How the crawler's page parsers grow on hostile markup: for each adversarial shape and each parser,
// the median time at input size n and at 2n, and their ratio (about 2 for a linear parser; 4 for a
// quadratic one). Prints figures; nothing asserts time. Exits 1 only if a parser throws.
//   npm run bench -- parser-growth   (full size: inputs of about 1 MB; smoke size: about 8 KB)
// n grows from a small start, doubling up to the full size, and stops early once one call takes
// longer than CALL_BUDGET_MS: a parser that is quadratic (or worse) on a shape is measured at the
// size it reached, so the run ends in minutes rather than hours. The table gives the n used.
import { antiBotReason, redirectShellTarget } from "../packages/crawler/dist/anti-bot.js";
import { truncatedBodyReason } from "../packages/crawler/dist/body-completeness.js";
import { readListPage, toListPage } from "../packages/crawler/dist/index.js";
import { dateInText, listDate } from "../packages/crawler/dist/list-dates.js";
import { findAttachments } from "../packages/crawler/dist/page-attachments.js";
import {
  isAnnualReportTitle,
  namesOtherAgency,
  yearFromTitle,
} from "../packages/crawler/dist/report-title.js";
import { visibleTextLength } from "../packages/crawler/dist/visible-text.js";
import { smoke } from "./support/size.mjs";

const BASE = "http://www.example.gov.cn/zwgk/ndbg/index.html";
/** The input size each shape is built to at full size, in UTF-16 code units (about 1 MB). */
const FULL_CHARS = smoke ? 8 * 1024 : 256 * 1024;
/** n starts this many doublings below the full size. */
const RAMP_STEPS = smoke ? 2 : 8;
/** A call slower than this stops n growing (the 2n call will take longer still). */
const CALL_BUDGET_MS = smoke ? 50 : 250;
/** A timed sample repeats a fast call until it lasts this long, so that timer noise does not count. */
const SAMPLE_MS = smoke ? 1 : 5;
const REPS = smoke ? 1 : 3;
/** Ratios of ms(2n) to ms(n) above this are not linear (2 is; 2.5 leaves room for noise). */
const TARGET = 2.5;

const pad2 = (i) => String(i).padStart(2, "0");
const dateOf = (i) => `2024-${pad2((i % 12) + 1)}-${pad2((i % 28) + 1)}`;
const TITLE = "2023年政府信息公开工作年度报告";

/**
 * The adversarial shapes: each builds a page from n (its repeated unit), with `unit` characters per
 * n, so that the full n is FULL_CHARS / unit.
 */
const SHAPES = [
  { name: "lt-flood", unit: 1, page: (n) => "<".repeat(n) },
  {
    name: "nested-div-open",
    unit: 5,
    page: (n) => `${"<div>".repeat(n)}<a href="/art/1.html">${TITLE}</a> 2024-01-20`,
  },
  {
    name: "nested-div-closed",
    unit: 11,
    page: (n) => `${"<div>".repeat(n)}<a href="/art/1.html">${TITLE}</a> 2024-01-20${"</div>".repeat(n)}`,
  },
  {
    name: "nested-div-links",
    unit: 40,
    page: (n) => Array.from({ length: n }, (_, i) => `<div><a href="/art/${i}.html">报告${i}</a>`).join(""),
  },
  {
    name: "links-one-container",
    unit: 55,
    page: (n) =>
      `<div>${Array.from({ length: n }, (_, i) => `<a href="/art/${i}.html">报告${i}</a><span>${dateOf(i)}</span><br>`).join("")}</div>`,
  },
  {
    name: "links-li-dated",
    unit: 90,
    page: (n) =>
      `<ul>${Array.from({ length: n }, (_, i) => `<li><a href="/art/${i}.html" title="${TITLE}">${TITLE}</a><span>${dateOf(i)}</span></li>`).join("")}</ul>`,
  },
  {
    name: "links-under-deep-spans",
    unit: 40,
    page: (n) =>
      "<span>".repeat(n) +
      Array.from({ length: n }, (_, i) => `<a href="/art/${i}.html">报告${i}</a>`).join(""),
  },
  {
    name: "long-attributes",
    unit: 2,
    page: (n) => `<a href="/${"a".repeat(n)}.pdf" title="${"政".repeat(n)}">${TITLE}</a>`,
  },
  { name: "long-text", unit: 10, page: (n) => "政务公开2023年度 ".repeat(n) },
  {
    name: "font-openers",
    unit: 20,
    page: (n) => Array.from({ length: n }, (_, i) => `<font color="#${i}">x`).join(""),
  },
  {
    name: "font-in-paragraphs",
    unit: 23,
    page: (n) => Array.from({ length: n }, (_, i) => `<font color="#${i}"><p>x`).join(""),
  },
  { name: "script-openers", unit: 7, page: (n) => "<script".repeat(n) },
  { name: "script-tags-unclosed", unit: 8, page: (n) => "<script>".repeat(n) },
  { name: "script-tags-closed", unit: 18, page: (n) => "<script>x</script>".repeat(n) },
  { name: "comment-openers", unit: 4, page: (n) => "<!--".repeat(n) },
  { name: "cdata-openers", unit: 9, page: (n) => "<![CDATA[".repeat(n) },
  {
    name: "json-records",
    unit: 80,
    page: (n) =>
      JSON.stringify({
        data: {
          total: n,
          list: Array.from({ length: n }, (_, i) => ({
            title: TITLE,
            url: `/art/${i}.html`,
            pubDate: dateOf(i),
          })),
        },
      }),
  },
];

/** Each parser: how its input is made from a page (untimed), and the call timed. */
const PARSERS = [
  { name: "visibleTextLength", run: (html) => visibleTextLength(html, 1 << 30) },
  { name: "antiBotReason", run: (html) => antiBotReason(412, html) },
  { name: "redirectShellTarget", run: (html) => redirectShellTarget(html, BASE) },
  { name: "toListPage", run: (html) => toListPage(html, BASE, null) },
  {
    name: "readListPage",
    prepare: (html) => toListPage(html, BASE, null),
    run: (page) => readListPage(page),
  },
  { name: "findAttachments", run: (html) => findAttachments(html, BASE) },
  {
    name: "truncatedBodyReason",
    prepare: (html) => Buffer.from(`<html>${html}`),
    run: (body) => truncatedBodyReason(body, "text/html"),
  },
  { name: "dateInText", run: (text) => dateInText(text) },
  { name: "listDate", run: (text) => listDate(text) },
  { name: "isAnnualReportTitle", run: (text) => isAnnualReportTitle(text) },
  { name: "yearFromTitle", run: (text) => yearFromTitle(text) },
  { name: "namesOtherAgency", run: (text) => namesOtherAgency(text, "示例市人民政府") },
];

/** The last result, kept where the optimiser cannot drop the calls. */
export let sink;
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Milliseconds of one call (its result kept, so that the call is not optimised away). */
function once(parser, input) {
  const t0 = now();
  sink = parser.run(input);
  return now() - t0;
}

/** How many calls make one sample of SAMPLE_MS or more (after a warm-up call), and how long one takes. */
function calibrate(parser, input) {
  let single = once(parser, input);
  let loops = 1;
  while (single * loops < SAMPLE_MS) {
    loops *= 2;
    const t0 = now();
    for (let i = 0; i < loops; i++) sink = parser.run(input);
    single = (now() - t0) / loops;
  }
  return { loops, single };
}

/** The median milliseconds per call over REPS samples (fewer for slow calls). */
function median(parser, input) {
  const { loops, single } = calibrate(parser, input);
  const reps = single > 1000 ? 1 : single > CALL_BUDGET_MS ? Math.min(REPS, 3) : REPS;
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    for (let i = 0; i < loops; i++) sink = parser.run(input);
    samples.push((now() - t0) / loops);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/**
 * n for the shape: the full n halved RAMP_STEPS times, doubled until it is the full n or a call takes
 * longer than the budget. `capped` when the budget stopped it.
 */
function rampedN(parser, shape, full) {
  const prepare = parser.prepare ?? ((x) => x);
  for (let step = RAMP_STEPS; step > 0; step--) {
    const n = Math.max(1, Math.ceil(full / 2 ** step));
    if (once(parser, prepare(shape.page(n))) > CALL_BUDGET_MS) return { n, capped: true };
  }
  return { n: full, capped: false };
}

function measure(parser, shape) {
  const full = Math.max(1, Math.floor(FULL_CHARS / shape.unit));
  const { n, capped } = rampedN(parser, shape, full);
  const prepare = parser.prepare ?? ((x) => x);
  const page = shape.page(n);
  const msN = median(parser, prepare(page));
  const ms2N = median(parser, prepare(shape.page(2 * n)));
  return { n, full, capped, chars: page.length, msN, ms2N, ratio: ms2N / Math.max(msN, 1e-6) };
}

const header = ["parser", "shape", "n", "input(n)", "ms(n)", "ms(2n)", "ratio", "target", "result"];
/** Column widths fixed up front: each row is printed as soon as it is measured. */
const widths = [19, 22, 16, 12, 10, 10, 7, 7, 6];
const line = (cells) =>
  cells
    .map((c, i) => c.padEnd(widths[i]))
    .join("  ")
    .trimEnd();
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
let pairs = 0;
let threw = 0;
let over = 0;
for (const parser of PARSERS) {
  for (const shape of SHAPES) {
    pairs++;
    try {
      const m = measure(parser, shape);
      const ok = m.ratio <= TARGET;
      if (!ok) over++;
      console.log(
        line([
          parser.name,
          shape.name,
          m.capped ? `${m.n} (of ${m.full})` : String(m.n),
          `${(m.chars / 1024).toFixed(0)}K chars`,
          m.msN.toFixed(3),
          m.ms2N.toFixed(3),
          m.ratio.toFixed(2),
          `≤ ${TARGET}`,
          ok ? "ok" : "OVER",
        ]),
      );
    } catch (error) {
      threw++;
      console.log(
        line([parser.name, shape.name, "", "", "", "", "", `≤ ${TARGET}`, `THREW: ${error.message}`]),
      );
    }
  }
}
console.log(
  `${pairs} parser × shape pairs: ${pairs - over - threw} ok, ${over} over ${TARGET}, ${threw} threw` +
    (smoke ? " (smoke size: figures mean little)" : ""),
);
if (threw > 0) process.exit(1);

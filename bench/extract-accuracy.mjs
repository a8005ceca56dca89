// Accuracy and throughput of the extractor over the corpus with expected values.
//   npm run bench -- extract-accuracy [CORPUS_DIR] [--smoke]   (smoke: each throughput figure from one pass)
// Reads the in-repo fixtures (packages/extract/fixtures) and, when present, ../shared/corpus (each
// corpus document whose expected file is missing is skipped). Prints per document: fields expected,
// found, exactly right, wrong, missing, spurious; whether the expected failing hard checks were
// reproduced; a total over the in-repo set (seeds, HTML fixtures, DOC, the corpus PDF: the set the
// figure has always been given for) and over all; then reports/s and ms per document on one core, and
// ms per PDF page in process beside pdftotext -layout (both also as figures: bench/support/figures.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extract, extractAsync } from "../packages/extract/dist/index.js";
import { figure } from "./support/figures.mjs";
import { machineSpeedAnchor, pdftotextMsPerPage } from "./support/machine-speed.mjs";
import { smoke } from "./support/size.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const fixtures = path.join(root, "packages/extract/fixtures");
const args = process.argv.slice(2);
const sharedCorpus = args.find((a) => !a.startsWith("--")) ?? path.join(root, "../shared/corpus");
/** `run.mjs extract-accuracy --smoke` passes the flag as an argument rather than BENCH_SMOKE. */
const small = smoke || args.includes("--smoke");
const TABLE = /^(apply|review|litigation_direct|litigation_after_review|proactive)\./;
const TABLE_OR_TEXT = /^(apply|review|litigation_direct|litigation_after_review|proactive|text)\./;

/** Each case: a document, the fields it must yield, the value namespaces it is judged on. */
function cases() {
  const out = [];
  for (const file of readdirSync(path.join(fixtures, "seeds")).sort()) {
    const expected = JSON.parse(
      readFileSync(path.join(fixtures, "expected", `seed-${file.replace(/\.txt$/, "")}.json`), "utf8"),
    );
    out.push({
      name: `seeds/${file}`,
      bytes: readFileSync(path.join(fixtures, "seeds", file)),
      contentType: "text/plain",
      meta: {
        agency: expected.agency,
        year: expected.year,
        format: expected.format,
        publishDate: expected.publish_date,
      },
      values: Object.fromEntries(Object.entries(expected.values).map(([k, v]) => [k, v.value])),
      judged: /^text\./,
      failing: expected.failing_checks,
    });
  }
  const html = (file, expectedFile, meta, failing) => {
    const expected = JSON.parse(readFileSync(path.join(fixtures, "html", expectedFile), "utf8"));
    out.push({
      name: `html/${file}`,
      bytes: readFileSync(path.join(fixtures, "html", file)),
      contentType: "text/html",
      meta,
      values: Object.fromEntries(
        Object.entries(expected.values).map(([k, v]) => [k, typeof v === "string" ? null : v]),
      ),
      judged: TABLE,
      failing,
    });
  };
  html(
    "huaian-2024-2021-format.html",
    "huaian-2024.expected.json",
    { agency: "淮安市人民政府", year: 2024, format: "2021", publishDate: "2025-01-20" },
    [],
  );
  html(
    "county-2020-2019-format.gbk.html",
    "county-2020.expected.json",
    { agency: "某县民政局", year: 2020, format: "2019", publishDate: "2021-01-28" },
    ["T3-A", "T3-A"],
  );
  const pdfExpected = path.join(sharedCorpus, "expected/huaian-city-2024.pdf.json");
  if (existsSync(pdfExpected)) {
    const expected = JSON.parse(readFileSync(pdfExpected, "utf8"));
    out.push({
      name: "corpus/huaian-city-2024.pdf",
      bytes: readFileSync(path.join(sharedCorpus, "documents/huaian-city-2024.pdf")),
      contentType: "application/pdf",
      meta: { agency: expected.agency, year: expected.year, format: expected.format, publishDate: null },
      values: { ...expected.values, ...expected.text_figures },
      judged: TABLE_OR_TEXT,
      failing: expected.failing_checks,
    });
  }
  // DOC (generated from the 2021 HTML fixture) must give the same cells as the HTML.
  html(
    "huaian-2024-2021-format.html",
    "huaian-2024.expected.json",
    { agency: "淮安市人民政府", year: 2024, format: "2021", publishDate: "2025-01-20" },
    [],
  );
  const docCase = out.pop();
  out.push({
    ...docCase,
    name: "doc/huaian-2024.doc",
    bytes: readFileSync(path.join(fixtures, "doc/huaian-2024.doc")),
    contentType: "application/msword",
    meta: { ...docCase.meta, publishDate: null },
  });
  for (const c of out) c.inRepoSet = true;
  out.push(...corpusCases());
  return out;
}

/**
 * The shared corpus's other documents. `cells`: how the table cells are judged — `values` (every key
 * of `values`, null = printed blank), `optional` (a one-line dump whose cells a layout reader cannot
 * recover: a cell emitted with the expected value is exact, any other is invented, i.e. spurious),
 * `none` (not a report: every value emitted is spurious).
 */
function corpusCases() {
  const docs = [
    ["shanghai-office-2019.html", "text/html", "values"],
    ["shuyang-county-2025.txt", "text/plain", "values"],
    ["pingtan-zone-2011.txt", "text/plain", "values"],
    ["pingtan-zone-2021.txt", "text/plain", "optional"],
    ["pingtan-zone-2024.txt", "text/plain", "optional"],
    ["pingtan-letter-2014.txt", "text/plain", "none"],
  ];
  const out = [];
  for (const [file, contentType, cells] of docs) {
    const expectedFile = path.join(sharedCorpus, "expected", `${file}.json`);
    const document = path.join(sharedCorpus, "documents", file);
    if (!existsSync(expectedFile) || !existsSync(document)) continue;
    const expected = JSON.parse(readFileSync(expectedFile, "utf8"));
    const isReport = expected.is_report ?? true;
    const meta = { isReport, agency: expected.agency, year: expected.year };
    if (expected.format !== undefined) meta.format = expected.format;
    if (expected.publish_date) meta.publishDate = expected.publish_date;
    out.push({
      name: `corpus/${file}`,
      bytes: readFileSync(document),
      contentType,
      meta,
      accept: { "meta.agency": expected.agency_accept ?? [expected.agency] },
      values:
        cells === "values" ? { ...expected.values, ...expected.text_figures } : { ...expected.text_figures },
      optional: cells === "optional" ? expected.values : {},
      judged: cells === "none" ? /./ : TABLE_OR_TEXT,
      failing: expected.failing_checks ?? [],
    });
  }
  return out;
}

async function score(c) {
  const result = await extractAsync({ bytes: c.bytes, url: c.name, contentType: c.contentType });
  const found = result.ok
    ? Object.fromEntries(result.values.filter((v) => c.judged.test(v.key)).map((v) => [v.key, v.value]))
    : {};
  const metaFound = result.ok
    ? {
        ...("isReport" in c.meta ? { isReport: result.isReport } : {}),
        agency: result.metadata.agency,
        year: result.metadata.year,
        format: result.format,
        publishDate: result.metadata.publishDate,
      }
    : {};
  const expected = {
    ...Object.fromEntries(
      Object.entries(c.meta)
        .filter(([k, v]) => !(k === "publishDate" && v === null))
        .map(([k, v]) => [`meta.${k}`, v]),
    ),
    ...c.values,
  };
  // A table cell a one-line dump's reader need not give: right when it does give it, invented when wrong.
  for (const [key, want] of Object.entries(c.optional ?? {}))
    if (key in found && found[key] === want) expected[key] = want;
  const got = {
    ...Object.fromEntries(Object.entries(metaFound).map(([k, v]) => [`meta.${k}`, v])),
    ...found,
  };
  let exact = 0,
    wrong = 0,
    missing = 0;
  const wrongKeys = [];
  for (const [key, want] of Object.entries(expected)) {
    if (!(key in got) || got[key] === undefined || (got[key] === null && want !== null)) {
      missing++;
      wrongKeys.push(`missing: ${key}`);
    } else if (got[key] === want || c.accept?.[key]?.includes(got[key])) exact++;
    else {
      wrong++;
      wrongKeys.push(`wrong: ${key} = ${got[key]} (want ${want})`);
    }
  }
  const spuriousKeys = Object.keys(found).filter((k) => !(k in expected));
  const spurious = spuriousKeys.length;
  for (const k of spuriousKeys) wrongKeys.push(`spurious: ${k} = ${found[k]}`);
  const failing = result.ok
    ? result.checks
        .filter((x) => x.status === "fail" && x.severity === "hard")
        .map((x) => x.id)
        .sort()
    : null;
  const checksOk = failing !== null && JSON.stringify(failing) === JSON.stringify([...c.failing].sort());
  return {
    name: c.name,
    inRepoSet: c.inRepoSet === true,
    expected: Object.keys(expected).length,
    found: Object.keys(got).filter((k) => k in expected || !k.startsWith("meta.")).length,
    exact,
    wrong,
    missing,
    spurious,
    checksOk,
    wrongKeys,
    error: result.ok ? null : `${result.error.code}`,
  };
}

const all = cases();
const rows = [];
for (const c of all) rows.push(await score(c));
const pad = (s, n) => String(s).padEnd(n);
console.log(
  `${pad("document", 44)}${pad("expected", 10)}${pad("found", 7)}${pad("exact", 7)}${pad("wrong", 7)}${pad("missing", 9)}${pad("spurious", 10)}checks`,
);
for (const r of rows) {
  console.log(
    `${pad(r.name, 44)}${pad(r.expected, 10)}${pad(r.found, 7)}${pad(r.exact, 7)}${pad(r.wrong, 7)}${pad(r.missing, 9)}${pad(r.spurious, 10)}${r.checksOk ? "reproduced" : "DIFFERENT"}${r.error ? `  (${r.error})` : ""}`,
  );
  for (const w of r.wrongKeys.slice(0, 5)) console.log(`    ${w}`);
}
const totals = [
  ["total (in-repo set)", rows.filter((r) => r.inRepoSet)],
  ["total (all)", rows],
];
for (const [label, set] of totals) {
  const sum = (k) => set.reduce((a, r) => a + r[k], 0);
  console.log(
    `${pad(label, 44)}${pad(sum("expected"), 10)}${pad(sum("found"), 7)}${pad(sum("exact"), 7)}${pad(sum("wrong"), 7)}${pad(sum("missing"), 9)}${pad(sum("spurious"), 10)}${set.filter((r) => r.checksOk).length}/${set.length} reproduced`,
  );
}
for (const [label, set] of totals) {
  const sum = (k) => set.reduce((a, r) => a + r[k], 0);
  console.log(
    `exact share ${label.replace(/^total /, "")}: ${((sum("exact") / sum("expected")) * 100).toFixed(1)} % of expected fields`,
  );
}

// Throughput on one core: every readable document, repeated, as the extract stage runs its readers
// over thousands: timed once warm (10 rounds not timed first: V8 compiles the readers' hot paths
// after some hundred calls, which a stage pays once), the way the PDF figure below times its first
// document apart, over 100 rounds (some 1,300 extractions, a few seconds).
const readable = all.filter(
  (c) => c.contentType !== "application/pdf" && extract({ bytes: c.bytes, contentType: c.contentType }).ok,
);
const rounds = small ? 1 : 100;
for (let i = 0; i < (small ? 1 : 10); i++)
  for (const c of readable) extract({ bytes: c.bytes, url: c.name, contentType: c.contentType });
// The target is a rate, not a ratio: the machine's speed, measured just before, stands beside it.
const machine = machineSpeedAnchor(pdftotextMsPerPage(small ? 1 : 15));
const started = process.hrtime.bigint();
for (let i = 0; i < rounds; i++)
  for (const c of readable) extract({ bytes: c.bytes, url: c.name, contentType: c.contentType });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const n = rounds * readable.length;
const perSecond = n / seconds;
console.log(
  `throughput (HTML/text): ${perSecond.toFixed(1)} reports/s on one core, warm (${((seconds / n) * 1000).toFixed(2)} ms per document, ${n} extractions)`,
);
figure({
  name: "extract HTML/text",
  value: `${perSecond.toFixed(0)} reports/s`,
  anchor: machine,
  target: "≥ 500 reports/s/core",
  met: small ? null : perSecond >= 500,
});

// PDF, in process: ms per page once the PDF reader is warm (the first PDF, which starts its thread,
// is timed apart), beside `pdftotext -layout` over the same files in the same rounds (its process
// start included: it is how the tool is run), interleaved so that load from elsewhere falls on both
// alike. The figure is over the corpus PDFs (the cases above); the in-repo PDFs that are not among
// them (county-2020-blanks.pdf: a hundred Type 3 fonts) get a line of their own.
const pdfFiles = new Map();
for (const c of all.filter((c) => c.contentType === "application/pdf"))
  pdfFiles.set(c.name, { bytes: c.bytes, inFigure: true });
for (const file of ["county-2020-blanks.pdf", "huaian-city-2024.pdf"]) {
  const bytes = readFileSync(path.join(fixtures, "pdf", file));
  if (![...pdfFiles.values()].some((d) => d.bytes.equals(bytes)))
    pdfFiles.set(`fixtures/pdf/${file}`, { bytes, inFigure: false });
}
const scratch = mkdtempSync(path.join(tmpdir(), "touming-bench-"));
const pdfDocs = [...pdfFiles].map(([name, { bytes, inFigure }], i) => {
  const file = path.join(scratch, `doc-${i}.pdf`);
  writeFileSync(file, bytes);
  const pages = Number(
    /Pages:\s+(\d+)/.exec(spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout ?? "")?.[1] ?? 1,
  );
  return { name, bytes, file, pages, inFigure };
});
const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;
if (pdfDocs.length > 0) {
  const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
  const t0 = process.hrtime.bigint();
  await extractAsync({ bytes: pdfDocs[0].bytes, contentType: "application/pdf" });
  const firstMs = ms(t0);
  const pdfRounds = small ? 1 : 10;
  const ours = new Map(pdfDocs.map((d) => [d.name, 0]));
  const theirs = new Map(pdfDocs.map((d) => [d.name, 0]));
  for (let i = 0; i < pdfRounds; i++) {
    for (const d of pdfDocs) {
      const t1 = process.hrtime.bigint();
      await extractAsync({ bytes: d.bytes, contentType: "application/pdf" });
      ours.set(d.name, ours.get(d.name) + ms(t1));
      if (hasPdftotext) {
        const t2 = process.hrtime.bigint();
        spawnSync("pdftotext", ["-layout", d.file, "-"]);
        theirs.set(d.name, theirs.get(d.name) + ms(t2));
      }
    }
  }
  const perPage = (times, docs) =>
    docs.reduce((a, d) => a + times.get(d.name), 0) / (pdfRounds * docs.reduce((a, d) => a + d.pages, 0));
  for (const d of pdfDocs)
    console.log(
      `${d.name}: ${d.pages} pages, ${perPage(ours, [d]).toFixed(1)} ms per page (extractAsync, warm)` +
        (hasPdftotext ? `; pdftotext -layout: ${perPage(theirs, [d]).toFixed(1)} ms per page` : "") +
        (d.inFigure ? "" : " (not in the figure)"),
    );
  const figured = pdfDocs.filter((d) => d.inFigure);
  if (figured.length > 0) {
    const oursPerPage = perPage(ours, figured);
    const theirsPerPage = perPage(theirs, figured);
    const pages = pdfRounds * figured.reduce((a, d) => a + d.pages, 0);
    console.log(
      `PDF (corpus): ${oursPerPage.toFixed(1)} ms per page in process over ${pages} pages (the first PDF, starting the reader: ${firstMs.toFixed(0)} ms)` +
        (hasPdftotext
          ? `; pdftotext -layout: ${theirsPerPage.toFixed(1)} ms per page (process start included)`
          : ""),
    );
    const ratio = hasPdftotext ? oursPerPage / theirsPerPage : null;
    figure({
      name: "extract PDF",
      value: `${oursPerPage.toFixed(1)} ms/page`,
      anchor: hasPdftotext ? `pdftotext -layout ${theirsPerPage.toFixed(1)} ms/page` : null,
      ratio: ratio === null ? null : `${ratio.toFixed(1)}×`,
      target: "≤ 3× pdftotext -layout",
      met: small || ratio === null ? null : ratio <= 3,
    });
  }
}

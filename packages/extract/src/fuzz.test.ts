import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { toContractJson } from "./contract.js";
import { MAX_DOCX_XML_BYTES } from "./limits.js";
import { readZipEntry } from "./document/zip-entry.js";
import { extract } from "./extract-markup.js";
import { extractAsync } from "./extract.js";
import { type Mutant, mutateBytes, mutateOle, mutatePdf, mutateZip } from "./fuzz/mutate.js";
import { pathologicalPages } from "./fuzz/pathological-html.js";
import { writePdf } from "./fuzz/pdf-writer.js";
import { SeededRandom } from "./fuzz/seeded-random.js";
import { repeatedDeflate, writeZip } from "./fuzz/zip-writer.js";
import { fixture, fixtureNames } from "./testing/fixtures.js";
import type { ExtractInput, ExtractResult, ExtractionErrorCode } from "./types.js";

// Fixed: a failure names its case, and the case is the same on every run and machine.
const SEED = 0x7a11;
const COUNTS = { html: 80, text: 30, pdf: 30, docx: 70, doc: 40 };
/**
 * Peak resident memory of the test process. Generous: the bounded run peaks near 2 GB with its
 * own inputs and garbage; an unbounded case (the 4 GB bombs below) goes far above or dies.
 */
const PEAK_RSS_CAP_BYTES = 3 * 2 ** 30;
/** Short enough that a parser stuck on a damaged PDF or DOC ends the case as `timeout`. */
const TIME_BUDGET_MS = 20_000;

// `internal` is a bug in extract, never a fair answer to bad input.
const FAIR_ANSWER: Record<ExtractionErrorCode, boolean> = {
  empty: true,
  too_large: true,
  timeout: true,
  unsupported_format: true,
  malformed: true,
  internal: false,
};

interface FuzzCase {
  name: string;
  input: () => ExtractInput;
  /** The answer the limits must give; any fair answer when absent. */
  expected?: ExtractionErrorCode | "ok";
}

const sources = {
  html: fixtureNames("html")
    .filter((f) => f.endsWith(".html"))
    .map((f) => fixture(`html/${f}`)),
  text: [
    fixture("text/huaian-2024-flattened.txt"),
    ...fixtureNames("seeds").map((f) => fixture(`seeds/${f}`)),
  ],
  pdf: [
    fixture("pdf/huaian-city-2024.pdf"),
    fixture("pdf/county-2020-blanks.pdf"),
    fixture("scanned/huaian-2024-scanned.pdf"),
  ],
  docx: [fixture("docx/official-template-2021.docx")],
  doc: [fixture("doc/huaian-2024.doc")],
};
const documentXml = () => readZipEntry(sources.docx[0]!, "word/document.xml", MAX_DOCX_XML_BYTES);
const asDocx = (xml: Uint8Array | string) =>
  writeZip([{ name: "word/document.xml", data: typeof xml === "string" ? Buffer.from(xml) : xml }]);

/** Bytes of a format other than `format`, for splices. */
function otherThan(format: keyof typeof sources, rnd: SeededRandom): Uint8Array {
  const formats = (Object.keys(sources) as (keyof typeof sources)[]).filter((f) => f !== format);
  return rnd.pick(sources[rnd.pick(formats)]);
}

function mutants(format: keyof typeof sources, count: number): FuzzCase[] {
  return Array.from({ length: count }, (_, i) => {
    const rnd = new SeededRandom(SEED * 1000 + Object.keys(sources).indexOf(format) * 100 + i);
    const source = rnd.pick(sources[format]);
    let mutant: Mutant;
    if (format === "pdf" && rnd.chance(0.6)) mutant = mutatePdf(source, rnd);
    else if (format === "doc" && rnd.chance(0.7)) mutant = mutateOle(source, rnd);
    else if (format === "docx" && rnd.chance(0.4)) mutant = mutateZip(source, rnd);
    else if (format === "docx" && rnd.chance(0.5)) {
      const xml = mutateBytes(documentXml(), rnd, otherThan(format, rnd));
      mutant = { how: `word/document.xml: ${xml.how}`, bytes: asDocx(xml.bytes) };
    } else mutant = mutateBytes(source, rnd, otherThan(format, rnd));
    // What a server may say about the bytes: nothing, the truth, or a lie.
    const contentType = rnd.pick([
      undefined,
      "text/html; charset=gbk",
      "text/html; charset=big5",
      "text/plain; charset=utf-8",
      "application/octet-stream",
    ]);
    const url = rnd.pick([
      undefined,
      "http://x.gov.cn/a.pdf",
      "http://x.gov.cn/a.wps",
      "http://x.gov.cn/a.htm",
    ]);
    return {
      name: `${format} #${i}: ${mutant.how}`,
      input: () => ({
        bytes: mutant.bytes,
        ...(contentType ? { contentType } : {}),
        ...(url ? { url } : {}),
      }),
    };
  });
}

function zipBombs(): FuzzCase[] {
  const spaces = new Uint8Array(1024 * 1024).fill(0x20);
  const xmlOpen = '<w:document xmlns:w="w"><w:body>';
  return [
    {
      name: "declares more than the limit",
      input: () => ({ bytes: asDocx(new Uint8Array(MAX_DOCX_XML_BYTES + 1)) }),
      expected: "too_large",
    },
    ...[false, true].map((zip64) => ({
      name: `declares 1000 bytes${zip64 ? " in ZIP64" : ""} and inflates to 4 GB`,
      input: () => ({
        bytes: writeZip([
          {
            name: "word/document.xml",
            data: new Uint8Array(1000),
            compressed: repeatedDeflate(spaces, 4096),
            declaredSize: 1000,
            zip64,
          },
        ]),
      }),
      expected: "too_large" as const,
    })),
    {
      name: "declares a terabyte in ZIP64",
      input: () => ({
        bytes: writeZip([
          { name: "word/document.xml", data: Buffer.from(xmlOpen), declaredSize: 2 ** 40, zip64: true },
        ]),
      }),
      expected: "too_large",
    },
    {
      name: "the real document in ZIP64 form reads as the original",
      input: () => ({ bytes: writeZip([{ name: "word/document.xml", data: documentXml(), zip64: true }]) }),
      expected: "ok",
    },
    {
      name: "20,000 entries before the document",
      input: () => ({
        bytes: writeZip([
          ...Array.from({ length: 20_000 }, (_, i) => ({
            name: `word/media/${i}.bin`,
            data: spaces.subarray(0, 64),
          })),
          { name: "word/document.xml", data: documentXml() },
        ]),
      }),
      expected: "ok",
    },
    {
      name: "deep folders and no Word document",
      input: () => ({
        bytes: writeZip(
          Array.from({ length: 200 }, (_, i) => ({
            name: `${"a/".repeat(i + 1)}x.xml`,
            data: spaces.subarray(0, 8),
          })),
        ),
      }),
      expected: "unsupported_format",
    },
    {
      name: "a zip in a zip in a zip as word/document.xml",
      input: () => {
        let inner: Uint8Array = asDocx(documentXml());
        for (let level = 0; level < 3; level++) inner = asDocx(inner);
        return { bytes: inner };
      },
    },
    {
      name: "three million empty paragraphs",
      input: () => ({
        bytes: writeZip([
          {
            name: "word/document.xml",
            data: new Uint8Array(0),
            compressed: Buffer.concat([
              repeatedDeflate(Buffer.from(xmlOpen), 1).subarray(0, -2),
              repeatedDeflate(Buffer.from("<w:p/>".repeat(10_000)), 300),
            ]),
            declaredSize: xmlOpen.length + 6 * 3_000_000,
          },
        ]),
      }),
      expected: "too_large",
    },
    {
      name: "100,000 nested runs",
      input: () => ({ bytes: asDocx(`${xmlOpen}<w:p>${"<w:r>".repeat(100_000)}<w:t>x</w:t>`) }),
      expected: "too_large",
    },
    {
      name: "the real document stored, not deflated",
      input: () => ({
        bytes: writeZip([{ name: "word/document.xml", data: documentXml(), method: "store" }]),
      }),
      expected: "ok",
    },
    {
      name: "compression method 12 (bzip2)",
      input: () => ({ bytes: writeZip([{ name: "word/document.xml", data: documentXml(), methodId: 12 }]) }),
      expected: "malformed",
    },
    {
      name: "an empty archive",
      input: () => ({ bytes: writeZip([]) }),
      expected: "unsupported_format",
    },
  ].map((c) => ({ ...c, name: `zip bomb: ${c.name}` }) as FuzzCase);
}

function pdfBombs(): FuzzCase[] {
  // Lines of 40 characters down the page, over and over: a reader drops text outside the page.
  const text = (chars: number) =>
    Buffer.from(
      Array.from(
        { length: Math.ceil(chars / 40) },
        (_, i) => `BT /F1 8 Tf 20 ${10 + (i % 800)} Td (${"A".repeat(40)}) Tj ET\n`,
      ).join(""),
    );
  return [
    {
      name: "a content stream of 4 GB of spaces",
      input: () => ({
        bytes: writePdf(repeatedZlib(new Uint8Array(1024 * 1024).fill(0x20), 4096), ["/FlateDecode"]),
      }),
      expected: "too_large",
    },
    {
      name: "a content stream deflated twice",
      input: () => ({
        bytes: writePdf(deflateSync(repeatedZlib(new Uint8Array(1024 * 1024).fill(0x20), 1024)), [
          "/FlateDecode",
          "/FlateDecode",
        ]),
      }),
      expected: "too_large",
    },
    {
      name: "four million characters of text",
      input: () => ({ bytes: writePdf(deflateSync(text(4_000_000)), ["/FlateDecode"]) }),
      expected: "too_large",
    },
    {
      name: "a page of text that reads",
      input: () => ({ bytes: writePdf(deflateSync(text(5_000)), ["/FlateDecode"]) }),
      expected: "ok",
    },
  ].map((c) => ({ ...c, name: `PDF bomb: ${c.name}` }) as FuzzCase);
}

/** A zlib stream (what /FlateDecode holds) inflating to `chunk` repeated `times` times. */
function repeatedZlib(chunk: Uint8Array, times: number): Buffer {
  const raw = repeatedDeflate(chunk, times);
  const header = Buffer.from([0x78, 0xda]);
  // The Adler-32 trailer is left wrong: most readers do not check it.
  return Buffer.concat([header, raw, Buffer.alloc(4)]);
}

function htmlCases(): FuzzCase[] {
  // Nesting, elements, tags and text past the HTML limits are refused; big but bounded pages read.
  const expectations: Record<string, ExtractionErrorCode | "ok"> = {
    "100k nested divs, never closed": "too_large",
    "100k nested divs, closed": "too_large",
    "100k nested spans": "too_large",
    "100k unclosed bold tags": "too_large",
    "20k nested tables": "too_large",
    "formatting elements reopened in every paragraph": "too_large",
    "a 16 MB attribute": "ok",
    "a 16 MB style attribute on every one of 4 cells": "ok",
    "a table of 10k rows": "ok",
    "a table of 60k rows": "too_large",
    "a table of 300k cells in one row": "too_large",
    "cells spanning 2^31 rows and columns": "ok",
    "200k stray end tags inside 500 spans": "ok",
    "a 10 MB paragraph": "too_large",
    "a million <br>": "too_large",
    "unterminated comment and script": "ok",
  };
  return pathologicalPages().map((page) => {
    const expected = expectations[page.name];
    if (!expected) throw new Error(`say what "${page.name}" must give`);
    return {
      name: `pathological HTML: ${page.name}`,
      input: () => ({ bytes: Buffer.from(page.html()), contentType: "text/html" }),
      expected,
    };
  });
}

function expectFairAnswer(result: ExtractResult) {
  if (!result.ok) {
    expect(FAIR_ANSWER[result.error.code], `${result.error.code}: ${result.error.message}`).toBe(true);
    expect(result.error.message).not.toBe("");
  }
  const json = toContractJson(result);
  // Round trip: no undefined, NaN, Infinity or cycles hide in the public JSON.
  expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  expect(json.warnings.every((w) => typeof w === "string")).toBe(true);
  if (!json.ok) return;
  expect(json.confidence).toBeGreaterThanOrEqual(0);
  expect(json.confidence).toBeLessThanOrEqual(1);
  expect(["legacy", "2019", "2021"]).toContain(json.format);
  for (const v of Object.values(json.values ?? {})) {
    expect(v.value === null || Number.isFinite(v.value)).toBe(true);
    expect(typeof v.excerpt).toBe("string");
  }
  for (const c of json.checks ?? [])
    expect(["pass", "fail", "not_applicable", "not_evaluable"]).toContain(c.status);
}

async function run(c: FuzzCase) {
  const input = { ...c.input(), timeBudgetMs: TIME_BUDGET_MS };
  const results = [extract(input), await extractAsync(input)];
  for (const result of results) expectFairAnswer(result);
  const answer = results[1]!.ok ? "ok" : results[1]!.error.code;
  if (c.expected) expect(answer, results[1]!.ok ? "" : results[1]!.error.message).toBe(c.expected);
  expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(PEAK_RSS_CAP_BYTES);
}

describe.each([
  ["mutated HTML", mutants("html", COUNTS.html)],
  ["mutated text", mutants("text", COUNTS.text)],
  ["mutated PDF", mutants("pdf", COUNTS.pdf)],
  ["mutated DOCX", mutants("docx", COUNTS.docx)],
  ["mutated DOC", mutants("doc", COUNTS.doc)],
  ["zip bombs", zipBombs()],
  ["PDF bombs", pdfBombs()],
  ["pathological HTML", htmlCases()],
])("fuzz: %s never throws and answers within the limits", (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", { timeout: 120_000 }, async (_name, c) => run(c));
});

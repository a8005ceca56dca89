import { afterEach, describe, expect, it } from "vitest";
import { toContractJson } from "../contract.js";
import { extractAsync } from "../extract.js";
import { fixture } from "../testing/fixtures.js";
import { ExtractPool, ExtractWorkerError } from "./extract-pool.js";

const huaian = fixture("html/huaian-2024-2021-format.html");
const pdf = fixture("pdf/huaian-city-2024.pdf");

describe("extract pool", () => {
  let pool: ExtractPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("gives the same results as extracting on the main thread, for HTML and PDF at once", async () => {
    pool = new ExtractPool(2);
    const inputs = [
      { bytes: huaian, contentType: "text/html" },
      { bytes: pdf, url: "https://www.huaian.gov.cn/2024.pdf" },
      { bytes: huaian, contentType: "text/html", agencyHint: "淮安市人民政府" },
    ];
    const onWorkers = await Promise.all(inputs.map((input) => pool!.extract(input)));
    const here = await Promise.all(inputs.map((input) => extractAsync(input)));
    expect(onWorkers.map((r) => toContractJson(r))).toEqual(here.map((r) => toContractJson(r)));
    expect(onWorkers.every((r) => r.ok && r.values.length > 100)).toBe(true);
    // The caller's buffer is untouched (the worker got a copy).
    expect(huaian.subarray(0, 15).toString()).toMatch(/^<!DOCTYPE html>|^<html/i);
  });

  it("a document that exhausts a worker's memory fails alone; the next one is extracted", async () => {
    pool = new ExtractPool(1, 64);
    const huge = Buffer.from(`<html><body><p>${"一二三四五六七八九十".repeat(1_500_000)}</p></body></html>`);
    const lost = await pool.extract({ bytes: huge, contentType: "text/html" }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ExtractWorkerError);
    expect((lost as ExtractWorkerError).outOfMemory).toBe(true);
    expect((lost as Error).message).toBe("extraction needed more than 64 MB of memory");
    const next = await pool.extract({ bytes: huaian, contentType: "text/html" });
    expect(next.ok && next.metadata.year).toBe(2024);
  });
});

import { describe, expect, it } from "vitest";
import { fixture } from "../testing/fixtures.js";
import { readPdfText } from "./pdf-text.js";
import { idlePdfThreads } from "./pdf-text-threads.js";

describe("readPdfText on threads kept alive", () => {
  const report = fixture("pdf/huaian-city-2024.pdf");

  it("reads PDF after PDF on the same thread, alike", async () => {
    const first = await readPdfText(report);
    expect(idlePdfThreads()).toBe(1);
    const second = await readPdfText(report);
    expect(idlePdfThreads()).toBe(1);
    expect(first.numPages).toBe(6);
    expect(second).toEqual(first);
  });

  it("retires a thread that failed, and reads the next PDF on a fresh one", async () => {
    await readPdfText(report);
    expect(idlePdfThreads()).toBe(1);
    await expect(readPdfText(new TextEncoder().encode("%PDF-1.4\nnot a pdf at all\n"))).rejects.toThrow();
    expect(idlePdfThreads()).toBe(0);
    expect((await readPdfText(report)).pages).toHaveLength(6);
    expect(idlePdfThreads()).toBe(1);
  });

  it("stops a thread when the signal aborts, and reads the next PDF", async () => {
    await readPdfText(report);
    const stop = new AbortController();
    const reading = readPdfText(report, stop.signal);
    stop.abort(new Error("stopped"));
    await expect(reading).rejects.toThrow("stopped");
    expect(idlePdfThreads()).toBe(0);
    expect((await readPdfText(report)).numPages).toBe(6);
  });

  it("runs PDFs read at once on threads of their own", async () => {
    const texts = await Promise.all([readPdfText(report), readPdfText(report), readPdfText(report)]);
    expect(texts.map((t) => t.numPages)).toEqual([6, 6, 6]);
    expect(idlePdfThreads()).toBeGreaterThanOrEqual(1);
  });
});

import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { type Store, lastRunPerStage, storeStatus } from "@touming/store";
// The same documents the extract stage's own tests use.
import { EXTRACT_FIXTURES, storeWithDocuments } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { useCli } from "../testing/in-process-cli.js";

const { dir, run } = useCli();
const lastExtractRun = async (store: Store) =>
  (await lastRunPerStage(store.db)).find((r) => r.stage === "extract");

describe("touming extract (the stage in a logged run)", () => {
  it("records the stage's summary in the run log and logs each failure as a JSON line", async () => {
    const d = dir();
    const { store, docs } = await storeWithDocuments(d);
    try {
      const result = await run(d, ["extract"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("");
      const last = await lastExtractRun(store);
      expect(last).toMatchObject({
        status: "ok",
        counters: { documents: 5, reports: 2, skipped: 1, failed: 2, failedChecks: 2 },
      });
      expect(Object.keys(last!.counters)).toEqual([
        "documents",
        "reports",
        "skipped",
        "failed",
        "values",
        "failedChecks",
      ]);
      const lines = result.stderr
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ level: "info", stage: "extract", event: "start", pending: 5 });
      expect(lines.filter((l) => l.event === "document failed").map((l) => l.document)).toEqual([
        docs["annex.pdf"],
        docs["damaged.html"],
      ]);
      expect(lines.at(-1)).toMatchObject({ event: "progress", done: 5, total: 5 });
    } finally {
      await store.close();
    }
  });

  it("--limit bounds the run", async () => {
    const d = dir();
    const { store } = await storeWithDocuments(d);
    try {
      await run(d, ["extract", "--limit", "2"]);
      expect((await lastExtractRun(store))?.counters.documents).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("SIGTERM finishes the current document, records the run as interrupted with what it did, and the next run does the rest", async () => {
    const d = dir();
    const { store } = await storeWithDocuments(d);
    try {
      let signalled = false;
      const io = {
        stdout: { write: () => true },
        stderr: {
          write: (text: string) => {
            // The first progress line means one document is done: stop now.
            if (!signalled && text.includes("extract 1/")) {
              signalled = true;
              process.emit("SIGTERM");
            }
            return true;
          },
        },
        isTTY: true,
        now: () => new Date(),
      };
      const { main } = await import("../program.js");
      // Stopped by SIGTERM: exit code 143 (128 + 15), the run recorded as interrupted.
      expect(await main(["--data-dir", d, "extract"], io)).toBe(143);
      expect(await lastExtractRun(store)).toMatchObject({
        status: "interrupted",
        error: "stopped by a signal",
        counters: expect.objectContaining({ documents: 1 }),
      });
      expect(await store.db.selectFrom("reports").selectAll().execute()).toHaveLength(1);
      await run(d, ["extract"]);
      expect((await storeStatus(store.db)).reportsPerYear.map((r) => r.year)).toEqual([2017, 2020]);
    } finally {
      await store.close();
    }
  });
});

describe("touming extract FILE", () => {
  it("is read-only: it opens no database and writes nothing in the data directory", async () => {
    const d = dir();
    const data = `${d}/data`;
    const result = await run(data, [
      "extract",
      `${EXTRACT_FIXTURES}seeds/001_c30767c77fd7db29.txt`,
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, metadata: { agency: "凌源市人民政府" } });
    expect(existsSync(data)).toBe(false);
    expect(readdirSync(d)).toEqual([]);
  });

  it("--json prints the public contract", async () => {
    const d = dir();
    const result = await run(d, [
      "extract",
      `${EXTRACT_FIXTURES}html/huaian-2024-2021-format.html`,
      "--json",
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      ok: true,
      format: "2021",
      metadata: {
        agency: "淮安市人民政府",
        year: 2024,
        publishDate: "2025-01-20",
        indexNo: "014041048/2025-00012",
      },
      blank: [],
      warnings: [],
    });
    expect(json.values["apply.new_received.total"]).toEqual({
      value: 3119,
      excerpt: "一、本年新收政府信息公开申请数量 · 总计: 3119",
      cell: "三:R4C10",
    });
    expect(Object.keys(json.values)).toHaveLength(202);
    expect(json.sections[0]).toEqual({ key: "overview", title: "一、总体情况", chars: expect.any(Number) });
    expect(json.checks[0]).toEqual({
      id: "T3-A",
      scope: "natural_person",
      severity: "hard",
      status: "pass",
      left: "new_received + carried_over = 3001 + 34 = 3035",
      right: "handled_total + carried_forward = 2932 + 103 = 3035",
      message: "T3-A holds for natural_person",
    });
  });

  it("reads the corpus PDF: every table cell of 淮安市 2024 exact, all checks pass", async () => {
    const d = dir();
    const result = await run(d, ["extract", `${EXTRACT_FIXTURES}pdf/huaian-city-2024.pdf`, "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    const expected = JSON.parse(readFileSync(`${EXTRACT_FIXTURES}pdf/huaian-city-2024.pdf.json`, "utf8"));
    const tables = Object.fromEntries(
      Object.entries(json.values as Record<string, { value: number }>)
        .filter(([k]) => !k.startsWith("text."))
        .map(([k, v]) => [k, v.value]),
    );
    expect(tables).toEqual(expected.values);
    expect(json).toMatchObject({
      format: "2021",
      metadata: { agency: "淮安市人民政府", year: 2024 },
      sourceKind: "pdf",
    });
    expect(json.values["text.fees_yuan"].value).toBe(3940);
    expect(json.values["apply.new_received.total"].page).toBe(4);
    expect(json.checks.filter((c: { status: string }) => c.status === "fail")).toEqual([]);
  });

  it("prints a readable summary, and fails with a one-line reason on an unreadable format", async () => {
    const d = dir();
    const ok = await run(d, ["extract", `${EXTRACT_FIXTURES}seeds/001_c30767c77fd7db29.txt`]);
    expect(ok.stdout).toContain(
      "  agency        凌源市人民政府 [preamble]\n  year          2013 [body]\n  published     2014-01-20 [top-line]\n",
    );
    const pdf = `${d}/x.pdf`;
    writeFileSync(pdf, "%PDF-1.4\n");
    const bad = await run(d, ["extract", pdf, "--json"]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: "malformed" } });
    expect(bad.stderr.trim().split("\n").at(-1)).toMatch(
      new RegExp(`^touming: ${pdf.replace(/[/.]/g, "\\$&")}: malformed: the PDF could not be read: `),
    );
    const missing = await run(d, ["extract", `${d}/nope.html`]);
    expect(missing.stderr).toBe(`touming: ${d}/nope.html: cannot read: ENOENT\n`);
  });
});

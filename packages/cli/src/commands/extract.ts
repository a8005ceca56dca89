import { readFile } from "node:fs/promises";
import type { ExtractResult } from "@touming/extract";
import type { Command } from "commander";
import { wholeNumber } from "../option-values.js";
import type { CliContext } from "../cli-context.js";

function contentTypeOf(file: string): string | undefined {
  if (/\.s?html?$/i.test(file)) return "text/html";
  if (/\.txt$/i.test(file)) return "text/plain";
  return undefined;
}

function summary(file: string, result: ExtractResult): string {
  if (!result.ok) return `${file}: ${result.error.code}: ${result.error.message}\n`;
  const m = result.metadata;
  const failed = result.checks.filter((c) => c.status === "fail");
  const lines = [
    `${file}`,
    `  agency        ${m.agency ?? "(not found)"}${m.agencySource ? ` [${m.agencySource}]` : ""}`,
    `  year          ${m.year ?? "(not found)"}${m.yearSource ? ` [${m.yearSource}]` : ""}`,
    `  published     ${m.publishDate ?? "(not found)"}${m.publishDateSource ? ` [${m.publishDateSource}]` : ""}`,
    `  format        ${result.format}   encoding ${result.encoding}   report ${result.isReport ? "yes" : "no"} (confidence ${result.confidence})`,
    `  sections      ${result.sections.map((s) => s.key).join(", ") || "none"}`,
    `  values        ${result.values.filter((v) => v.value !== null).length} found, ${result.values.filter((v) => v.value === null).length} blank`,
    `  checks        ${result.checks.filter((c) => c.status === "pass").length} pass, ${failed.length} fail`,
    ...failed.map((c) => `    ✗ ${c.id} ${c.scope}: ${c.left}  ≠  ${c.right}`),
    ...result.warnings.map((w) => `  warning       ${w}`),
  ];
  return lines.join("\n") + "\n";
}

export function registerExtract(program: Command, { io, globals, settings }: CliContext): void {
  program
    .command("extract")
    .description(
      "extract pending documents from the store, or one FILE (HTML, text or PDF) with --json for its result",
    )
    .argument("[file]", "a report file to extract without touching the store's reports")
    .option("--json", "print the result as one JSON object (the public extraction contract)")
    .option("--limit <n>", "extract at most N pending documents", wholeNumber("--limit", 1))
    .action(async (file: string | undefined, options: { json?: boolean; limit?: number }) => {
      if (file !== undefined) {
        // Reading one file is read-only: no store is opened, nothing is written but standard output.
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch (error) {
          throw new Error(
            `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
            { cause: error },
          );
        }
        const contentType = contentTypeOf(file);
        // The extractor alone (MuPDF, a child process, only for a PDF): not the store, the stage or the
        // other packages, and the HTML readers (cheerio, parse5) only for a file that needs them.
        const { extractAsync } = await import("@touming/extract/async");
        const { toContractJson } = await import("@touming/extract/contract");
        const result = await extractAsync({
          bytes,
          url: `file://${file}`,
          ...(contentType ? { contentType } : {}),
        });
        io.stdout.write(
          options.json ? JSON.stringify(toContractJson(result), null, 2) + "\n" : summary(file, result),
        );
        if (!result.ok) throw new Error(`${file}: ${result.error.code}: ${result.error.message}`);
        return;
      }
      const workers = settings.get("extractWorkers");
      const { extractStage } = await import("@touming/extract/stage");
      const { runCommand, runStageIn } = await import("../stage-run.js");
      await runCommand(globals(), io, "extract", { locks: ["extract"] }, (run) =>
        runStageIn(run, extractStage, {
          workers,
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
        }),
      );
    });
}

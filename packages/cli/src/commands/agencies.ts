import type { Command } from "commander";
import { formatTable } from "../table.js";
import type { CliContext } from "../cli-context.js";

export function registerAgencies(program: Command, { io, globals }: CliContext): void {
  const agencies = program.command("agencies").description("manage the agency registry");

  agencies
    .command("import")
    .description(
      "validate a registry file (YAML or JSON) and upsert its agencies; nothing is written if it is invalid",
    )
    .argument("<file>", "registry file, e.g. agencies.yaml")
    .action(async (file: string) => {
      const { ConfigError, formatConfigIssue, readRegistryFile } = await import("@touming/crawler");
      const { listAgencies, upsertAgencies } = await import("@touming/store");
      const { runCommand } = await import("../stage-run.js");
      await runCommand(globals(), io, "agencies-import", { locks: [] }, async ({ store, record, log }) => {
        // Ids and parents: a parent in the file may close a cycle through stored agencies.
        const known = new Map((await listAgencies(store.db)).map((a) => [a.id, a.parentId]));
        let registry;
        try {
          registry = await readRegistryFile(file, known);
        } catch (error) {
          if (error instanceof ConfigError) {
            for (const issue of error.issues.slice(1))
              log.error("invalid registry", { problem: formatConfigIssue(issue) });
          }
          throw error;
        }
        const result = await upsertAgencies(store.db, registry.agencies, {
          sourceFile: file,
          clock: () => io.now(),
        });
        record({ ...result });
        io.stdout.write(
          `${file}: ${registry.agencies.length} agencies (${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged)\n`,
        );
      });
    });

  agencies
    .command("list")
    .description("print the agencies in the store")
    .option("--json", "print JSON instead of a table")
    .action(async (options: { json?: boolean }) => {
      const { redactSecrets } = await import("@touming/crawler");
      const { listAgencies } = await import("@touming/store");
      const { runCommand } = await import("../stage-run.js");
      await runCommand(globals(), io, "agencies-list", { locks: [] }, async ({ store, record }) => {
        const rows = await listAgencies(store.db);
        record({ agencies: rows.length });
        if (options.json) {
          io.stdout.write(redactSecrets(JSON.stringify(rows, null, 2)) + "\n");
          return;
        }
        io.stdout.write(
          formatTable(
            ["id", "name", "level", "region", "parent", "deadline", "start URLs"],
            rows.map((a) => [
              a.id,
              a.name,
              a.level,
              a.regionCode,
              a.parentId ?? "",
              a.deadlineOverride ?? "",
              redactSecrets([...a.listUrls, ...(a.siteUrl ? [a.siteUrl] : [])].join(" ")),
            ]),
          ),
        );
        io.stdout.write(`${rows.length} agencies\n`);
      });
    });
}

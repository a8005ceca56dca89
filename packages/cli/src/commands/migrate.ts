import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";

export function registerMigrate(program: Command, { io, globals }: CliContext): void {
  program
    .command("migrate")
    .description("create or upgrade the database schema (every command does this on its own too)")
    .action(async () => {
      const { runCommand } = await import("../stage-run.js");
      await runCommand(globals(), io, "migrate", { locks: [] }, async ({ store, record }) => {
        record({ applied: store.applied.length });
        for (const result of store.applied) io.stdout.write(`applied ${result.migrationName}\n`);
        const rows = await store.db
          .selectFrom("kysely_migration" as never)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        io.stdout.write(`${store.location}: schema is current (${Number(rows.n)} migrations)\n`);
      });
    });
}

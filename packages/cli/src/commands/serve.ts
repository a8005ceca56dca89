import type { RequestLog } from "@touming/serve";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { wholeNumber } from "../option-values.js";
import { StoppedBySignal } from "../stopped-by-signal.js";

interface ServeCommandOptions {
  out: string;
  host: string;
  port: number;
}

/**
 * `touming serve`: the published output directory over HTTP (see @touming/serve), until SIGINT or
 * SIGTERM, which end it as they end every command (exit 130 or 143). It reads no database: the
 * output directory is the whole site.
 */
export function registerServe(program: Command, { io }: CliContext): void {
  program
    .command("serve")
    .description("serve the published output directory over HTTP until stopped (SIGINT/SIGTERM)")
    .option("--out <dir>", "the published output directory", "out")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0: any free port)", wholeNumber("--port", 0, 65535), 8080)
    .action(async (options: ServeCommandOptions) => {
      const log = (entry: RequestLog) =>
        io.stderr.write(
          io.isTTY
            ? `${entry.status} ${entry.method} ${entry.path} ${entry.bytes}B ${entry.ms}ms\n`
            : `${JSON.stringify({ time: io.now().toISOString(), level: "info", stage: "serve", event: "request", ...entry })}\n`,
        );
      const { pageStyleHashes } = await import("@touming/publish");
      const { serveSite } = await import("@touming/serve");
      const server = await serveSite({
        root: options.out,
        host: options.host,
        port: options.port,
        styleHashes: pageStyleHashes(),
        onRequest: log,
      });
      io.stdout.write(`serving ${options.out} at ${server.url}\n`);
      const signal = await new Promise<"SIGINT" | "SIGTERM">((resolve) => {
        const stop = (s: NodeJS.Signals) => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve(s === "SIGINT" ? "SIGINT" : "SIGTERM");
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await server.close();
      throw new StoppedBySignal("serve", signal, "the site is no longer served");
    });
}

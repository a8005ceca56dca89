#!/usr/bin/env node
// Runs a command beside a throwaway PostgreSQL cluster: `node postgres-cluster-cli.js -- CMD ARGS…`.
// The command sees the cluster's URL in TOUMING_TEST_DATABASE_URL; the cluster is stopped and removed
// when it ends (or is interrupted), and its exit code is the command's. `.ci/run` runs the tests so.
import { spawn } from "node:child_process";
import { startPostgresCluster } from "./postgres-cluster.js";

const separator = process.argv.indexOf("--");
const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
if (command.length === 0) {
  process.stderr.write("usage: postgres-cluster-cli -- COMMAND [ARGS…]\n");
  process.exit(2);
}
let cluster;
try {
  cluster = await startPostgresCluster();
} catch (error) {
  process.stderr.write(`postgres-cluster: ${(error as Error).message}\n`);
  process.exit(1);
}
process.stderr.write(`postgres-cluster: PostgreSQL for the tests at ${cluster.url}\n`);
const child = spawn(command[0]!, command.slice(1), {
  stdio: "inherit",
  env: { ...process.env, TOUMING_TEST_DATABASE_URL: cluster.url },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => {
  child.on("error", (error) => {
    process.stderr.write(`postgres-cluster: cannot run ${command[0]}: ${error.message}\n`);
    resolve(127);
  });
  child.on("exit", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
});
await cluster.stop();
process.exit(code);

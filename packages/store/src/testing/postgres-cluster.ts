import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** A throwaway PostgreSQL server on loopback, for tests and CI. */
export interface PostgresCluster {
  /** The superuser's URL of its `postgres` database: `postgres://touming@127.0.0.1:PORT/postgres`. */
  url: string;
  /** Stops the server (fast shutdown) and removes its files. */
  stop(): Promise<void>;
}

/** The directory of Debian's PostgreSQL server programs (the newest version), or of `TOUMING_PG_BIN`. */
export function postgresBinDir(): string {
  const fromEnv = process.env.TOUMING_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      `no PostgreSQL server programs in ${root}: install Debian's postgresql package (scripts/bootstrap.sh does)`,
    );
  return path.join(root, versions[0]!, "bin");
}

/** uid and gid of the account the server runs as when we are root: PostgreSQL refuses to run as root. */
function unprivilegedAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const accounts = new Map(
    readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .map((line) => line.split(":"))
      .map(([name, , uid, gid]) => [name, { uid: Number(uid), gid: Number(gid) }] as const),
  );
  const account = accounts.get("postgres") ?? accounts.get("nobody");
  if (!account)
    throw new Error("running as root, and no 'postgres' or 'nobody' account to run PostgreSQL as");
  return account;
}

/** A free loopback port in 10000–30000 (below Linux's ephemeral range, where clients' ports are). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 20_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * Starts a throwaway cluster: `initdb` into a temp directory (C collation, UTF-8, trust on loopback,
 * superuser `touming`), then `postgres` listening on 127.0.0.1 only, with durability off (fsync,
 * full-page writes), as tests need no crash safety. As root it runs as the `postgres` account.
 */
export async function startPostgresCluster(
  options: {
    /**
     * The process whose death stops the server and removes its files, should it die without calling
     * `stop` (a test runner killed with SIGKILL). Default: this process.
     */
    ownerPid?: number;
  } = {},
): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), "touming-pg-"));
  const account = unprivilegedAccount();
  if (account) chownSync(dir, account.uid, account.gid);
  const asAccount = account ? { uid: account.uid, gid: account.gid } : {};
  const data = path.join(dir, "data");
  const init = spawnSync(
    path.join(bin, "initdb"),
    ["-D", data, "-U", "touming", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
    { ...asAccount, cwd: dir, encoding: "utf8" },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(init.stderr || init.stdout || String(init.error)).trim()}`);
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const server = spawn(
      path.join(bin, "postgres"),
      [
        "-D",
        data,
        "-p",
        String(port),
        "-k",
        dir,
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "max_connections=400",
        "-c",
        "shared_buffers=128MB",
      ],
      { ...asAccount, cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    server.stderr!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const url = `postgres://touming@127.0.0.1:${port}/postgres`;
    const ready = await waitUntilReady(url, server);
    if (ready) {
      watchOwner(options.ownerPid ?? process.pid, server.pid!, dir);
      return {
        url,
        stop: async () => {
          await stopServer(server);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stopServer(server);
    if (attempt >= 3 || !/could not bind|Address already in use/i.test(log)) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start: ${log.trim().split("\n").slice(-3).join(" | ")}`);
    }
  }
}

/**
 * A detached watchdog (a shell loop, in a session of its own so that a kill of the owner's process
 * group does not take it along): once the owner is gone while the server still runs, it stops the
 * server (fast shutdown, SIGKILL after 10 s) and removes its files. It ends with the server.
 */
function watchOwner(ownerPid: number, serverPid: number, dir: string): void {
  const script = [
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 0.5; done',
    'kill -0 "$2" 2>/dev/null || exit 0',
    'kill -INT "$2"',
    'i=0; while kill -0 "$2" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done',
    'kill -KILL "$2" 2>/dev/null',
    'rm -rf "$3"',
  ].join("\n");
  const watchdog = spawn(
    "/bin/sh",
    ["-c", script, "touming-pg-watchdog", String(ownerPid), String(serverPid), dir],
    {
      detached: true,
      stdio: "ignore",
    },
  );
  watchdog.unref();
}

async function waitUntilReady(url: string, server: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && server.exitCode === null) {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGINT"); // fast shutdown: ends sessions, no checkpoint wait
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

import { StoreReadOnlyError } from "@touming/store";
import { describe, expect, it } from "vitest";
import { failureReason } from "./failure-reason.js";

const store = { dataDir: "/srv/touming", dbFile: "/srv/touming/touming.db" };
const errno = (code: string, syscall: string, path: string) =>
  Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("failureReason: the one line a failed command prints", () => {
  it.each([
    [
      "SQLITE_FULL names the database",
      sqlite("SQLITE_FULL", "database or disk is full"),
      "the disk is full: cannot write /srv/touming/touming.db (SQLITE_FULL); free some space and run the command again",
    ],
    [
      "ENOSPC names the file",
      errno("ENOSPC", "write", "/srv/out/index.html.77.tmp"),
      "the disk is full: cannot write /srv/out/index.html.77.tmp (ENOSPC); free some space and run the command again",
    ],
    [
      "SQLITE_READONLY is the data directory's",
      sqlite("SQLITE_READONLY", "attempt to write a readonly database"),
      "the data directory /srv/touming is read-only: cannot write /srv/touming/touming.db (SQLITE_READONLY); make it writable or choose another with --data-dir",
    ],
    [
      "a read-only blob directory is the data directory's",
      errno("EROFS", "open", "/srv/touming/blobs/.tmp/ab.1.2"),
      "the data directory /srv/touming is read-only: cannot write /srv/touming/blobs/.tmp/ab.1.2 (EROFS); make it writable or choose another with --data-dir",
    ],
    [
      "the parent a missing data directory was to be made in",
      new StoreReadOnlyError("/srv", "EACCES"),
      "the data directory /srv/touming is read-only: cannot write /srv (EACCES); make it writable or choose another with --data-dir",
    ],
    [
      "a read-only output directory is named as such",
      errno("EROFS", "open", "/srv/out/index.html.77.tmp"),
      "/srv/out is read-only: cannot write /srv/out/index.html.77.tmp (EROFS); make it writable or write elsewhere",
    ],
    ["anything else is its first line", new Error("unknown agency: x\nmore"), "unknown agency: x"],
  ])("%s", (_rule, error, line) => {
    expect(failureReason(error, store)).toBe(line);
  });

  it("a --db outside the data directory is named as the database", () => {
    const outside = { dataDir: "/srv/touming", dbFile: "/var/db/touming.db" };
    expect(failureReason(new StoreReadOnlyError("/var/db/touming.db", "EACCES"), outside)).toBe(
      "the database /var/db/touming.db is read-only: cannot write /var/db/touming.db (EACCES); make it writable or choose another with --db",
    );
  });

  it("PostgreSQL's disk full and read-only server are said as such, and a blob directory's error still names its file", () => {
    const postgres = { dataDir: "/srv/touming", dbFile: null };
    const sqlstate = (code: string) => Object.assign(new Error("server said no"), { code });
    expect(failureReason(sqlstate("53100"), postgres)).toBe(
      "the database server's disk is full (53100); free space on it and run the command again",
    );
    expect(failureReason(sqlstate("25006"), postgres)).toBe(
      "the database refuses writes (25006): it is a standby or set read-only; point --database-url at the primary",
    );
    expect(failureReason(errno("ENOSPC", "write", "/srv/touming/blobs/.tmp/ab"), postgres)).toBe(
      "the disk is full: cannot write /srv/touming/blobs/.tmp/ab (ENOSPC); free some space and run the command again",
    );
  });
});

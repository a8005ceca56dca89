import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pageStyleHashes } from "@touming/publish";
import { eventually, runCli, startCli, useTempDirs } from "@touming/testing";
import { describe, expect, it } from "vitest";

// `touming serve` as users run it: it prints its address, serves the directory with the site's policy
// (the layout's styles allowed by hash), logs each request as a JSON line when stderr is not a
// terminal, and ends on SIGINT/SIGTERM with the exit code of every command.

const tempDir = useTempDirs();

function site(): string {
  const out = path.join(tempDir(), "out");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "index.html"), "<!DOCTYPE html><title>首页</title>");
  return out;
}

describe("touming serve", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("serves until %s, logging requests, and exits %i", async (signal, code) => {
    const out = site();
    const cli = startCli(["serve", "--out", out, "--port", "0"]);
    let stdout = "";
    cli.child.stdout!.on("data", (b: Buffer) => (stdout += b.toString()));
    expect(await eventually(() => stdout.endsWith("\n"), 30_000)).toBe(true);
    const address = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1];
    expect(stdout).toBe(`serving ${out} at ${address}\n`);
    const res = await fetch(address!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("首页");
    const policy = res.headers.get("content-security-policy")!;
    expect(policy).toContain("script-src 'self'");
    for (const hash of pageStyleHashes()) expect(policy).toContain(hash);
    await cli.stderrLines(1);
    cli.child.kill(signal);
    const exited = await cli.exited;
    expect(exited.code).toBe(code);
    const lines = exited.stderr.trimEnd().split("\n");
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "info",
      stage: "serve",
      event: "request",
      method: "GET",
      path: "/",
      status: 200,
    });
    expect(lines.at(-1)).toMatch(new RegExp(`^touming: serve stopped by ${signal}`));
  });

  it("refuses a missing directory and a bad port with one line", async () => {
    const missing = await runCli(["serve", "--out", path.join(tempDir(), "none"), "--port", "0"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^touming: .*none: not a directory \(publish first\)\n$/);
    const port = await runCli(["serve", "--port", "70000"]);
    expect(port.code).not.toBe(0);
    expect(port.stderr).toContain('--port: expected a whole number from 0 to 65535, got "70000"');
  });
});

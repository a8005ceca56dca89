import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { openStore } from "@touming/store";
import { useCleanups } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { useCli } from "../testing/in-process-cli.js";

const { dir, run } = useCli();
const defer = useCleanups();

/** A loopback site whose report column redirects to itself: a permanent failure naming its URL. */
async function loopingSite(): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/list/")) res.writeHead(302, { location: req.url }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("touming crawl with a token in a list URL", () => {
  it("never prints or writes the token into messages, and keeps the real URL in the url columns", async () => {
    const origin = await loopingSite();
    const listUrl = `${origin}/list/?page=1&token=s3cret`;
    const d = dir();
    const registry = path.join(d, "agencies.yaml");
    writeFileSync(
      registry,
      `agencies:\n  - { id: a, name: 甲, regionCode: "320800", level: city, listUrls: ["${listUrl}"], crawl: { minHostDelayMs: 0, allowPrivateAddresses: true } }\n`,
    );
    const outputs = [
      await run(d, ["agencies", "import", registry]),
      await run(d, ["agencies", "list"]),
      await run(d, ["agencies", "list", "--json"]),
      await run(d, ["crawl"]),
      await run(d, ["crawl"], { isTTY: true }),
    ];
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 0, 0, 0]);
    const crawled = outputs[3]!;
    expect(crawled.stdout).toMatch(
      /^a\s+0\s+0\s+0\s+1\s+http:\/\/127\.0\.0\.1:\d+\/list\/\?page=1&token=\*\*\*: redirect loop at/m,
    );
    expect(crawled.stderr).toContain('"url":"http://127.0.0.1:');
    expect(crawled.stderr).toContain("/list/?page=1&token=***");
    expect(outputs[1]!.stdout).toContain("/list/?page=1&token=***");
    for (const { stdout, stderr } of outputs) expect(stdout + stderr).not.toContain("s3cret");

    const store = await openStore({ dataDir: d });
    try {
      const findings = await store.db.selectFrom("crawl_findings").select(["url", "detail"]).execute();
      const fetches = await store.db.selectFrom("fetches").select(["url", "error"]).execute();
      const runs = await store.db.selectFrom("runs").select(["error"]).execute();
      expect(findings.length).toBeGreaterThan(0);
      expect(fetches.filter((f) => f.error !== null).length).toBeGreaterThan(0);
      expect(findings.map((f) => f.url)).toContain(listUrl);
      expect(fetches.map((f) => f.url)).toContain(listUrl);
      const messages = [
        ...findings.map((f) => f.detail),
        ...fetches.map((f) => f.error),
        ...runs.map((r) => r.error),
      ];
      expect(messages.join("\n")).toContain("token=***");
      expect(messages.join("\n")).not.toContain("s3cret");
    } finally {
      await store.close();
    }
  });
});

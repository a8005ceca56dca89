import { writeFileSync } from "node:fs";
import path from "node:path";
import { useSampleSites } from "@touming/testing";
import { describe, expect, it } from "vitest";
import { useCli } from "../testing/in-process-cli.js";

const { dir, run } = useCli();
const env = useSampleSites();

describe("touming crawl", () => {
  it("crawls the chosen agencies with progress and prints a summary per agency; unknown ids fail", async () => {
    const d = dir();
    const registry = path.join(d, "agencies.yaml");
    writeFileSync(registry, env.sites().registryYaml());
    expect((await run(d, ["agencies", "import", registry])).code).toBe(0);
    const result = await run(
      d,
      ["crawl", "--agency", "linjiang-mzj", "--agency", "qinghe-czj", "--max-pages", "5"],
      { isTTY: true },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("\r\u001b[2Kcrawl 1/");
    expect(result.stdout).toMatch(/^agency\s+new\s+changed\s+unchanged\s+failed\s+first reason$/m);
    expect(result.stdout).toMatch(/^linjiang-mzj\s+6\s+0\s+0\s+0\s*$/m);
    expect(result.stdout).toMatch(
      /^qinghe-czj\s+0\s+0\s+0\s+1\s+blocked by anti-bot challenge: 瑞数-style JavaScript challenge \(HTTP 412\)$/m,
    );
    expect(result.stdout).toMatch(
      /6 new, 0 changed, 0 unchanged \(0 verified recently, not requested\), 0 failed, 1 blocked\n$/,
    );
    const unknown = await run(d, ["crawl", "--agency", "nope"]);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        "touming: unknown agency: nope (import it with touming agencies import)",
      ),
    });
  });
});

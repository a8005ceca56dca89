import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Commands load their packages when they run (see program.ts): `--help` loads none of the stages'
 * packages, and `extract FILE` only @touming/extract. Each case runs the built CLI with a module
 * hook that prints every file it loads, so the test sees what a user's process loads.
 */

const binJs = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const fixtures = fileURLToPath(new URL("../../extract/fixtures/", import.meta.url));

/** Prints each loaded file's URL on its own `loaded <url>` line to stderr when the process exits. */
const HOOK = `
import { registerHooks } from "node:module";
import { writeSync } from "node:fs";
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
process.on("exit", () => writeSync(2, [...seen].map((url) => "loaded " + url + "\\n").join("")));
`;

function loadedBy(args: string[]): { status: number | null; loaded: string[] } {
  const child = spawnSync(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(HOOK)}`, binJs, ...args],
    { encoding: "utf8" },
  );
  const loaded = child.stderr
    .split("\n")
    .filter((line) => line.startsWith("loaded "))
    .map((line) => line.slice("loaded ".length));
  return { status: child.status, loaded };
}

/** The workspace packages a file belongs to (`packages/<name>/` in the path). */
const packagesOf = (urls: string[]) =>
  [...new Set(urls.flatMap((url) => /\/packages\/([^/]+)\//.exec(url)?.[1] ?? []))].sort();

const HEAVY = /\/node_modules\/(?:\.pnpm\/)?(?:cheerio|playwright-core|nodemailer|undici|kysely)/;

describe("what a command loads", () => {
  it("--help loads no stage's package beyond its light defaults, and no heavy module", () => {
    const { status, loaded } = loadedBy(["--help"]);
    expect(status).toBe(0);
    expect(loaded.length).toBeGreaterThan(0);
    for (const name of ["store", "grade", "serve", "sample-sites"])
      expect(packagesOf(loaded)).not.toContain(name);
    // The settings' defaults come from each package's light subpath, never from its main entry.
    const stageFiles = loaded.filter((url) => /\/packages\/(crawler|extract|publish|deliver)\//.test(url));
    expect(stageFiles.filter((url) => /\/dist\/index\.js$/.test(url))).toEqual([]);
    expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
    // Nor what only some settings or commands need: node-cron (with child_process and crypto, about
    // 10 ms) when no schedule is set, node:crypto when no SMTP CA file is, the vocabulary beyond its
    // review words (17 modules, about 10 ms).
    expect(loaded.filter((url) => /node-cron|^node:crypto$/.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/packages\/vocabulary\//.test(url))).toEqual([
      expect.stringMatching(/\/vocabulary\/dist\/review-words\.js$/),
    ]);
    // Not even the PDF renderer (its fonts and stylesheet) or the extract pool's worker threads.
    expect(loaded.filter((url) => /\/(pdf-renderer|stylesheet|extract-pool)\.js$/.test(url))).toEqual([]);
  });

  it.each([
    ["html/huaian-2024-2021-format.html", true],
    ["pdf/huaian-city-2024.pdf", false],
  ])(
    "extract %s loads @touming/extract's reader of any document, the HTML readers only for markup, and no other stage",
    (file, markup) => {
      const { status, loaded } = loadedBy(["extract", `${fixtures}${file}`, "--json"]);
      expect(status).toBe(0);
      expect(loaded.some((url) => /\/packages\/extract\/dist\/extract\.js$/.test(url))).toBe(true);
      // Not the package's index, which brings the HTML readers whatever the file.
      expect(loaded.filter((url) => /\/packages\/extract\/dist\/index\.js$/.test(url))).toEqual([]);
      // cheerio and parse5 (about 70 ms to load) only for HTML, text and DOCX.
      const markupReaders = loaded.filter((url) => /\/extract-markup\.js$|\/(cheerio|parse5)@/.test(url));
      expect(markupReaders.length > 0).toBe(markup);
      for (const name of ["store", "grade", "serve", "sample-sites"])
        expect(packagesOf(loaded)).not.toContain(name);
      // crawler, publish and deliver only by the settings' light defaults modules.
      const others = loaded.filter((url) => /\/packages\/(crawler|publish|deliver)\//.test(url));
      expect(others.filter((url) => /\/dist\/index\.js$/.test(url))).toEqual([]);
      expect(loaded.filter((url) => /playwright-core|nodemailer|kysely/.test(url))).toEqual([]);
      // The .doc reader's library (and its zip and XML readers) comes with the first .doc file.
      expect(loaded.filter((url) => /word-extractor|yauzl|saxes/.test(url))).toEqual([]);
    },
  );
});

import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The corpus: real reports (`html/`, `pdf/`, `seeds/`, …) and the values expected from them. */
export const fixturesDir = fileURLToPath(new URL("../../fixtures/", import.meta.url));

/** A corpus file's bytes, by path under `fixtures/`. */
export function fixture(path: string): Buffer {
  return readFileSync(`${fixturesDir}${path}`);
}

/** A corpus JSON file (expected values), parsed. */
export function fixtureJson<T>(path: string): T {
  return JSON.parse(readFileSync(`${fixturesDir}${path}`, "utf8")) as T;
}

/** The names of a corpus folder's files, sorted. */
export function fixtureNames(dir: string): string[] {
  return readdirSync(`${fixturesDir}${dir}`).sort();
}

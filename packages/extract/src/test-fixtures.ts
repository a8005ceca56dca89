import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function fixture(path: string): Buffer {
  return readFileSync(`${fixturesDir}${path}`);
}

export function fixtureJson<T>(path: string): T {
  return JSON.parse(readFileSync(`${fixturesDir}${path}`, "utf8")) as T;
}

export function fixtureNames(dir: string): string[] {
  return readdirSync(`${fixturesDir}${dir}`).sort();
}

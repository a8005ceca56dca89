import { readFileSync } from "node:fs";
import { listAgencies } from "@touming/store";
import { describe, expect, it } from "vitest";
import { registryWithout, testAgency, useSampleSites } from "./index.js";

describe("useSampleSites", () => {
  const files: string[] = [];
  const env = useSampleSites({
    readRegistry: async (file) => {
      files.push(readFileSync(file, "utf8"));
      return { agencies: [testAgency({ id: "read" })] };
    },
  });

  it("starts the sites for the file and fills a store from their registry, edited first", async () => {
    expect(env.sites().origins.size).toBe(env.sites().agencies.length);
    const store = await env.store((yaml) => `${yaml}# edited\n`);
    expect(files).toEqual([`${env.sites().registryYaml()}# edited\n`]);
    expect((await listAgencies(store.db)).map((a) => a.id)).toEqual(["read"]);
  });
});

it("registryWithout drops the named agencies' blocks", () => {
  const yaml =
    "version: 1\nagencies:\n  - id: a\n    name: A\n  - id: b\n    name: B\n  - id: c\n    name: C\n";
  expect(registryWithout(yaml, ["b"])).toBe(
    "version: 1\nagencies:\n  - id: a\n    name: A\n  - id: c\n    name: C\n",
  );
});

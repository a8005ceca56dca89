import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SyntheticSites, startSyntheticSites, syntheticAgencies } from "./synthetic-sites.js";

describe("synthetic sites", () => {
  let sites: SyntheticSites;
  beforeAll(async () => {
    sites = await startSyntheticSites({ count: 45, hosts: 2 });
  });
  afterAll(() => sites.close());

  it("groups 20 agencies per county under the county government", () => {
    const agencies = syntheticAgencies(45, 2);
    expect(agencies.map((a) => a.id).slice(0, 2)).toEqual(["syn-000000", "syn-000001"]);
    expect(agencies[0]).toMatchObject({ name: "安城县人民政府", level: "county", parentId: null, host: 0 });
    expect(agencies[22]).toMatchObject({
      name: "宝城县教育局",
      level: "department",
      parentId: "syn-000020",
      host: 0,
    });
    expect(new Set(agencies.map((a) => a.name)).size).toBe(45);
  });

  it("serves each agency's column with its two reports, on its own host only", async () => {
    const agency = sites.agencies[3]!;
    const origin = sites.origins[agency.host]!;
    const list = await (await fetch(`${origin}${agency.columnPath}`)).text();
    const links = [...list.matchAll(/href="(\/a3\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    expect(list).toContain(`${agency.name}2024年政府信息公开工作年度报告`);
    const article = await fetch(`${origin}${links[0]}`);
    const text = await article.text();
    expect(text).toContain("三、收到和处理政府信息公开申请情况");
    const etag = article.headers.get("etag")!;
    expect((await fetch(`${origin}${links[0]}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    const other = sites.origins[1 - agency.host]!;
    expect((await fetch(`${other}${agency.columnPath}`)).status).toBe(404);
    expect((await fetch(`${origin}/a99/zfxxgk/ndbg/`)).status).toBe(404);
  });

  it("writes a registry that lists every agency's column", () => {
    const yaml = sites.registryYaml();
    expect(yaml.match(/^ {2}- id: /gm)).toHaveLength(45);
    expect(yaml).toContain(`    parent: syn-000040\n    listUrls: [${sites.origins[1]}/a43/zfxxgk/ndbg/]\n`);
  });
});

import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleSites, startSampleSites } from "./sites-server.js";

let sites: SampleSites;
beforeAll(async () => {
  sites = await startSampleSites();
});
afterAll(async () => {
  await sites.close();
});

const get = async (id: string, path: string, init?: RequestInit) => {
  const res = await fetch(`${sites.origins.get(id)}${path}`, init);
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    etag: res.headers.get("etag"),
    body: Buffer.from(await res.arrayBuffer()),
  };
};

describe("sample sites", () => {
  it("serves one site per agency and a registry that points at them", () => {
    expect(sites.origins.size).toBe(sites.agencies.length);
    const yaml = sites.registryYaml();
    expect(yaml).toContain("crawl: { minHostDelayMs: 0, allowPrivateAddresses: true }");
    expect(yaml).toContain(`listUrls: [${sites.origins.get("linjiang-zjj")}/old/ndbg/]`);
    // The governments' offices receive their jurisdictions' results in the demo (example addresses).
    expect(yaml).toContain("recipients: [gkb@qinghe.example.gov.cn]");
  });

  it("is deterministic: the same page twice is the same bytes, with an ETag answered by 304", async () => {
    const report = sites.reports.find((r) => r.agencyId === "linjiang-mzj" && r.year === 2023)!;
    const a = await get("linjiang-mzj", report.path);
    const b = await get("linjiang-mzj", report.path);
    expect(a.body.equals(b.body)).toBe(true);
    expect((await get("linjiang-mzj", report.path, { headers: { "if-none-match": a.etag! } })).status).toBe(
      304,
    );
  });

  it("serves GBK without a charset header, a PDF as octet-stream behind a redirecting download script, and an anti-bot challenge page", async () => {
    const gbk = await get("qinghe-mzj", "/zwgk/ndbg/");
    expect(gbk.type).toBe("text/html");
    expect(gbk.body.includes(Buffer.from("政府信息公开", "utf8"))).toBe(false);
    const dl = await fetch(
      `${sites.origins.get("huaian-city")}/module/download/downfile.jsp?classid=0&filename=5b1e9c0e4f.pdf`,
      { redirect: "manual" },
    );
    expect([dl.status, dl.headers.get("location")]).toEqual([302, "/attach/0/5b1e9c0e4f.pdf"]);
    const pdf = await get("huaian-city", "/attach/0/5b1e9c0e4f.pdf");
    expect([pdf.type, pdf.body.subarray(0, 5).toString()]).toEqual(["application/octet-stream", "%PDF-"]);
    expect((await get("qinghe-czj", "/zwgk/ndbg/")).status).toBe(412);
  });

  it("counts requests and concurrency per site", async () => {
    sites.resetStats();
    await Promise.all([get("qinghe-jtj", "/zwgk/ndbg/"), get("qinghe-jtj", "/zwgk/ndbg/?page=2")]);
    const stats = sites.stats("qinghe-jtj");
    expect(stats.requests).toBe(2);
    expect(stats.maxConcurrent).toBe(2);
  });

  it("a port in use is an error and leaves nothing listening", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    await expect(startSampleSites({ basePort: port - 3 })).rejects.toThrow(/EADDRINUSE/);
    await new Promise((r) => blocker.close(r));
  });
});

import { crawlFindings } from "@touming/store";
import { describe, expect, it } from "vitest";
import { crawl } from "./crawl.js";
import { type Routes, article, listPage, useLoopback } from "./testing/loopback-sites.js";
import { LOOPBACK_TLS } from "./testing/loopback-tls.js";

const loopback = useLoopback();
const TITLE = "临江市档案局2023年政府信息公开工作年度报告";
const routes: Routes = (path) =>
  path === "/ndbg/"
    ? listPage([{ href: "/ndbg/2023.html", title: TITLE, date: "2024-01-20" }])
    : path === "/ndbg/2023.html"
      ? article(TITLE)
      : undefined;

describe("allowInvalidCertificates", () => {
  it("accepts a certificate that does not verify only for the agency whose registry entry sets it, with a finding", async () => {
    const site = await loopback.site(routes, LOOPBACK_TLS);
    const list = `${site.origin}/ndbg/`;
    const store = await loopback.store([
      { id: "accepting", name: "临江市档案局", listUrls: [list], crawl: "allowInvalidCertificates: true" },
      { id: "strict", name: "临江市档案局", listUrls: [list] },
    ]);
    const summary = await crawl({ db: store.db, blobs: store.blobs }, { retryBaseDelayMs: 20 });

    const docs = await store.db
      .selectFrom("documents")
      .select(["agency_id", "title", "fetch_state"])
      .execute();
    expect(docs).toEqual([{ agency_id: "accepting", title: TITLE, fetch_state: "fetched" }]);
    const findings = await crawlFindings(store.db);
    const accepted = findings.filter((f) => f.agency_id === "accepting");
    expect(accepted.map((f) => f.kind)).toEqual(["invalid_certificate"]);
    expect(accepted[0]!.detail).toMatch(
      new RegExp(
        `^${site.origin.replace(/\./g, "\\.")}: the TLS certificate does not verify \\(.+\\); accepted because the registry sets allowInvalidCertificates$`,
      ),
    );
    // Without the option: refused at once, not retried (retrying cannot help). robots.txt was read by
    // the other agency (it is one per origin).
    const refused = findings.filter((f) => f.agency_id === "strict");
    expect(refused.map((f) => [f.kind, f.detail])).toEqual([
      [
        "failed",
        expect.stringMatching(
          new RegExp(
            `^${list.replace(/\./g, "\\.")}: TLS certificate not accepted \\([A-Z_]+\\); allowInvalidCertificates in the agency's registry entry accepts it$`,
          ),
        ),
      ],
    ]);
    expect(summary.perAgency.strict).toMatchObject({ failed: 1 });
    const strictFetches = await store.db
      .selectFrom("fetches")
      .selectAll()
      .where("agency_id", "=", "strict")
      .execute();
    expect(strictFetches.map((f) => f.url)).toEqual([list]);
  });
});

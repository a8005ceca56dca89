import { type Agency, type Store, saveExtraction } from "@touming/store";
import { testAgency, testStageContext } from "@touming/testing";

/** The agency the grade tests' stores hold (`useTempStore({ agencies: [AGENCY] })`). */
export const AGENCY: Agency = testAgency({
  id: "mz",
  name: "某县民政局",
  level: "department",
  siteUrl: "http://mz.example.gov.cn/",
  listUrls: [],
});

/** A 2024 report of the agency, published on `publishDate`. */
export const saveReport = (store: Store, publishDate: string) =>
  saveExtraction(store.db, {
    documentId: null,
    agencyId: AGENCY.id,
    year: 2024,
    publishDate,
    publishDateSource: "metadata",
    format: "2021",
    text: "一、总体情况\n本机关认真贯彻落实条例。",
    values: [],
    sections: [{ key: "overview", title: "一、总体情况", text: "一、总体情况\n本机关认真贯彻落实条例。" }],
    checks: [],
    extractorVersion: "1",
  });

/** A stage context on 2025-06-01, when every 2024 deadline has passed. */
export const gradeContext = (store: Store) =>
  testStageContext(store, { clock: () => new Date("2025-06-01T00:00:00Z") });

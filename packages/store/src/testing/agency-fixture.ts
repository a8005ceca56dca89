import type { Agency } from "../queries/agencies.js";

/** An agency record for tests: 淮安市人民政府 with one list page, unless overridden. */
export function testAgency(overrides: Partial<Agency> = {}): Agency {
  return {
    id: "huaian-city",
    name: "淮安市人民政府",
    regionCode: "320800",
    level: "city",
    parentId: null,
    siteUrl: "https://www.huaian.gov.cn/",
    listUrls: ["https://www.huaian.gov.cn/col/col1/index.html"],
    deadlineOverride: null,
    monitorFrom: null,
    monitorUntil: null,
    crawlOptions: {},
    ...overrides,
  };
}

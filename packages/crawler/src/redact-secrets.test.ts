import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets.js";

describe("redactSecrets", () => {
  it.each([
    ["https://a.gov.cn/list?token=s3cret", "https://a.gov.cn/list?token=***"],
    [
      "https://a.gov.cn/list?page=2&ACCESS_TOKEN=abc&size=10",
      "https://a.gov.cn/list?page=2&ACCESS_TOKEN=***&size=10",
    ],
    [
      "http://a/?key=1&apikey=2&api_key=3&secret=4#top",
      "http://a/?key=***&apikey=***&api_key=***&secret=***#top",
    ],
    ["http://a/?password=1&passwd=2&pwd=3&sig=4", "http://a/?password=***&passwd=***&pwd=***&sig=***"],
    [
      "http://a/?signature=1&Auth=2&session=3&SessionId=4&ticket=5",
      "http://a/?signature=***&Auth=***&session=***&SessionId=***&ticket=***",
    ],
    ['<a href="/x?a=1&amp;token=t0k">', '<a href="/x?a=1&amp;token=***">'],
    [
      "http://a/list?token=s3cret: HTTP 500 (after 3 attempts)",
      "http://a/list?token=***: HTTP 500 (after 3 attempts)",
    ],
    [
      "refused http://a/?sig=abc (allowPrivateAddresses is off)",
      "refused http://a/?sig=*** (allowPrivateAddresses is off)",
    ],
  ])("redacts %s", (text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  it.each([
    "https://a.gov.cn/list?page=2&size=10",
    "http://a/?tokens=1&mykey=2&keyword=年度报告",
    "http://a/?token=",
    "report column answered HTTP 404; looking for it from the site root",
  ])("leaves %s as it is", (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

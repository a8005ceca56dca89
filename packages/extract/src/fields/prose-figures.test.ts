import { describe, expect, it } from "vitest";
import { findProseFigures } from "./prose-figures.js";
import { toReportLines } from "./report-lines.js";

const figures = (...lines: string[]) =>
  Object.fromEntries(
    findProseFigures(toReportLines(lines.map((text) => ({ kind: "text", text })))).map((v) => [
      v.key,
      v.approximate ? `~${v.value}` : v.value,
    ]),
  );

describe("prose figures", () => {
  it("keeps 余/多/近/约 as approximate", () => {
    expect(figures("全年主动公开政府信息近3000条，受理政府信息公开申请约45件。")).toEqual({
      "text.proactive_items": "~3000",
      "text.applications_received": "~45",
    });
  });

  it("scopes numbers to what they count: website items are not applications", () => {
    expect(
      figures("在政府网站发布信息1200条，门户网站访问量50万人次。", "为群众解决疑难问题800多件次。"),
    ).toEqual({});
  });

  it("prefers the stated total over a channel's count", () => {
    expect(figures("在网站公开信息58条，在微信公开信息22条，累计主动公开政府信息80条。")).toEqual({
      "text.proactive_items": 80,
    });
  });

  it("reads explicit zeros", () => {
    expect(
      figures(
        "本年度未收到政府信息公开申请。",
        "未发生因政府信息公开引起的行政复议、行政诉讼。",
        "未收取任何费用。",
      ),
    ).toEqual({
      "text.applications_received": 0,
      "text.reviews": 0,
      "text.lawsuits": 0,
      "text.fees_yuan": 0,
    });
  });

  it("reads counts of outcomes, reviews, lawsuits and fees in 元 and 万元", () => {
    expect(
      figures(
        "共收到申请30件，其中予以公开20件，部分公开5件，不予公开2件。",
        "发生行政复议2件，行政诉讼1件。",
        "收取信息处理费0.12万元。",
      ),
    ).toEqual({
      "text.applications_received": 30,
      "text.applications_granted": 20,
      "text.applications_partially_granted": 5,
      "text.applications_withheld": 2,
      "text.reviews": 2,
      "text.lawsuits": 1,
      "text.fees_yuan": 1200,
    });
  });

  it("does not read 公示行政许可信息0条 as a count of reviews (seed 002's trap)", () => {
    expect(figures("全年共向社会及时公示行政许可信息0条，全年共向社会及时公示行政处罚0条。")).toEqual({});
  });
});

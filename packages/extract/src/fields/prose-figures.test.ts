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

const found = (...lines: string[]) =>
  findProseFigures(toReportLines(lines.map((text) => ({ kind: "text", text }))));

describe("article and item numbers", () => {
  it("never reads 第二十条 or 第（一）项 as a count (pingtan 2021, 2024)", () => {
    expect(
      figures(
        "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可2293",
      ),
    ).toEqual({});
    expect(
      figures(
        "通过政府门户网站全年主动公开各类政府信息10407条。",
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件6233440",
      ),
    ).toEqual({ "text.proactive_items": 10407 });
  });

  it("does not read 第十条 as ten items", () => {
    expect(figures("按照《条例》要求主动公开政府信息第十条规定的内容。")).toEqual({});
  });
});

describe("totals and parts", () => {
  it("keeps the first overall statement over a later channel's count", () => {
    expect(
      figures(
        "全年主动公开政府信息2599条。",
        "其中，通过门户网站公开政府信息856条，通过微信公众号公开信息620条。",
      ),
    ).toEqual({ "text.proactive_items": 2599 });
  });

  it("reads the proactive count of a breakdown of 政府信息总数, not the other parts (pingtan 2011)", () => {
    expect(
      figures(
        "2011年制作、获取政府信息总数1873条，其中主动公开政府信息425条，作为依申请公开信息数46条，不予公开信息数1402。",
        "主动公开的政府信息，区直、县直各单位主动公开政府信息303条，占71.3%。",
        "各乡镇主动公开政府信息122条，占28.7%。",
        "在互联网上，2011年区管委会、县政府公开办主动公开信息数为62条。",
      ),
    ).toEqual({ "text.proactive_items": 425 });
  });

  it("lets 全年 statements through a portal count as the figure (shuyang 2025)", () => {
    expect(
      figures(
        "强化县政府门户网站信息公开主阵地功能，全年通过县政府门户网站主动公开政府信息4511条，开展意见征集9期。",
        "督促县直部门在信息公开页面发布信息3044条，确保信息传递无死角。",
      ),
    ).toEqual({ "text.proactive_items": 4511 });
  });
});

describe("units decide the key", () => {
  it("reads 条 of information as information, never as applications", () => {
    expect(figures("不予公开信息数1854条。", "作为依申请公开信息数46条。")).toEqual({});
  });

  it("reads applications in 件 with the number before the noun (pingtan 2021)", () => {
    expect(figures("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。")).toEqual({
      "text.applications_received": 70,
    });
  });

  it("reads 予以公开及部分公开 as neither granted nor partly granted (shanghai 2019)", () => {
    expect(
      figures("予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件。"),
    ).toEqual({ "text.applications_withheld": 35 });
  });
});

describe("reviews and lawsuits", () => {
  it("counts a bare 诉讼 in a sentence about 信息公开 (shanghai 2019)", () => {
    expect(figures("信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录。")).toEqual({
      "text.reviews": 7,
      "text.lawsuits": 9,
    });
  });

  it("does not split reviews and lawsuits counted together (shuyang 2025)", () => {
    expect(
      figures(
        "依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件，有力维护了群众合法权益。",
      ),
    ).toEqual({});
  });

  it("reads a zero only when the review itself is negated, not its outcome", () => {
    expect(figures("全年未发生因政府信息公开被行政复议纠错的情况。")).toEqual({});
    expect(figures("2011年全区未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。")).toEqual({
      "text.applications_received": 0,
      "text.reviews": 0,
    });
    expect(figures("本年度没有发生因政府信息公开而被申请行政复议或提起行政诉讼的情况。")).toEqual({
      "text.reviews": 0,
      "text.lawsuits": 0,
    });
  });

  it("reads the rows of a flattened legacy statistics table (pingtan 2011)", () => {
    const values = found(
      "对申请的答复数 条 0 0 行政复议数 条 0 0 行政诉讼数 条 0 0 行政申诉数 条 0 0 附件下载",
    );
    expect(values.map((v) => [v.key, v.value, v.excerpt])).toEqual([
      ["text.reviews", 0, "行政复议数 条 0"],
      ["text.lawsuits", 0, "行政诉讼数 条 0"],
    ]);
  });
});

describe("explicit zeros and traditional characters", () => {
  it("reads 无收取信息处理费情况 as no fee (pingtan 2021)", () => {
    expect(figures("六、其他需要报告的事项2021年，无收取信息处理费情况。")).toEqual({ "text.fees_yuan": 0 });
  });

  it("reads traditional characters in a text not converted as a whole (seed 003 before conversion)", () => {
    expect(
      figures(
        "2020年1月1日至12月28日,我局累計主動公開政務信息,418條。",
        "目前沒有依申請公開辦理情況。",
        "我局至今未發生針對本局信息公開事務的行政復議或行政訴訟事項。",
        "全年共收到谘詢12件。",
      ),
    ).toEqual({
      "text.proactive_items": 418,
      "text.applications_received": 0,
      "text.reviews": 0,
      "text.lawsuits": 0,
      "text.consultations": 12,
    });
  });
});

describe("a whole report on one line", () => {
  const line =
    "一、总体情况2021年，我区坚持以人民为中心深化政务公开。全年主动公开我区各级单位政府信息2645条，主要通过政府网站、政务新媒体进行公开。" +
    "推进监管执法信息公开,通过微信公众号发布20680批次农产品抽检情况；本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。" +
    "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665" +
    "三、政府信息依申请公开工作情况 2011年全区未收到有关政府信息公开行政复议申请。六、其他需要报告的事项2021年，无收取信息处理费情况。 附件下载";

  it("finds each figure with its own clause as the excerpt, without inline headings", () => {
    expect(found(line).map((v) => [v.key, v.value, v.excerpt])).toEqual([
      ["text.proactive_items", 2645, "全年主动公开我区各级单位政府信息2645条"],
      ["text.applications_received", 70, "本年度全区共收到70件申请"],
      ["text.reviews", 0, "2011年全区未收到有关政府信息公开行政复议申请"],
      ["text.fees_yuan", 0, "无收取信息处理费情况"],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { foldScript, toProseSentences } from "./prose-sentences.js";
import { toReportLines } from "./report-lines.js";

describe("prose sentences", () => {
  it("cuts a one-line report at 。 and ； and keeps commas inside", () => {
    const lines = toReportLines([
      {
        kind: "text",
        text: "全年办理政府信息公开申请218件。加强规范性文件库建设；我局累计主动公开政务信息,418条",
      },
    ]);
    expect(toProseSentences(lines).map((s) => s.text)).toEqual([
      "全年办理政府信息公开申请218件。",
      "加强规范性文件库建设；",
      "我局累计主动公开政务信息,418条",
    ]);
  });

  it("folds traditional characters and 谘 to simplified, index for index", () => {
    const text = "全年共收到谘詢12件，行政訴訟2件，申請5條";
    const folded = foldScript(text);
    expect(folded).toBe("全年共收到咨询12件，行政诉讼2件，申请5条");
    expect(folded).toHaveLength(text.length);
  });

  it("keeps the page of the line", () => {
    const lines = toReportLines([{ kind: "text", text: "收取信息处理费3940元。", page: 5 }]);
    expect(toProseSentences(lines)[0]).toMatchObject({ page: 5, match: "收取信息处理费3940元。" });
  });
});

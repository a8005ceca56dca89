import { describe, expect, it } from "vitest";
import { fixture, fixtureNames } from "../testing/fixtures.js";
import { LEAD_WORDS, LEAD_WORD_MAX, leadWordAt, leadWordEndsAt, leadWordWithin } from "./lead-words.js";

// The regular expressions over slices that the lookups replace: they must answer alike everywhere.
const words = LEAD_WORDS.join("|");
const AT = new RegExp(`^(?:${words})`);
const BEFORE = new RegExp(`(?:${words})$`);
const IN = new RegExp(`(?:${words})`);

const texts = [
  "联系人朝阳区民政局，联系电话；利用长治市民政局微信；发布机构：某县人民政府办公室",
  "通过通过发布机构发布发布机构联系联系人",
  "联",
  "",
  ...fixtureNames("seeds").map((name) => fixture(`seeds/${name}`).toString("utf8")),
];

describe("lead words", () => {
  it("are at most LEAD_WORD_MAX (4) characters, so a lookup never reads past that", () => {
    expect(LEAD_WORD_MAX).toBe(4);
    expect(LEAD_WORDS.every((w) => w.length <= LEAD_WORD_MAX)).toBe(true);
  });

  it("prefer the earlier word of the list where two start alike", () => {
    expect(leadWordAt("联系人：张三", 0)).toBe("联系人");
    expect(leadWordAt("联系电话", 0)).toBe("联系");
    expect(leadWordAt("发布机构：", 0)).toBe("发布机构");
    expect(leadWordAt("电话", 0)).toBeUndefined();
    expect(leadWordEndsAt("利用长治市", 2)).toBe(true);
    expect(leadWordEndsAt("利用长治市", 3)).toBe(false);
    expect(leadWordWithin("某某某某通过", 0, 5)).toBe(false);
    expect(leadWordWithin("某某某通过", 0, 5)).toBe(true);
  });

  it("answer as the regular expressions over slices do, at every position of real reports", () => {
    let positions = 0;
    for (const text of texts) {
      for (let i = 0; i <= text.length; i++) {
        positions++;
        expect(leadWordAt(text, i)).toBe(AT.exec(text.slice(i, i + 4))?.[0]);
        expect(leadWordEndsAt(text, i)).toBe(BEFORE.test(text.slice(Math.max(0, i - 4), i)));
        expect(leadWordWithin(text, i, 5)).toBe(IN.test(text.slice(i, i + 5)));
      }
    }
    expect(positions).toBeGreaterThan(10_000);
  });
});

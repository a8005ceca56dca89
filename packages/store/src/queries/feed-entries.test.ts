import { describe, expect, it } from "vitest";
import { addFeedEntries, latestFeedEntries, recentFeedEntries } from "./feed-entries.js";
import { useTempStore } from "../testing/index.js";

const tempStore = useTempStore();
const clock = () => new Date("2025-06-01T00:00:00Z");
const entry = (agencyId: string, year: number, letter: string, publishedOn: string) => ({
  agencyId,
  year,
  kind: "new" as const,
  state: "graded",
  letter,
  score: 80,
  previous: null,
  publishedOn,
});

describe("feed entries", () => {
  it("numbers each agency-year's entries, keeps the last as latest and lists the newest first", async () => {
    const store = await tempStore();
    await addFeedEntries(
      store.db,
      [entry("a", 2024, "B", "2025-06-01"), entry("b", 2024, "C", "2025-06-01")],
      clock,
    );
    await addFeedEntries(
      store.db,
      [
        {
          ...entry("a", 2024, "A", "2025-07-01"),
          kind: "grade",
          previous: { state: "graded", letter: "B", score: 80 },
        },
      ],
      clock,
    );
    const latest = await latestFeedEntries(store.db, ["a", "b", "c"]);
    expect(latest.get("a")?.get(2024)).toMatchObject({
      seq: 2,
      kind: "grade",
      letter: "A",
      previous_letter: "B",
    });
    expect(latest.get("b")?.get(2024)).toMatchObject({ seq: 1, kind: "new", letter: "C" });
    expect(latest.has("c")).toBe(false);

    const all = await recentFeedEntries(store.db, { limit: 10 });
    expect(all.map((e) => [e.agency_id, e.seq])).toEqual([
      ["a", 2],
      ["b", 1],
      ["a", 1],
    ]);
    expect(
      (await recentFeedEntries(store.db, { agencyIds: ["b"], limit: 10 })).map((e) => e.agency_id),
    ).toEqual(["b"]);
    expect(await recentFeedEntries(store.db, { agencyIds: [], limit: 10 })).toEqual([]);
    expect(await recentFeedEntries(store.db, { limit: 1 })).toHaveLength(1);
  });
});

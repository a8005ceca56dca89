import { readFile, stat } from "node:fs/promises";
import { type ReviewEntry, parseReviewsFile } from "@touming/grade";
import type { Review } from "@touming/store";
import { ConfigError } from "@touming/vocabulary";
import { LineCounter, parseDocument } from "yaml";

/**
 * The reviews file on disk, both ways: read and validated for `review import` (every problem named
 * by file, line or field and what was expected), and a stored review in the file form for
 * `review export`, so that an exported file imports back as it was.
 */

/** A reviews file is a few pages; one this large is something else. */
const MAX_REVIEWS_BYTES = 16 * 1024 * 1024;

/** Reads and validates a reviews file (YAML or JSON): its entries, or a ConfigError naming file, field and expectation. */
export async function readReviewsFile(file: string): Promise<ReviewEntry[]> {
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > MAX_REVIEWS_BYTES)
      throw new ConfigError([
        {
          file,
          field: "",
          expected: `a reviews file of at most ${MAX_REVIEWS_BYTES} bytes (this one has ${size})`,
        },
      ]);
    text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      [
        {
          file,
          field: "",
          expected: `cannot read the reviews file: ${code === "ENOENT" ? "no such file" : (error as Error).message}`,
        },
      ],
      { cause: error },
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0)
    throw new ConfigError(
      doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return {
          file,
          field: `line ${at.line}, column ${at.col}`,
          expected: `not valid YAML or JSON: ${e.message.split("\n")[0]}`,
        };
      }),
    );
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError([{ file, field: "", expected: `not usable YAML: ${(error as Error).message}` }], {
      cause: error,
    });
  }
  return parseReviewsFile(data, file);
}

/** A stored review in the file form. */
export const entryOf = (r: Review): ReviewEntry => ({
  agency: r.agencyId,
  year: r.year,
  finding: r.findingKey,
  fact: r.fact,
  action: r.action,
  value: r.value,
  evidence: r.evidence,
  reason: r.reason,
  by: r.reviewer,
  at: r.createdAt,
  fingerprint: r.fingerprint,
});

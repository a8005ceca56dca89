/** Han characters: a description that has none is not one in Chinese. */
const CHINESE = /\p{Script=Han}/u;

/**
 * The caps of a rubric (its `caps` field, when it has one) as the rubric page lists them: the Chinese
 * `description` of every entry, whatever the entry's kind (an entry of a list, or an object of its
 * own); an entry without one is left out.
 */
export function capDescriptions(caps: unknown): string[] {
  if (caps === null || typeof caps !== "object") return [];
  const entries = (Array.isArray(caps) ? caps : Object.values(caps)).flatMap((e: unknown) =>
    Array.isArray(e) ? (e as unknown[]) : [e],
  );
  return entries.flatMap((entry) => {
    const description =
      entry !== null && typeof entry === "object"
        ? (entry as { description?: unknown }).description
        : undefined;
    return typeof description === "string" && CHINESE.test(description) ? [description.trim()] : [];
  });
}

/**
 * A JSON column decoded, or an error that names the row and column: a damaged value (edited by
 * hand, written by a broken version) stops the read with one line saying where, instead of a bare
 * `Unexpected token` from deep inside a stage.
 */
export function decodeJsonColumn<T>(text: string, where: string, shape: "object" | "array"): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message}); the store is damaged there`, {
      cause: error,
    });
  }
  const fits =
    shape === "array"
      ? Array.isArray(value)
      : typeof value === "object" && value !== null && !Array.isArray(value);
  if (!fits)
    throw new Error(`${where}: expected a JSON ${shape}, got ${JSON.stringify(value)?.slice(0, 40)}`);
  return value as T;
}

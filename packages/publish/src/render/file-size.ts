const UNITS = ["KB", "MB", "GB", "TB"];

/**
 * A file's size as a reader reads it, in the 1,024-based units a file manager shows: `114 字节`,
 * `8.5 KB`, `1.2 MB`, `312 MB` (one decimal below 100 of a unit).
 */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 99.96 KB rounds to 100.0: shown without a decimal, as 100 is.
  const shown = value < 100 && Number(value.toFixed(1)) < 100 ? value.toFixed(1) : value.toFixed(0);
  return `${shown} ${UNITS[unit]}`;
}

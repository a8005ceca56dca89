/**
 * Refuses an OLE compound file (DOC, WPS) whose sector allocation tables hold a loop. Such a file
 * is damaged; word-extractor follows the loop, appending to an array until it holds some hundred
 * million sector ids (four seconds and a gigabyte for a 64 KB file). Reads the tables the way
 * word-extractor does (header, master table, sector table, short-sector table) and checks every
 * chain in one pass. Throws Error naming the table; a file too damaged to read is left to the library.
 */
export function checkOleChains(bytes: Uint8Array): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 512) return;
  const shift = buf.readInt16LE(30);
  if (shift < 7 || shift > 16) return;
  const sectorSize = 2 ** shift;
  const sectors = Math.floor((buf.length - sectorSize) / sectorSize);
  const sectorAt = (id: number) => (id >= 0 && id < sectors ? (id + 1) * sectorSize : -1);

  // The master table: 109 ids in the header, then a chain of sectors, each ending with the next.
  const satSectors: number[] = [];
  const satCount = Math.min(buf.readInt32LE(44), sectors);
  for (let i = 0; i < 109 && satSectors.length < satCount; i++) satSectors.push(buf.readInt32LE(76 + i * 4));
  const seen = new Set<number>();
  for (let id = buf.readInt32LE(68); satSectors.length < satCount && sectorAt(id) >= 0;) {
    if (seen.has(id)) throw new Error("the master sector allocation table loops (a damaged file)");
    seen.add(id);
    const at = sectorAt(id);
    for (let p = at; p < at + sectorSize - 4 && satSectors.length < satCount; p += 4) {
      satSectors.push(buf.readInt32LE(p));
    }
    id = buf.readInt32LE(at + sectorSize - 4);
  }

  const table = (ids: readonly number[], size: number) => {
    const entries = new Int32Array((ids.length * size) / 4);
    ids.forEach((id, k) => {
      const at = sectorAt(id);
      // A table sector past the end of the file reads as free entries.
      for (let i = 0; i < size / 4; i++)
        entries[(k * size) / 4 + i] = at < 0 ? -1 : buf.readInt32LE(at + i * 4);
    });
    return entries;
  };
  const sat = table(satSectors, sectorSize);
  checkNoLoop(sat, "sector allocation table");

  // The short-sector table lives in a chain of the (now loop-free) sector table.
  const ssatSectors: number[] = [];
  for (
    let id = buf.readInt32LE(60);
    id >= 0 && id < sat.length && ssatSectors.length < sectors;
    id = sat[id]!
  ) {
    ssatSectors.push(id);
  }
  checkNoLoop(table(ssatSectors, sectorSize), "short-sector allocation table");
}

/** Whether following `next` from any entry comes back to an entry already on the way. */
function checkNoLoop(next: Int32Array, name: string): void {
  const state = new Uint8Array(next.length); // 0 unvisited, 1 on the current walk, 2 done
  const path: number[] = [];
  for (let start = 0; start < next.length; start++) {
    let at = start;
    while (at >= 0 && at < next.length && state[at] === 0) {
      state[at] = 1;
      path.push(at);
      at = next[at]!;
    }
    // A chain pointing at itself is skipped by word-extractor; a longer loop is followed forever.
    if (at >= 0 && at < next.length && state[at] === 1 && path.at(-1) !== at) {
      throw new Error(`the ${name} loops (a damaged file)`);
    }
    for (const visited of path) state[visited] = 2;
    path.length = 0;
  }
}

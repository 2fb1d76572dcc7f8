/**
 * Writing .xls files for tests, record by record: what LibreOffice's .xls fixtures do not hold (a formula's text result
 * in a STRING record, strings split across CONTINUE records at chosen places, rich and phonetic runs, cells out of row
 * order, the 1904 date system, a Workbook stream small enough to live in the mini stream). The BIFF8 records are
 * given as bytes; the OLE2 compound file around them is built here (512-byte sectors, one FAT sector).
 */

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

/** A BIFF record: its type, its length, its data. */
export function record(type: number, ...parts: (Buffer | number[])[]): Buffer {
  const data = Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
}

export const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
export const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
export const f64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
};

/** Characters one byte each (flags 0) or two (flags 1). */
export const chars = (text: string, wide: boolean) => Buffer.from(text, wide ? "utf16le" : "latin1");

/** An XLUnicodeString: a 16-bit length, a flags byte, the characters (two bytes each when any is not Latin-1). */
export function xlString(text: string): Buffer {
  const wide = [...text].some((c) => (c.codePointAt(0) as number) > 0xff);
  return Buffer.concat([u16(text.length), Buffer.from([wide ? 1 : 0]), chars(text, wide)]);
}

/** A cell's row, column and format (XF index). */
export const cellHead = (row: number, col: number, xf = 0) => Buffer.concat([u16(row), u16(col), u16(xf)]);

const BOF_GLOBALS = record(0x0809, u16(0x0600), u16(0x0005), Buffer.alloc(12));
const BOF_SHEET = record(0x0809, u16(0x0600), u16(0x0010), Buffer.alloc(12));
const EOF = record(0x000a);

/**
 * A workbook stream: the globals (their records, then a BOUNDSHEET per sheet, whose offsets are worked out here),
 * then each sheet's records between its BOF and EOF.
 */
export function workbookStream(globals: Buffer[], sheets: { name: string; hidden?: boolean; records: Buffer[] }[]): Buffer {
  const bodies = sheets.map((s) => Buffer.concat([BOF_SHEET, ...s.records, EOF]));
  const boundSheet = (s: (typeof sheets)[number], offset: number) =>
    record(0x0085, u32(offset), [s.hidden ? 1 : 0, 0], [s.name.length, 1], chars(s.name, true));
  const globalsLength = Buffer.concat([BOF_GLOBALS, ...globals, ...sheets.map((s) => boundSheet(s, 0)), EOF]).length;
  let offset = globalsLength;
  const bound = sheets.map((s, i) => {
    const r = boundSheet(s, offset);
    offset += (bodies[i] as Buffer).length;
    return r;
  });
  return Buffer.concat([BOF_GLOBALS, ...globals, ...bound, EOF, ...bodies]);
}

function sectorTable(entries: number[]): Buffer {
  const table = Buffer.alloc(512, 0xff);
  for (const [i, e] of entries.entries()) table.writeUInt32LE(e >>> 0, i * 4);
  return table;
}

function dirEntry(name: string, type: number, child: number, start: number, size: number): Buffer {
  const e = Buffer.alloc(128);
  e.write(name, 0, "utf16le");
  e.writeUInt16LE(name === "" ? 0 : (name.length + 1) * 2, 0x40);
  e[0x42] = type;
  e.writeUInt32LE(NOSTREAM, 0x44);
  e.writeUInt32LE(NOSTREAM, 0x48);
  e.writeUInt32LE(child >>> 0, 0x4c);
  e.writeUInt32LE(start >>> 0, 0x74);
  e.writeUInt32LE(size, 0x78);
  return e;
}

/** A chain of `count` sectors from `first`, as table entries. */
const chainOf = (first: number, count: number) => Array.from({ length: count }, (_, i) => (i === count - 1 ? ENDOFCHAIN : first + i + 1));

/**
 * The compound file holding `stream` as "Workbook": under 4,096 bytes it lives in the mini stream (64-byte sectors, as
 * every writer keeps small streams), else in sectors of its own.
 */
export function compoundFile(stream: Buffer, streamName = "Workbook"): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // the directory
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(ENDOFCHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREESECT, 0x4c + i * 4);
  const pad = (b: Buffer, unit: number) => Buffer.concat([b, Buffer.alloc((unit - (b.length % unit)) % unit)]);
  if (stream.length < 4096) {
    const mini = pad(stream, 64);
    const miniSectors = Math.ceil(mini.length / 512);
    header.writeUInt32LE(2, 0x3c);
    header.writeUInt32LE(1, 0x40);
    const fat = sectorTable([FATSECT, ENDOFCHAIN, ENDOFCHAIN, ...chainOf(3, miniSectors)]);
    const dir = Buffer.concat([dirEntry("Root Entry", 5, 1, 3, mini.length), dirEntry(streamName, 2, NOSTREAM, 0, stream.length), Buffer.alloc(256)]);
    const miniFat = sectorTable(chainOf(0, mini.length / 64));
    return Buffer.concat([header, fat, dir, miniFat, pad(mini, 512)]);
  }
  header.writeUInt32LE(ENDOFCHAIN, 0x3c);
  const sectors = Math.ceil(stream.length / 512);
  // FAT sectors first (as many as it takes to list them, the directory and the stream), then the directory, then the stream
  const fatCount = Math.ceil((sectors + 2) / 127);
  if (fatCount > 109) throw new Error("the test writer lists its FAT in the header alone (some 7 MB)");
  header.writeUInt32LE(fatCount, 0x2c);
  header.writeUInt32LE(fatCount, 0x30);
  for (let i = 0; i < fatCount; i++) header.writeUInt32LE(i, 0x4c + i * 4);
  const entries = [...Array.from({ length: fatCount }, () => FATSECT), ENDOFCHAIN, ...chainOf(fatCount + 1, sectors)];
  const fat = Buffer.concat(Array.from({ length: fatCount }, (_, i) => sectorTable(entries.slice(i * 128, (i + 1) * 128))));
  const dir = Buffer.concat([dirEntry("Root Entry", 5, 1, ENDOFCHAIN, 0), dirEntry(streamName, 2, NOSTREAM, fatCount + 1, stream.length), Buffer.alloc(256)]);
  return Buffer.concat([header, fat, dir, pad(stream, 512)]);
}

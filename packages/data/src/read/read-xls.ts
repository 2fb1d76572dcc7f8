/**
 * A sheet of an old Excel 97–2003 workbook (.xls): what Excel, WPS, LibreOffice and Apache POI's HSSF (the exporters
 * of many hotline platforms) write. Read like an .xlsx (read-xlsx.ts): the visible sheet that fits (`chooseSheetsBy`),
 * numbers (a whole number formatted 0000 as the text it shows, 0301), dates by the cell's number format (1900 and
 * 1904 date systems), text, booleans, formulas by their saved result (an error result reported as
 * `RawRow.uncalculated`), and cells merged down rows as what they show.
 *
 * An .xls is a BIFF8 record stream ("Workbook") inside an OLE2 compound file, a small file system of fixed-size
 * sectors. Both are read here, from the file held in memory (an .xls holds at most 65,536 rows a sheet): the compound
 * file's header, its sector table (FAT, listed by the DIFAT), its directory and mini stream; then the workbook's
 * records. Every chain of sectors is checked for range and loops, and every record for its length, so a damaged or
 * truncated file is told as such, never read forever.
 *
 * Bounds (limits.ts): a cell's text is kept only up to `textChars + 1` characters; the shared strings in all may hold
 * `sharedStringsChars` characters and `sharedStrings` entries.
 */

import { readFile } from "node:fs/promises";
import { IMPORT_LIMITS } from "../limits.ts";
import { readCsvBatches } from "./read-csv.ts";
import { isSpreadsheetMl, readSpreadsheetMlBatches } from "./read-spreadsheetml.ts";
import { elapsedText, excelDateCell, type NumberStyle, numberStyleOfFormat, readXlsxBatches, sharedStringsTooLarge, zeroPadded } from "./read-xlsx.ts";
import { SpreadsheetError, spreadsheetReadError } from "./spreadsheet-parts.ts";
import {
  type Cell,
  chooseSheetsBy,
  fileSize,
  hideColumns,
  isBlank,
  type MergedRange,
  MergedRows,
  type RawRow,
  type ReadTableOptions,
  sheetsNotRead,
} from "./table-common.ts";
import { kindOfHead, readAt } from "./zip.ts";

const XLS_BATCH_ROWS = 5000;
/** Characters of a text kept: one more than a cell may hold, so the check can say it is too long. */
const TEXT_CAP = IMPORT_LIMITS.textChars + 1;
/** The last column a sheet may have (Excel's XFD): a cell past it is no cell a user could have written. */
const MAX_COLUMN = 16_383;

const DAMAGED = {
  zh: "无法读取 Excel 文件（文件损坏、不完整或不是 .xls）：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入",
  en: "cannot read the Excel file (damaged, truncated or not .xls)",
};
const ENCRYPTED = {
  zh: "文件设有密码（已加密），无法读取：请在 Excel 或 WPS 中打开，取消密码（“用密码进行加密”清空）后另存，再导入",
  en: "the workbook is encrypted with a password: remove the password and save it again",
};
const TOO_OLD = {
  zh: "这是 Excel 95 或更早版本的文件，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入",
  en: "an Excel 95 (BIFF5) or older workbook: save it as .xlsx",
};
/** What a file named .xls that is no workbook of its own kind is (a zip is read as .xlsx, a text file as CSV). */
const NOT_AN_XLS: Record<"xls" | "html" | "text", { zh: string; en: string }> = {
  xls: DAMAGED,
  html: {
    zh: "这是网页（HTML）文件，只是扩展名为 .xls（一些热线平台“导出 Excel”时生成这种文件）：请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入",
    en: "a web page (HTML) named .xls: open it in Excel or WPS and save it as .xlsx",
  },
  text: DAMAGED,
};

class XlsError extends SpreadsheetError {}

const damaged = (why: string) => new XlsError(DAMAGED.zh, `${DAMAGED.en}: ${why}`);

// ---------------------------------------------------------------- the compound file

const ENDOFCHAIN = 0xfffffffe;
const NOSTREAM = 0xffffffff;
const DIR_ENTRY_BYTES = 128;
const STREAM = 2;

interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

interface CompoundFile {
  file: Buffer;
  sectorSize: number;
  /** sectors that begin within the file: a chain may name no other (a stream's last one may end short of its size) */
  sectorCount: number;
  fat: Uint32Array;
  miniFat: Uint32Array;
  miniStream: Buffer;
  miniCutoff: number;
  entries: DirEntry[];
}

/** Sector `n` (the header is the sector before sector 0). */
function sector(file: Buffer, sectorSize: number, n: number): Buffer {
  const at = (n + 1) * sectorSize;
  if (at + sectorSize > file.length) throw damaged(`sector ${n} is past the end of the file (truncated?)`);
  return file.subarray(at, at + sectorSize);
}

/**
 * The sectors of a chain from `start`, by the table `next`: at most `max` of them. A chain that leaves the file is
 * damage, and so is one longer than `max` (a loop: without the bound it would be followed forever) unless `enough`
 * (a stream needs only the sectors its size fills).
 */
function chain(start: number, next: Uint32Array, bound: number, max: number, enough = false): number[] {
  const ids: number[] = [];
  for (let s = start; s !== ENDOFCHAIN; s = next[s] as number) {
    if (s >= bound || s >= next.length) throw damaged(`sector chain goes to ${s}, out of range`);
    if (ids.length >= max) {
      if (enough) break;
      throw damaged("sector chain longer than it can be (a loop?)");
    }
    ids.push(s);
  }
  return ids;
}

/** The sectors holding the FAT: the first 109 listed in the header, the rest in the DIFAT's own chain of sectors. */
function fatSectors(file: Buffer, sectorSize: number, sectorCount: number): number[] {
  const count = file.readUInt32LE(0x2c);
  if (count > sectorCount) throw damaged(`${count} FAT sectors in a file of ${sectorCount}`);
  const ids: number[] = [];
  for (let i = 0; i < 109 && ids.length < count; i++) ids.push(file.readUInt32LE(0x4c + 4 * i));
  const perSector = sectorSize / 4 - 1;
  const seen = new Set<number>();
  for (let next = file.readUInt32LE(0x44); ids.length < count; ) {
    if (next >= sectorCount || seen.has(next)) throw damaged("DIFAT chain out of range or looped");
    seen.add(next);
    const difat = sector(file, sectorSize, next);
    for (let i = 0; i < perSector && ids.length < count; i++) ids.push(difat.readUInt32LE(4 * i));
    next = difat.readUInt32LE(sectorSize - 4);
  }
  return ids;
}

/** The sectors' table of a chain (`ids`) read as one array of sector numbers. */
function readTable(file: Buffer, sectorSize: number, ids: readonly number[]): Uint32Array {
  const table = new Uint32Array((ids.length * sectorSize) / 4);
  ids.forEach((id, i) => {
    const bytes = sector(file, sectorSize, id);
    for (let j = 0; j < sectorSize / 4; j++) table[i * (sectorSize / 4) + j] = bytes.readUInt32LE(4 * j);
  });
  return table;
}

/** `size` bytes of the chain from `start`, in sectors of `unit` bytes taken from `source`. */
function readChain(source: Buffer, unit: number, offset: (n: number) => number, start: number, next: Uint32Array, bound: number, size: number): Buffer {
  const count = Math.ceil(size / unit);
  const ids = chain(start, next, bound, count, true);
  if (ids.length < count) throw damaged("a stream is shorter than its size (truncated?)");
  const out = Buffer.alloc(size);
  ids.forEach((id, i) => {
    const at = offset(id);
    const length = Math.min(unit, size - i * unit);
    if (at + length > source.length) throw damaged("a stream's sector is past the end of the file (truncated?)");
    source.copy(out, i * unit, at, at + length);
  });
  return out;
}

function readDirectory(file: Buffer, sectorSize: number, sectorCount: number, fat: Uint32Array): DirEntry[] {
  const entries: DirEntry[] = [];
  for (const id of chain(file.readUInt32LE(0x30), fat, sectorCount, sectorCount)) {
    const bytes = sector(file, sectorSize, id);
    for (let at = 0; at < sectorSize; at += DIR_ENTRY_BYTES) {
      const e = bytes.subarray(at, at + DIR_ENTRY_BYTES);
      const nameBytes = Math.min(64, e.readUInt16LE(0x40));
      entries.push({
        name: e.toString("utf16le", 0, Math.max(0, nameBytes - 2)),
        type: e[0x42] as number,
        left: e.readUInt32LE(0x44),
        right: e.readUInt32LE(0x48),
        child: e.readUInt32LE(0x4c),
        start: e.readUInt32LE(0x74),
        // the high half of the size is unused with 512-byte sectors (and may hold junk); no stream here is ≥ 4 GB
        size: e.readUInt32LE(0x78),
      });
    }
  }
  if (entries.length === 0 || entries[0]?.type !== 5) throw damaged("no root entry");
  return entries;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function readCompoundFile(file: Buffer): CompoundFile {
  if (file.length < 512 || !file.subarray(0, 8).equals(OLE_MAGIC)) throw damaged("no compound-file header");
  const shift = file.readUInt16LE(0x1e);
  if ((shift !== 9 && shift !== 12) || file.readUInt16LE(0x20) !== 6) throw damaged("unknown sector size");
  const sectorSize = 1 << shift;
  const sectorCount = Math.max(0, Math.ceil(file.length / sectorSize) - 1);
  const fat = readTable(file, sectorSize, fatSectors(file, sectorSize, sectorCount));
  const miniFatStart = file.readUInt32LE(0x3c);
  const miniFat = miniFatStart === ENDOFCHAIN ? new Uint32Array(0) : readTable(file, sectorSize, chain(miniFatStart, fat, sectorCount, sectorCount));
  const entries = readDirectory(file, sectorSize, sectorCount, fat);
  const root = entries[0] as DirEntry;
  if (root.size > file.length) throw damaged("mini stream larger than the file");
  const offset = (n: number) => (n + 1) * sectorSize;
  const miniStream = root.size === 0 ? Buffer.alloc(0) : readChain(file, sectorSize, offset, root.start, fat, sectorCount, root.size);
  return { file, sectorSize, sectorCount, fat, miniFat, miniStream, miniCutoff: file.readUInt32LE(0x38), entries };
}

/** The entries at the top of the compound file (the root storage's children: a tree, walked with a bound). */
function topEntries(cf: CompoundFile): DirEntry[] {
  const found: DirEntry[] = [];
  const seen = new Set<number>();
  const stack = [(cf.entries[0] as DirEntry).child];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (id === NOSTREAM || id >= cf.entries.length || seen.has(id)) continue;
    seen.add(id);
    const entry = cf.entries[id] as DirEntry;
    found.push(entry);
    stack.push(entry.left, entry.right);
  }
  return found;
}

function readStream(cf: CompoundFile, entry: DirEntry): Buffer {
  if (entry.size > cf.file.length) throw damaged(`stream ${entry.name} larger than the file`);
  // small streams live in the mini stream, in 64-byte sectors
  if (entry.size < cf.miniCutoff) return readChain(cf.miniStream, 64, (n) => n * 64, entry.start, cf.miniFat, cf.miniStream.length / 64, entry.size);
  return readChain(cf.file, cf.sectorSize, (n) => (n + 1) * cf.sectorSize, entry.start, cf.fat, cf.sectorCount, entry.size);
}

/** The BIFF8 workbook stream; the reasons a compound file has none said as they are (encrypted, Excel 95, another document). */
function workbookStream(cf: CompoundFile): Buffer {
  const byName = new Map(topEntries(cf).map((e) => [e.name.toLowerCase(), e]));
  // Excel 5 and 95 named it Book (its BOF then says which BIFF it is: checkBof); a few later writers kept the name
  const workbook = [byName.get("workbook"), byName.get("book")].find((e) => e?.type === STREAM);
  if (workbook) return readStream(cf, workbook);
  // a password-protected .xlsx is a compound file holding the encrypted package
  if (byName.has("encryptioninfo") || byName.has("encryptedpackage")) throw new XlsError(ENCRYPTED.zh, ENCRYPTED.en);
  if (byName.has("worddocument") || byName.has("powerpoint document"))
    throw new XlsError("这是 Word 或 PowerPoint 文档，不是 Excel 工作簿", "a Word or PowerPoint document, not a workbook");
  throw damaged("no Workbook stream");
}

// ---------------------------------------------------------------- BIFF8 records

const BOF = 0x0809;
const EOF = 0x000a;
const CONTINUE = 0x003c;
const FILEPASS = 0x002f;
const DATEMODE = 0x0022;
const FORMAT = 0x041e;
const XF = 0x00e0;
const BOUNDSHEET = 0x0085;
const SST = 0x00fc;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const LABELSST = 0x00fd;
const LABEL = 0x0204;
const RSTRING = 0x00d6;
const BOOLERR = 0x0205;
const FORMULA = 0x0006;
const STRING = 0x0207;
const MERGEDCELLS = 0x00e5;
const DBCELL = 0x00d7;
const ROW = 0x0208;
const COLINFO = 0x007d;
const FILTERMODE = 0x009b;

/** A record: its type, and where its data is in the stream. */
interface Rec {
  type: number;
  at: number;
  len: number;
}

/** The records of the stream from `pos`, one by one: each has its length, and one past the stream's end is damage. */
class Records {
  constructor(
    private readonly stream: Buffer,
    public pos: number,
  ) {}

  next(): Rec | undefined {
    if (this.pos + 4 > this.stream.length) return undefined;
    const type = this.stream.readUInt16LE(this.pos);
    const len = this.stream.readUInt16LE(this.pos + 2);
    const at = this.pos + 4;
    if (at + len > this.stream.length) throw damaged(`record 0x${type.toString(16)} runs past the stream's end (truncated?)`);
    this.pos = at + len;
    return { type, at, len };
  }

  /** The record's data with the CONTINUE records after it, which carry on what it holds past 8,224 bytes. */
  continued(rec: Rec): Continued {
    const segments = [rec];
    while (this.pos + 4 <= this.stream.length && this.stream.readUInt16LE(this.pos) === CONTINUE) segments.push(this.next() as Rec);
    return new Continued(this.stream, segments);
  }
}

/**
 * A record's data and its CONTINUE records read as one. A string's characters split across two records go on in the
 * next with a byte of their own saying whether they are one byte a character or two (a string may change halfway).
 */
class Continued {
  private seg = 0;
  private at: number;
  private end: number;

  constructor(
    private readonly stream: Buffer,
    private readonly segments: readonly Rec[],
  ) {
    const first = segments[0] as Rec;
    this.at = first.at;
    this.end = first.at + first.len;
  }

  get atEnd(): boolean {
    return this.at >= this.end && this.seg >= this.segments.length - 1;
  }

  /** Moves to the next record when this one is read to its end. */
  private nextSegment(): void {
    while (this.at >= this.end) {
      this.seg++;
      const rec = this.segments[this.seg];
      if (!rec) throw damaged("a record's data ends before what it holds");
      this.at = rec.at;
      this.end = rec.at + rec.len;
    }
  }

  u8(): number {
    this.nextSegment();
    return this.stream[this.at++] as number;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() + this.u16() * 0x10000) >>> 0;
  }

  skip(n: number): void {
    let left = n;
    while (left > 0) {
      this.nextSegment();
      const step = Math.min(left, this.end - this.at);
      this.at += step;
      left -= step;
    }
  }

  /** `count` characters, one or two bytes each (`wide`) until a record ends; only the first `TEXT_CAP` kept. */
  chars(count: number, wide: boolean): string {
    let out = "";
    let left = count;
    let twoBytes = wide;
    while (left > 0) {
      if (this.at >= this.end) {
        this.nextSegment();
        // the characters go on in the next record, which says again how wide they are
        twoBytes = ((this.stream[this.at++] as number) & 1) === 1;
        continue;
      }
      const size = twoBytes ? 2 : 1;
      const n = Math.min(left, Math.floor((this.end - this.at) / size));
      if (n === 0) throw damaged("a character split across records");
      if (out.length < TEXT_CAP) {
        const take = Math.min(n, TEXT_CAP - out.length);
        out += this.stream.toString(twoBytes ? "utf16le" : "latin1", this.at, this.at + take * size);
      }
      this.at += n * size;
      left -= n;
    }
    return out;
  }
}

/**
 * A string as BIFF8 writes it: its length (one or two bytes), a flags byte, then its characters; a shared string may
 * also have formatting runs and phonetic (ruby) text after them, which are not what the cell shows and are passed over.
 */
function unicodeString(data: Continued, lengthBytes: 1 | 2): string {
  const count = lengthBytes === 2 ? data.u16() : data.u8();
  const flags = data.u8();
  const runs = flags & 0x08 ? data.u16() : 0;
  const phonetic = flags & 0x04 ? data.u32() : 0;
  const text = data.chars(count, (flags & 0x01) === 1);
  data.skip(runs * 4 + phonetic);
  return text;
}

/** A string record's own text (LABEL, STRING, FORMAT, BOUNDSHEET), at `offset` in its data. */
function recordString(stream: Buffer, rec: Rec, offset: number, lengthBytes: 1 | 2, records?: Records): string {
  const data = records ? records.continued(rec) : new Continued(stream, [rec]);
  data.skip(offset);
  return unicodeString(data, lengthBytes);
}

// ---------------------------------------------------------------- the workbook's globals

/** A sheet of the workbook, in tab order. */
interface XlsSheet {
  name: string;
  hidden: boolean;
  /** where its records begin (its BOF) in the workbook stream */
  offset: number;
}

interface Globals {
  /** the worksheets (charts and macro sheets hold no rows) */
  sheets: XlsSheet[];
  /** every sheet the workbook has, charts and hidden ones included, as read-xlsx counts them */
  sheetCount: number;
  strings: string[];
  /** how each cell format (XF, by its index) shows a number (a date, zeros padded, an elapsed time), as read-xlsx.ts reads them */
  numberStyles: NumberStyle[];
  date1904: boolean;
}

/** The BOF record that begins a substream: BIFF8's version is 0x0600; Excel 95 wrote 0x0500. */
function checkBof(stream: Buffer, rec: Rec | undefined): number {
  if (!rec || rec.type !== BOF || rec.len < 4) throw damaged("no BOF record");
  const version = stream.readUInt16LE(rec.at);
  if (version !== 0x0600) throw version < 0x0600 ? new XlsError(TOO_OLD.zh, TOO_OLD.en) : damaged(`BIFF version 0x${version.toString(16)}`);
  return stream.readUInt16LE(rec.at + 2);
}

function readSst(data: Continued, maxChars: number): string[] {
  data.u32(); // references to strings in all
  const unique = data.u32();
  if (unique > IMPORT_LIMITS.sharedStrings) throw sharedStringsTooLarge(maxChars);
  const strings: string[] = [];
  let total = 0;
  // the count is trusted only as far as the data goes (some writers get it wrong)
  while (strings.length < unique && !data.atEnd) {
    const text = unicodeString(data, 2);
    total += text.length;
    if (total > maxChars) throw sharedStringsTooLarge(maxChars);
    strings.push(text);
  }
  return strings;
}

function readGlobals(stream: Buffer, maxChars: number): Globals {
  const records = new Records(stream, 0);
  if (checkBof(stream, records.next()) !== 0x0005) throw damaged("the stream does not begin with the workbook's globals");
  const globals: Globals = { sheets: [], sheetCount: 0, strings: [], numberStyles: [], date1904: false };
  const codes = new Map<number, string>();
  const xfFormats: number[] = [];
  for (let rec = records.next(); rec && rec.type !== EOF; rec = records.next()) {
    switch (rec.type) {
      case FILEPASS:
        throw new XlsError(ENCRYPTED.zh, ENCRYPTED.en);
      case DATEMODE:
        globals.date1904 = rec.len >= 2 && stream.readUInt16LE(rec.at) === 1;
        break;
      case FORMAT:
        if (rec.len >= 5) codes.set(stream.readUInt16LE(rec.at), recordString(stream, rec, 2, 2, records));
        break;
      case XF:
        if (rec.len >= 4) xfFormats.push(stream.readUInt16LE(rec.at + 2));
        break;
      case BOUNDSHEET: {
        if (rec.len < 8) throw damaged("short BOUNDSHEET");
        globals.sheetCount++;
        // 0: a worksheet; 2, 6: a chart, a VBA module
        if (stream[rec.at + 5] !== 0) break;
        const offset = stream.readUInt32LE(rec.at);
        const name = recordString(stream, rec, 6, 1);
        globals.sheets.push({ name, offset, hidden: ((stream[rec.at + 4] as number) & 0x03) !== 0 });
        break;
      }
      case SST:
        globals.strings = readSst(records.continued(rec), maxChars);
        break;
      default:
        break;
    }
  }
  globals.numberStyles = xfFormats.map((id) => numberStyleOfFormat(id, codes.get(id)));
  return globals;
}

// ---------------------------------------------------------------- a sheet's cells

/** BIFF8's error codes, as a cell shows them. */
const ERRORS: Record<number, string> = {
  0: "#NULL!",
  7: "#DIV/0!",
  15: "#VALUE!",
  23: "#REF!",
  29: "#NAME?",
  36: "#NUM!",
  42: "#N/A",
  43: "#GETTING_DATA",
};

const rkDouble = Buffer.alloc(8);

/** An RK number: 30 bits of a double (its upper bits, the rest zero) or of an integer, divided by 100 when its lowest bit says so. */
function rkNumber(rk: number): number {
  let n: number;
  if (rk & 0x02) n = rk >> 2;
  else {
    rkDouble.writeUInt32LE((rk & 0xfffffffc) >>> 0, 4);
    n = rkDouble.readDoubleLE(0);
  }
  return rk & 0x01 ? n / 100 : n;
}

/**
 * The ranges of a sheet merged over more than one row (1-based rows), by their first row. MERGEDCELLS records come
 * after the cells, so the sheet's records are passed over once for them first. Ranges within one row (a title over
 * the columns) are left out, as read-xlsx.ts leaves them.
 */
function mergedRanges(stream: Buffer, offset: number): MergedRange[] {
  const records = new Records(stream, offset);
  records.next();
  const ranges: MergedRange[] = [];
  for (let rec = records.next(); rec && rec.type !== EOF; rec = records.next()) {
    if (rec.type !== MERGEDCELLS || rec.len < 2) continue;
    const count = Math.min(stream.readUInt16LE(rec.at), Math.floor((rec.len - 2) / 8));
    for (let i = 0; i < count; i++) {
      const at = rec.at + 2 + i * 8;
      const [top, bottom, left, right] = [0, 2, 4, 6].map((o) => stream.readUInt16LE(at + o)) as [number, number, number, number];
      if (top !== bottom)
        ranges.push({
          top: Math.min(top, bottom) + 1,
          bottom: Math.max(top, bottom) + 1,
          left: Math.min(left, right),
          right: Math.max(left, right),
          value: null,
        });
    }
  }
  return ranges.sort((a, b) => a.top - b.top);
}

/** The cells of one row as read so far. */
interface RowCells {
  cells: Cell[];
  uncalculated?: RawRow["uncalculated"];
}

/**
 * Reads a sheet's records into rows. BIFF8 keeps a sheet's cells in blocks of up to 32 rows: the block's ROW records,
 * then its cells, then (from Excel and POI; LibreOffice writes none) a DBCELL record. Within a block a writer may put
 * cells out of row order, so a block's rows are kept until it ends (a DBCELL, or the next block's first ROW record),
 * then given in order.
 */
class SheetReader {
  private readonly rows = new Map<number, RowCells>();
  /** rows (1-based) whose ROW record says they are hidden, until their cells are given */
  private readonly hiddenRows = new Set<number>();
  private readonly merged: MergedRows;
  /** the formula whose text result is in the STRING record that follows it */
  private stringResult: { row: number; col: number } | undefined;
  /** the row of the last cell read */
  private lastRow = 0;
  private readonly records: Records;
  done = false;
  /** the columns the sheet hides (COLINFO's fHidden), and whether a filter is in force (a FILTERMODE record) */
  readonly view: { hiddenColumns: number[]; filtered: boolean } = { hiddenColumns: [], filtered: false };

  constructor(
    private readonly stream: Buffer,
    private readonly globals: Globals,
    sheet: XlsSheet,
  ) {
    if (sheet.offset >= stream.length) throw damaged(`sheet ${sheet.name} begins past the stream's end`);
    this.merged = new MergedRows(mergedRanges(stream, sheet.offset));
    this.records = new Records(stream, sheet.offset);
    if (checkBof(stream, this.records.next()) !== 0x0010) this.done = true;
  }

  /** Where reading is in the workbook stream. */
  get position(): number {
    return this.records.pos;
  }

  /** Reads on to the end of a block of rows (or the sheet) and gives the rows read, in order. */
  readBlock(): RawRow[] {
    while (!this.done) {
      const rec = this.records.next();
      if (!rec || rec.type === EOF) this.done = true;
      else if (rec.type === DBCELL || rec.type === ROW) {
        // a row hidden in the sheet (by hand, or by a filter: the ROW record's fDyZero), told of as in .xlsx and .ods
        if (rec.type === ROW && rec.len >= 14 && (this.stream.readUInt16LE(rec.at + 12) & 0x0020) !== 0)
          this.hiddenRows.add(this.stream.readUInt16LE(rec.at) + 1);
        if (this.rows.size > 0) return this.takeRows();
      } else {
        this.readRecord(rec);
        // a writer that marks no blocks at all: a batch's rows are given, all but the one being read
        if (this.rows.size > XLS_BATCH_ROWS) return this.takeRows(this.lastRow);
      }
    }
    return this.takeRows();
  }

  private readRecord(rec: Rec): void {
    const s = this.stream;
    const at = rec.at;
    if (rec.type === COLINFO && rec.len >= 10) {
      if ((s.readUInt16LE(at + 8) & 0x0001) === 0) return;
      // the columns read only (the unused ones may be hidden to the sheet's end)
      hideColumns(this.view, s.readUInt16LE(at), s.readUInt16LE(at + 2));
      return;
    }
    if (rec.type === FILTERMODE) {
      this.view.filtered = true;
      return;
    }
    if (rec.type === STRING) {
      const target = this.stringResult;
      this.stringResult = undefined;
      if (target) this.set(target.row, target.col, recordString(s, rec, 0, 2, this.records) || null);
      return;
    }
    if (
      rec.type !== MULRK &&
      rec.type !== NUMBER &&
      rec.type !== RK &&
      rec.type !== LABELSST &&
      rec.type !== LABEL &&
      rec.type !== RSTRING &&
      rec.type !== BOOLERR &&
      rec.type !== FORMULA
    )
      return;
    if (rec.len < 6) throw damaged(`short cell record 0x${rec.type.toString(16)}`);
    this.stringResult = undefined;
    const row = s.readUInt16LE(at) + 1;
    this.lastRow = row;
    const col = s.readUInt16LE(at + 2);
    const xf = s.readUInt16LE(at + 4);
    switch (rec.type) {
      case NUMBER:
        if (rec.len >= 14) this.set(row, col, this.numberCell(s.readDoubleLE(at + 6), xf));
        break;
      case RK:
        if (rec.len >= 10) this.set(row, col, this.numberCell(rkNumber(s.readUInt32LE(at + 6)), xf));
        break;
      case MULRK: {
        // several RK cells of a row: from col, an XF and an RK each
        const count = Math.floor((rec.len - 6) / 6);
        for (let i = 0; i < count; i++) this.set(row, col + i, this.numberCell(rkNumber(s.readUInt32LE(at + 6 + i * 6)), s.readUInt16LE(at + 4 + i * 6)));
        break;
      }
      case LABELSST: {
        if (rec.len < 10) throw damaged("short LABELSST");
        const text = this.globals.strings[s.readUInt32LE(at + 6)];
        if (text === undefined) throw damaged(`shared string ${s.readUInt32LE(at + 6)} is missing`);
        this.set(row, col, text);
        break;
      }
      case LABEL:
      case RSTRING:
        this.set(row, col, recordString(s, rec, 6, 2, this.records));
        break;
      case BOOLERR:
        if (rec.len < 8) throw damaged("short BOOLERR");
        // an error typed into the cell, no formula: still no value to read
        if (s[at + 7] === 1) this.error(row, col, s[at + 6] as number);
        else this.set(row, col, s[at + 6] === 1);
        break;
      case FORMULA:
        if (rec.len < 20) throw damaged("short FORMULA");
        this.formula(row, col, xf, at + 6);
        break;
      default:
        break;
    }
  }

  /**
   * A formula's saved result: a number, or (its last two bytes 0xFFFF) a text in the STRING record after it, a
   * boolean, an error, or empty text.
   */
  private formula(row: number, col: number, xf: number, result: number): void {
    const s = this.stream;
    if (s.readUInt16LE(result + 6) !== 0xffff) {
      this.set(row, col, this.numberCell(s.readDoubleLE(result), xf));
      return;
    }
    switch (s[result]) {
      case 0:
        this.stringResult = { row, col };
        break;
      case 1:
        this.set(row, col, s[result + 2] === 1);
        break;
      case 2:
        this.error(row, col, s[result + 2] as number);
        break;
      default:
        this.set(row, col, null);
        break;
    }
  }

  /** An error result (#N/A of a lookup that found nothing): no value to read, a problem of its own, as read-xlsx.ts says it. */
  private error(row: number, col: number, code: number): void {
    if (col > MAX_COLUMN) return;
    const cells = this.rowCells(row);
    cells.cells[col] = null;
    cells.uncalculated ??= [];
    // the formula's text is compiled in an .xls (tokens, not text): the error alone is told
    cells.uncalculated.push({ column: col, formula: "", error: ERRORS[code] ?? `#ERROR(${code})` });
  }

  private numberCell(n: number, xf: number): Cell {
    if (!Number.isFinite(n)) return String(n);
    const shown = this.globals.numberStyles[xf];
    // a duration ([h]:mm): its elapsed time (25:30), not a date, as read-xlsx.ts reads it
    if (shown?.elapsed) return elapsedText(n, shown.elapsed);
    if (shown?.date) return excelDateCell(n, shown.date, this.globals.date1904);
    // a whole number formatted 0000 (301): the text it shows (0301), as read-xlsx.ts reads it
    const padded = Number.isSafeInteger(n) && n >= 0 ? zeroPadded(String(n), shown?.pad ?? 0) : null;
    if (padded !== null) return padded;
    // A whole number of 16 digits or more (a platform's 工单编号 written as a number) is a double here, not digits as in
    // an .xlsx: its digits are kept (as read-xlsx.ts keeps written digits) only when the double holds them exactly and
    // they are more than the 15 Excel keeps, so no writer can have cut them (LibreOffice, POI writing a 16-digit id).
    // Otherwise it stays a number, which the check refuses as an id whose last digits are lost: past 2^53 the double
    // itself has lost them (201710030001234567 reads …560), and 15 digits and zeros may be what Excel left of it.
    if (Number.isInteger(n) && Math.abs(n) >= 1e15 && Math.abs(n) <= Number.MAX_SAFE_INTEGER && Number(n.toPrecision(15)) !== n) return String(n);
    return n;
  }

  private rowCells(row: number): RowCells {
    let cells = this.rows.get(row);
    if (!cells) {
      cells = { cells: [] };
      this.rows.set(row, cells);
    }
    return cells;
  }

  private set(row: number, col: number, value: Cell): void {
    if (col > MAX_COLUMN) return;
    this.rowCells(row).cells[col] = value;
  }

  /** The rows read, in order, but `keep` (still being read): those with something of their own (blank rows are counted by their numbers, never given). */
  private takeRows(keep?: number): RawRow[] {
    const out: RawRow[] = [];
    for (const row of [...this.rows.keys()].sort((a, b) => a - b)) {
      if (row === keep) continue;
      const { cells, uncalculated } = this.rows.get(row) as RowCells;
      this.rows.delete(row);
      if (isBlank(cells) && !uncalculated) continue;
      if (this.merged.any) this.merged.fill(row, cells);
      const raw: RawRow = { row, cells };
      if (uncalculated) raw.uncalculated = uncalculated;
      if (this.hiddenRows.delete(row)) raw.hidden = true;
      out.push(raw);
    }
    return out;
  }
}

/** The first `count` non-blank rows of a sheet, or all it has when fewer. */
function leadingRowsOf(stream: Buffer, globals: Globals, sheet: XlsSheet, count: number): RawRow[] {
  const reader = new SheetReader(stream, globals, sheet);
  const rows: RawRow[] = [];
  while (rows.length < count && !reader.done) rows.push(...reader.readBlock());
  return rows.slice(0, count);
}

// ---------------------------------------------------------------- reading

/**
 * The rows of the sheets chosen (see `chooseSheetsBy`), in batches, one sheet after another (no batch holds two). A
 * file named .xls that is an .xlsx (a zip) is read as one, one that is Excel 2003's XML spreadsheet as one, and one
 * that is text (a platform's tab-separated "Excel" export) as CSV; a web page named .xls is told as such.
 */
export async function* readXlsBatches(path: string, options: ReadTableOptions): AsyncIterable<RawRow[]> {
  const totalBytes = await fileSize(path);
  let bytesRead = 0;
  let lastRow = 0;
  const progress = (done: boolean) => options.onProgress?.({ rows: lastRow, bytesRead, totalBytes, encoding: "xls", done });
  try {
    const head = await readAt(path, 0, 512);
    if (!head.subarray(0, 8).equals(OLE_MAGIC)) {
      // an empty or all but empty file is no zip either
      const kind = head.length < 4 ? "other" : kindOfHead(head);
      if (kind === "zip") return yield* readXlsxBatches(path, options);
      if (kind === "text") return yield* readCsvBatches(path, options);
      // Excel 2003's XML spreadsheet, which some platforms export under the name .xls
      if (isSpreadsheetMl(head)) return yield* readSpreadsheetMlBatches(path, options);
      if (kind === "html") throw new XlsError(NOT_AN_XLS.html.zh, NOT_AN_XLS.html.en);
      throw damaged("not a compound file");
    }
    options.onFormat?.("xls");
    const stream = workbookStream(readCompoundFile(await readFile(path)));
    const globals = readGlobals(stream, options.sharedStringsChars ?? IMPORT_LIMITS.sharedStringsChars);
    if (globals.sheets.length === 0) throw new XlsError("Excel 文件中没有工作表", "the workbook has no sheet");
    const chosen = await chooseSheetsBy(globals.sheets, async (sheet, count) => leadingRowsOf(stream, globals, sheet, count), options.sheetFit);
    const skipped = sheetsNotRead(globals.sheets, chosen);
    for (const sheet of chosen) {
      options.onSheet?.({ name: sheet.name, sheets: globals.sheetCount, read: chosen.length, skipped, ...(globals.date1904 ? { date1904: true } : {}) });
      const reader = new SheetReader(stream, globals, sheet);
      let rows: RawRow[] = [];
      while (!reader.done) {
        rows.push(...reader.readBlock());
        // progress by where reading is in the workbook stream, over the whole file
        bytesRead = Math.min(totalBytes, Math.round((reader.position / stream.length) * totalBytes));
        if (options.leadingRows !== undefined && rows.length >= options.leadingRows) {
          yield rows.slice(0, options.leadingRows);
          return;
        }
        if (rows.length >= XLS_BATCH_ROWS || (reader.done && rows.length > 0)) {
          lastRow = rows[rows.length - 1]?.row ?? lastRow;
          progress(false);
          yield rows;
          rows = [];
        }
      }
      options.onSheetView?.(reader.view);
    }
    bytesRead = totalBytes;
    progress(true);
  } catch (cause) {
    throw spreadsheetReadError(path, cause, "Excel", DAMAGED, NOT_AN_XLS);
  }
}

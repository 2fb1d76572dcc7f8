/**
 * What an attachment of a known kind may carry that runs on the reviewer's PC when the center opens it in Acrobat,
 * Word, Excel or WPS: a PDF's scripts, launch actions and embedded files; an Office document's macros (VBA, also
 * under another part name; Excel 4.0 macro sheets), ActiveX controls, a template or object fetched from the network
 * when it opens, and programs or file packages embedded in it. Each is told by the file's bytes; the caller refuses
 * the file, saying what was found (`ActiveContent`).
 *
 * Limits, as a check of bytes and not an antivirus: a PDF's object streams (/ObjStm, where a compressed PDF keeps its
 * dictionaries) are inflated and read when they are deflated (FlateDecode, as every writer makes them; another filter,
 * or a predictor, is read as it is), other streams (pages, images, fonts) are not (no action is kept in them), nor an
 * encrypted PDF's object streams; a legacy .xls's macro sheets are told by their BOUNDSHEET records wherever they lie
 * in the file, not by following the compound file's sectors; PowerPoint 97's VBA (compressed in its document stream)
 * is not told. What is inflated is bounded (MAX_INFLATED_BYTES): a 10 MB upload is read in well under a second.
 */
import { inflateRawSync, inflateSync, constants as zlib } from "node:zlib";

export interface ActiveContent {
  /** what it is, Chinese, to follow "附件“x”是" */
  what: string;
  en: string;
  /** what the user may do instead */
  advice: string;
}

const MACROS: ActiveContent = {
  what: "含有宏（VBA）的 Office 文档",
  en: "an Office document with macros",
  advice: "宏可能是恶意程序，请另存为不含宏的 .docx 或 .xlsx 后上传",
};
const MACRO_SHEETS: ActiveContent = {
  what: "含有 Excel 4.0 宏表的表格",
  en: "a workbook with Excel 4.0 macro sheets",
  advice: "宏表可能藏有恶意程序，请删除宏表（把需要的内容复制到普通工作表）后另存为 .xlsx 上传",
};
const ACTIVEX: ActiveContent = {
  what: "含有 ActiveX 控件的 Office 文档",
  en: "an Office document with ActiveX controls",
  advice: "控件可能运行程序，请删除控件后另存上传，或另存为 PDF 后上传",
};
const REMOTE: ActiveContent = {
  what: "打开时会从网络载入模板或对象的 Office 文档",
  en: "an Office document loading a template or an object from the network",
  advice: "外部模板可能带有宏，请另存为 PDF 后上传",
};
const EMBEDDED: ActiveContent = {
  what: "嵌入了程序或文件包的 Office 文档",
  en: "an Office document embedding a program or a file package",
  advice: "请删去嵌入的对象，需要的材料另作附件上传",
};

/** Bytes read out of one part (a ZIP entry, a PDF stream); a file's parts together up to MAX_INFLATED_BYTES (a zip bomb). */
const MAX_PART_BYTES = 32 * 1024 * 1024;
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

const MZ = Buffer.from("MZ", "latin1");
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** What is left of a file's MAX_INFLATED_BYTES */
interface Budget {
  left: number;
}

/** A deflated part, "too large" past the limits, or null when it cannot be inflated (damaged: no reader opens it either). */
function inflated(data: Buffer, raw: boolean, budget: Budget): Buffer | "too large" | null {
  if (budget.left <= 0) return "too large";
  try {
    const options = { maxOutputLength: Math.min(MAX_PART_BYTES, budget.left), finishFlush: zlib.Z_SYNC_FLUSH };
    const out = raw ? inflateRawSync(data, options) : inflateSync(data, options);
    budget.left -= out.length;
    return out;
  } catch (err) {
    if (!(err instanceof RangeError)) return null;
    budget.left = 0;
    return "too large";
  }
}

// ---------------------------------------------------------------- PDF

/** Names of a PDF whose presence is refused, with what they are. */
const PDF_ACTIONS: [RegExp, string, string][] = [
  [/^(JavaScript|JS)$/, "脚本（JavaScript）", "JavaScript"],
  [/^Launch$/, "启动程序的动作（Launch）", "a launch action"],
  [/^EmbeddedFiles?$/, "内嵌的文件", "embedded files"],
  [/^RichMedia$/, "多媒体插件内容（RichMedia）", "rich media"],
];

/** A name refused, as written plainly (followed by a delimiter), and a name with a `#xx` escape in it. */
const ACTION_NAME = /\/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)(?=[\s/<>[\]()%{}]|$)/g;
const ESCAPED_NAME = /\/[^\s/<>[\]()%{}#]*#[0-9A-Fa-f]{2}[^\s/<>[\]()%{}]*/g;

/** The names of PDF_ACTIONS in a piece of PDF text, `#xx` escapes decoded (/J#61vaScript is /JavaScript). */
function pdfNames(text: string, into: Set<string>): void {
  for (const m of text.matchAll(ACTION_NAME)) into.add(m[1] as string);
  if (!text.includes("#")) return;
  for (const m of text.matchAll(ESCAPED_NAME)) {
    into.add(m[0].slice(1).replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))));
  }
}

/**
 * Object streams of one PDF read at most: a real one has a few dozen (each holds a hundred objects or more); each
 * costs a zlib set-up (some 0.1 ms), and 130,000 empty ones in a 10 MB file took 16 s.
 */
const MAX_OBJECT_STREAMS = 1000;

/**
 * The names of PDF_ACTIONS in a PDF outside its streams' data (where bytes of an image or a font may spell "/JS" by
 * chance), and in its object streams, inflated; null when there are more of these than can be read. A stream's data
 * is as long as its /Length says, when that is a number; else up to "endstream".
 */
function pdfFileNames(file: Buffer): Set<string> | null {
  const text = file.toString("latin1");
  const names = new Set<string>();
  const budget: Budget = { left: MAX_INFLATED_BYTES };
  let objectStreams = 0;
  const keyword = /(?<!end)stream(\r\n|\n|\r)/g;
  let plainFrom = 0;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    const start = m.index + m[0].length;
    const dict = text.slice(Math.max(plainFrom, m.index - 4000), m.index);
    pdfNames(text.slice(plainFrom, m.index), names);
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict.slice(dict.lastIndexOf("obj")));
    const byLength = length ? start + Number(length[1]) : -1;
    const end = byLength >= 0 && /^\s*endstream/.test(text.slice(byLength, byLength + 20)) ? byLength : text.indexOf("endstream", start);
    if (end < 0) break;
    if (end - start > 2 && /\/Type\s*\/ObjStm/.test(dict) && /\/FlateDecode/.test(dict)) {
      if (++objectStreams > MAX_OBJECT_STREAMS) return null;
      const out = inflated(file.subarray(start, end), false, budget);
      if (out === "too large") return null;
      if (out) pdfNames(out.toString("latin1"), names);
    }
    plainFrom = end;
    keyword.lastIndex = end;
  }
  pdfNames(text.slice(plainFrom), names);
  return names;
}

/** What a PDF carries that acts when it is opened, or null. */
export function pdfActiveContent(file: Buffer): ActiveContent | null {
  const read = pdfFileNames(file);
  if (!read) {
    return {
      what: "结构异常（压缩的对象过多或过大）、无法检查其中有无脚本的 PDF",
      en: "a PDF whose object streams are too many or too large to check",
      advice: "请用“打印为 PDF”另存一份后上传",
    };
  }
  const names = [...read];
  const found = PDF_ACTIONS.filter(([name]) => names.some((n) => name.test(n)));
  if (found.length === 0) return null;
  return {
    what: `含有${found.map(([, zh]) => zh).join("、")}的 PDF`,
    en: `a PDF with ${found.map(([, , en]) => en).join(", ")}`,
    advice: "打开时可能运行程序，请用“打印为 PDF”另存一份后上传，需要的文件另作附件上传",
  };
}

// ---------------------------------------------------------------- OOXML (ZIP)

interface ZipEntry {
  name: string;
  method: number;
  /** where the local header is */
  at: number;
  compressedSize: number;
}

/** A ZIP's entries from its central directory (the ones a reader opens); without one, from the local headers found. */
function zipEntries(buf: Buffer): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let eocd = buf.length - 22; eocd >= stop; eocd--) {
    if (buf.readUInt32LE(eocd) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(eocd + 10);
    let at = buf.readUInt32LE(eocd + 16);
    for (let i = 0; i < count && at + 46 <= buf.length && buf.readUInt32LE(at) === 0x02014b50; i++) {
      const nameLength = buf.readUInt16LE(at + 28);
      entries.push({
        name: buf.toString("utf8", at + 46, Math.min(buf.length, at + 46 + nameLength)),
        method: buf.readUInt16LE(at + 10),
        compressedSize: buf.readUInt32LE(at + 20),
        at: buf.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    }
    break;
  }
  if (entries.length > 0) return entries;
  // a file cut short (Office repairs one): each local header names its entry, and its size unless a descriptor follows
  for (let at = buf.indexOf(ZIP); at >= 0 && at + 30 <= buf.length; at = buf.indexOf(ZIP, at + 4)) {
    const name = buf.toString("utf8", at + 30, Math.min(buf.length, at + 30 + buf.readUInt16LE(at + 26)));
    entries.push({ name, method: buf.readUInt16LE(at + 8), compressedSize: buf.readUInt32LE(at + 18), at });
  }
  return entries;
}

/** An entry's bytes (stored or deflated), "too large", or null when they cannot be read. */
function zipEntryData(buf: Buffer, e: ZipEntry, budget: Budget): Buffer | "too large" | null {
  if (e.at + 30 > buf.length || buf.readUInt32LE(e.at) !== 0x04034b50) return null;
  const start = e.at + 30 + buf.readUInt16LE(e.at + 26) + buf.readUInt16LE(e.at + 28);
  const data = buf.subarray(start, Math.min(buf.length, start + e.compressedSize));
  if (e.method === 0) return data;
  return e.method === 8 ? inflated(data, true, budget) : null;
}

const textOf = (data: Buffer | "too large" | null) => (data instanceof Buffer ? data.toString("utf8") : "");

/** Content types of a macro project, a macro-enabled document, a macro sheet, an ActiveX control. */
const MACRO_TYPE = /vbaProject|vbaData|macroEnabled/i;
const MACRO_SHEET_TYPE = /macrosheet/i;
const ACTIVEX_TYPE = /activeX/i;
/** Relationships that load something when the document opens, when their target is outside it. */
const REMOTE_REL = /\/(attachedTemplate|oleObject|frame|subDocument|package)$/;

/**
 * What an OOXML package (a .docx, .xlsx, .pptx, or what is embedded in one, `depth` levels down: a program, an OLE
 * object, another package) carries, or null.
 */
export function officeActiveContent(file: Buffer, depth = 0, budget: Budget = { left: MAX_INFLATED_BYTES }): ActiveContent | null {
  if (file.subarray(0, 2).equals(MZ)) return EMBEDDED;
  if (file.subarray(0, 8).equals(OLE)) return oleActiveContent(file, depth > 0);
  if (!file.subarray(0, 4).equals(ZIP) || depth > 2) return null;
  const entries = zipEntries(file);
  const named = (test: RegExp) => entries.some((e) => test.test(e.name));
  if (named(/(^|\/)vbaProject\.bin$/i)) return MACROS;
  if (named(/(^|\/)macrosheets\//i)) return MACRO_SHEETS;
  if (named(/(^|\/)activeX\//i)) return ACTIVEX;
  for (const e of entries) {
    if (e.name === "[Content_Types].xml") {
      // a part of a macro type under any name (a VBA project renamed word/foo.bin)
      const types = [...textOf(zipEntryData(file, e, budget)).matchAll(/ContentType\s*=\s*"([^"]*)"/g)].map((m) => m[1] as string);
      if (types.some((t) => MACRO_TYPE.test(t))) return MACROS;
      if (types.some((t) => MACRO_SHEET_TYPE.test(t))) return MACRO_SHEETS;
      if (types.some((t) => ACTIVEX_TYPE.test(t))) return ACTIVEX;
    } else if (/\.rels$/i.test(e.name)) {
      for (const m of textOf(zipEntryData(file, e, budget)).matchAll(/<Relationship\b[^>]*>/g)) {
        const type = /\bType\s*=\s*"([^"]*)"/.exec(m[0])?.[1] ?? "";
        if (/\/vbaProject$/i.test(type)) return MACROS;
        if (/\bTargetMode\s*=\s*"External"/i.test(m[0]) && REMOTE_REL.test(type)) return REMOTE;
      }
    } else if (/(^|\/)embeddings\//i.test(e.name)) {
      // a chart's workbook, an embedded document: read as a file of its own; one too large to read is not let through
      if (/\.(docm|dotm|xlsm|xltm|xlam|pptm|potm|ppsm)$/i.test(e.name)) return MACROS;
      const data = zipEntryData(file, e, budget);
      if (data === "too large") return EMBEDDED;
      const inner = data && officeActiveContent(data, depth + 1, budget);
      if (inner) return inner;
    }
  }
  return null;
}

// ---------------------------------------------------------------- OLE (legacy .doc, .xls, .ppt)

/**
 * Where a stream or storage of this name is in an OLE compound file's directory (-1: nowhere). Directory entries are
 * 128 bytes, 128-aligned: the UTF-16LE name, NUL-terminated, then its length in bytes at 0x40.
 */
export function oleEntry(buf: Buffer, name: string): number {
  const needle = Buffer.from(`${name}\0`, "utf16le");
  for (let at = buf.indexOf(needle, 512); at >= 0; at = buf.indexOf(needle, at + 2)) {
    if (at % 128 === 0 && at + 0x42 <= buf.length && buf.readUInt16LE(at + 0x40) === needle.length) return at;
  }
  return -1;
}

const BOUNDSHEET = Buffer.from([0x85, 0x00]);

/**
 * Is there a BIFF BOUNDSHEET record (0x0085) of a macro sheet (type 1) in the file: its length agrees with the sheet
 * name's (BIFF8: 8 + the name's characters, of 1 or 2 bytes each; BIFF5: 7 + its bytes), its visibility is 0–2.
 * Chance bytes make one about once in 2^38 positions.
 */
function hasMacroSheetRecord(buf: Buffer): boolean {
  for (let at = buf.indexOf(BOUNDSHEET); at >= 0 && at + 12 <= buf.length; at = buf.indexOf(BOUNDSHEET, at + 1)) {
    const length = buf.readUInt16LE(at + 2);
    const [visibility, type, chars, highByte] = [buf[at + 8] as number, buf[at + 9], buf[at + 10] as number, buf[at + 11]];
    if (type !== 1 || visibility > 2 || chars === 0) continue;
    if ((highByte === 0 || highByte === 1) && length === 8 + chars * (highByte + 1)) return true;
    if (length === 7 + chars) return true;
  }
  return false;
}

/**
 * What a legacy Office file carries, or null: a VBA project (Word keeps it in a "Macros" storage, Excel in
 * "_VBA_PROJECT_CUR", each with a "VBA" storage and a "_VBA_PROJECT" stream), Excel 4.0 macro sheets, a file package
 * ("\u0001Ole10Native": any file, a program too, embedded in the document or being the embedded object itself).
 * PowerPoint 97's VBA, kept compressed inside its document stream, is not told.
 */
export function oleActiveContent(buf: Buffer, embedded = false): ActiveContent | null {
  if (["_VBA_PROJECT", "_VBA_PROJECT_CUR", "Macros", "VBA"].some((name) => oleEntry(buf, name) >= 0)) return MACROS;
  if ((oleEntry(buf, "Workbook") >= 0 || oleEntry(buf, "Book") >= 0) && hasMacroSheetRecord(buf)) return MACRO_SHEETS;
  if (oleEntry(buf, "\u0001Ole10Native") >= 0) return EMBEDDED;
  return embedded && buf.indexOf(MZ, 512) >= 0 && /This program cannot be run in DOS mode/.test(buf.toString("latin1")) ? EMBEDDED : null;
}

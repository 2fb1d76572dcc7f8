/**
 * Writing OpenDocument spreadsheets (.ods) for tests from their content.xml, zipped as LibreOffice zips them
 * (`mimetype` first and stored, the manifest, content.xml), so that no binary fixture is committed. content.xml may be
 * given as chunks produced on demand.
 */

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { escapeXml, zipParts } from "./xlsx-writer.ts";

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"';

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`;

/**
 * A sheet: its name, whether hidden (by a table style of `table:display="false"`, as LibreOffice writes it), its
 * columns' XML (`table:table-column`: by default 1,024 alike), its rows' XML.
 */
export interface OdsSheetXml {
  name: string;
  hidden?: boolean;
  columns?: string;
  rows: string | (() => Iterable<string>);
}

/** content.xml of these sheets, in chunks. */
function* contentXml(sheets: readonly OdsSheetXml[]): Iterable<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS}><office:automatic-styles>`;
  yield '<style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>';
  yield '<style:style style:name="ta2" style:family="table" style:master-page-name="Default"><style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style>';
  yield "</office:automatic-styles><office:body><office:spreadsheet>";
  for (const sheet of sheets) {
    yield `<table:table table:name="${escapeXml(sheet.name)}" table:style-name="${sheet.hidden ? "ta2" : "ta1"}">${sheet.columns ?? '<table:table-column table:number-columns-repeated="1024"/>'}`;
    if (typeof sheet.rows === "string") yield sheet.rows;
    else yield* sheet.rows();
    yield "</table:table>";
  }
  yield "<table:named-expressions/></office:spreadsheet></office:body></office:document-content>";
}

/** Writes an .ods of these sheets to `dir/name`; its path. */
export async function writeOds(dir: string, name: string, sheets: readonly OdsSheetXml[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, await odsBytes(sheets));
  return path;
}

/** An .ods of these sheets, as bytes. */
export function odsBytes(sheets: readonly OdsSheetXml[]): Promise<Buffer> {
  return zipParts([
    { name: "mimetype", data: "application/vnd.oasis.opendocument.spreadsheet", stored: true },
    { name: "META-INF/manifest.xml", data: MANIFEST },
    { name: "content.xml", data: () => contentXml(sheets) },
  ]);
}

/** A cell as LibreOffice writes it: text, a number, or its attributes and content given as they are. */
export type OdsCell = string | number | null | { xml: string };

/** One cell's XML. */
function odsCell(cell: OdsCell): string {
  if (cell === null) return "<table:table-cell/>";
  if (typeof cell === "number")
    return `<table:table-cell office:value-type="float" office:value="${cell}" calcext:value-type="float"><text:p>${cell}</text:p></table:table-cell>`;
  if (typeof cell === "string")
    return `<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>${escapeXml(cell)}</text:p></table:table-cell>`;
  return cell.xml;
}

/** A row of cells, ending as LibreOffice ends a row: its blank cells to the sheet's last column, repeated. */
export function odsRow(cells: readonly OdsCell[], attributes = ""): string {
  return `<table:table-row${attributes}>${cells.map(odsCell).join("")}<table:table-cell table:number-columns-repeated="${16384 - cells.length}"/></table:table-row>`;
}

/** The blank rows LibreOffice writes below the data, to the sheet's last row (1,048,576), as one row repeated. */
export function odsBlankRowsTo(lastRow: number): string {
  return `<table:table-row table:number-rows-repeated="${1_048_576 - lastRow}"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`;
}

/** XLSX files for the import tests, from a sheet's XML: the package parts around it, zipped by the data package's test writer. */
import { writeWorkbook } from "../../../data/test/support/xlsx-writer.ts";

/** An XLSX whose first sheet is `sheetXml` (no shared strings, no styles); returns its path. */
export function writeXlsxParts(dir: string, name: string, sheetXml: string): Promise<string> {
  return writeWorkbook(dir, name, { sheet: sheetXml });
}

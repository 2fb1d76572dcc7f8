/**
 * A workbook as the bytes of its XLSX file, every text in it one an XML file can hold. XML 1.0 has no place for the C0
 * controls but tab, line feed and carriage return, nor U+FFFE, U+FFFF or a lone surrogate: ExcelJS writes them as they
 * are, and the file is broken (strict readers refuse it, Excel offers to repair it and drops the texts). A unit's
 * objection reason held one (a security review); a value an import refused is echoed into its problem list. Such a
 * character is written as U+FFFD (�), seen where it was.
 */
import type ExcelJS from "exceljs";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNWRITABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;
const UNWRITABLE_ALL = new RegExp(UNWRITABLE.source, "gu");

/** The text with what XML cannot hold written as U+FFFD. */
export const xmlWritable = (text: string): string => (UNWRITABLE.test(text) ? text.replace(UNWRITABLE_ALL, "\uFFFD") : text);

/**
 * Every text of a value (however nested) made writable: what a Word file is built from (a rubric's name or the center's
 * name stored before such characters were refused would break the bulletin's DOCX, whose library strips C0 controls only).
 */
export function xmlWritableDeep<T>(value: T): T {
  if (typeof value === "string") return xmlWritable(value) as T;
  if (Array.isArray(value)) return value.map(xmlWritableDeep) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlWritableDeep(v)])) as T;
}

/** A cell's value with its texts made writable (a string, rich text's runs, a hyperlink's text). */
function writableValue(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof value === "string") return xmlWritable(value);
  if (value && typeof value === "object") {
    if ("richText" in value) return { ...value, richText: value.richText.map((r) => ({ ...r, text: xmlWritable(r.text) })) };
    if ("hyperlink" in value && "text" in value && typeof value.text === "string") return { ...value, text: xmlWritable(value.text) };
  }
  return value;
}

export async function xlsxBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        const value = writableValue(cell.value);
        if (value !== cell.value) cell.value = value;
      });
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** How a failure reading a zipped spreadsheet (.xlsx, .ods) is told: one rule for both readers. */
import { TableReadError } from "./table-common.ts";
import { XmlTooLargeError } from "./xml-scan.ts";
import { ZipError } from "./zip.ts";

type Message = { zh: string; en: string };

/** A reader's own finding about the file, said as it is (`zh` to the user). */
export class SpreadsheetError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/**
 * `cause` as the `TableReadError` the user reads: the reader's own finding; a file that is no spreadsheet at all named
 * for what it is (`notA`: an .xls, a web page, a text file); an abnormally long tag; else `damaged`. `label` names the
 * format in the message ("Excel", "ODS").
 */
export function spreadsheetReadError(
  path: string,
  cause: unknown,
  label: string,
  damaged: Message,
  notA: Record<"xls" | "html" | "text", Message>,
): TableReadError {
  if (cause instanceof TableReadError) return cause;
  if (cause instanceof SpreadsheetError) return new TableReadError(path, cause.zh, cause.en, { cause });
  const what = cause instanceof ZipError && cause.kind !== "damaged" ? notA[cause.kind] : undefined;
  if (what) return new TableReadError(path, what.zh, what.en, { cause });
  if (cause instanceof XmlTooLargeError) {
    return new TableReadError(path, `${label} 文件中有异常过长的内容，文件可能已损坏`, `the ${label} file holds an abnormally long tag: damaged?`, { cause });
  }
  return new TableReadError(path, damaged.zh, damaged.en, { cause });
}

/**
 * The files of an import and their kinds: a file's kind as given, else as its name says, else as its header row
 * says.
 */
import { basename } from "node:path";
import {
  HEADER_SEARCH_ROWS,
  type ImportProblem,
  inspectFileHeader,
  kindOfFileName,
  nameMentionsOtherKind,
  type RecordKind,
  requiredColumnsText,
  TableReadError,
} from "@kaohe/data";

export interface ImportFile {
  path: string;
  /** default: from the file name (units.csv, orders.xlsx …), else from the header row (`resolveFileKind`) */
  kind?: RecordKind;
  /** how the user named it (an upload's original name); default: the file's base name */
  name?: string;
}

/** The kinds in the order their files are imported: units first, then what refers to them. */
export const IMPORT_ORDER: RecordKind[] = ["units", "orders", "events", "facts", "calendar"];

/** The kind a file's name says (units.csv, 工单….xlsx, 节假日安排.csv): @kaohe/data's rule, the console's too. */
export const kindOfFile = (name: string): RecordKind | undefined => kindOfFileName(basename(name));

/** How a file's kind was told. */
type FileKindResolution = { kind: RecordKind; problem?: undefined } | { kind?: undefined; problem: ImportProblem };

function kindProblem(file: string, reason: string, reasonEn: string): { problem: ImportProblem } {
  return { problem: { file, row: 0, column: "", value: "", reason, reasonEn } };
}

/**
 * The kind of an import file: as given, else as its name says (units…, 工单…), else as its header row says
 * (only the header is read). A name that says two kinds (单位工单统计.csv) is the header's to settle, and the name's
 * first word's when the header says none. A header of another kind than the one given or named is reported when the
 * file is read. Neither telling is a problem listing each kind's required columns.
 */
export async function resolveFileKind(file: ImportFile): Promise<FileKindResolution> {
  const name = file.name ?? basename(file.path);
  if (file.kind) return { kind: file.kind };
  const named = kindOfFile(name);
  if (named && !nameMentionsOtherKind(name)) return { kind: named };
  let inspected: Awaited<ReturnType<typeof inspectFileHeader>>;
  try {
    inspected = await inspectFileHeader(file.path);
  } catch (err) {
    if (!(err instanceof TableReadError)) throw err;
    // a named file that cannot be read is said so when it is read as its kind
    return named ? { kind: named } : kindProblem(name, err.reason, err.reasonEn);
  }
  if (inspected?.kind) return { kind: inspected.kind };
  if (named) return { kind: named };
  // the columns of one kind, some named as platforms name them (工单号): read as it, which says what to rename
  if (inspected?.likely) return { kind: inspected.likely };
  // no row at all: the file is empty (or blank), which is what to say, not that its header tells no kind
  if (!inspected) return kindProblem(name, `文件“${name}”是空的（没有表头行，也没有数据行）`, "the file is empty (no header, no rows)");
  const required = requiredColumnsText();
  return kindProblem(
    name,
    `无法判断文件“${name}”是哪类数据：文件名不以 units、orders、events、facts、calendar（或 单位、工单、事件、事实、节假日）开头，前 ${HEADER_SEARCH_ROWS} 行（不计空行）中也没有含任何一类文件全部必需列的表头。各类文件的必需列——${required.zh}。请改正表头或文件名`,
    `cannot tell what the file holds: its name does not start with units, orders, events, facts or calendar, and none of its first ${HEADER_SEARCH_ROWS} non-blank rows has the required columns of any kind (${required.en})`,
  );
}

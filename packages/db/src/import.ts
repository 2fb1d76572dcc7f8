/**
 * Importing the center's files into the store: streaming (a million-row file
 * is never held whole), all or nothing (any bad row anywhere in the call and
 * nothing is stored; every problem is returned), idempotent (re-importing the
 * same file changes nothing), and a corrected order replaces its earlier
 * version with the change written to the audit log.
 *
 * This file is the import's course: the files in order, one transaction, each
 * file read, checked and written, reported. The stages are in import/: the
 * files' kinds (kinds.ts), how each kind of record is a table row
 * (row-specs.ts), writing and auditing the rows (write.ts).
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import {
  type CalendarDay,
  columnKey,
  createUnitResolver,
  type Fact,
  type FileColumns,
  type HiddenInSheet,
  type HotlineEvent,
  hasUnitAliasColumn,
  type ImportProblem,
  isUnknownUnitProblem,
  type Order,
  ProblemCollector,
  RECORD_FIELDS,
  type ReadProgress,
  type RecordChecks,
  RecordIds,
  type RecordKind,
  type ResemblingColumn,
  readRecordBatches,
  type SheetsRead,
  type SkippedRow,
  storedValueText,
  type Unit,
  unitAliasNames,
} from "@kaohe/data";
import type { Database } from "./client.ts";
import { CorrectionOverlay, type CorrectionReport } from "./corrections.ts";
import { AppError, ErrorCodes } from "./errors.ts";
import { ContentsTally, danglingEvents, EXAMPLE_ROWS, type FileContents } from "./import/contents.ts";
import { IMPORT_ORDER, type ImportFile, resolveFileKind } from "./import/kinds.ts";
import { eventSpec, orderSpec, type TableSpec, unitSpec } from "./import/row-specs.ts";
import {
  audit,
  type ChangeTally,
  type Counts,
  createBatch,
  ensureCategories,
  finishUpdates,
  prepareBatch,
  type Updated,
  upsert,
  upsertCalendar,
  upsertFacts,
  WRITE_BATCH,
  writeBatch,
} from "./import/write.ts";
import { StrippedZeros } from "./import/zero-ids.ts";
import { lastChangeId } from "./import-changes.ts";
import { IMPORT_LOCK, importSessionName, thisRunner, tryImportLock } from "./import-runner.ts";
import { openRaw, type RawDb } from "./raw.ts";
import { placeholders } from "./sql.ts";
import { rebuildWorkdays } from "./workday-sql.ts";

export type { ImportFile } from "./import/kinds.ts";

/**
 * A units file's names and codes against those of the other units once it is stored: a name a stored unit keeps (one
 * the file does not rename), a name that is another unit's code, a code that is another's name. Orders and events name
 * their unit by either, and such a one would go to whichever was found first. (Two rows of the file with one name or
 * code are the file's own problem, reported as it is read.) `stored`: the stored units' codes by name.
 */
function unitClashes(stored: ReadonlyMap<string, string>, units: readonly { row: number; code: string; name: string }[]): Omit<ImportProblem, "file">[] {
  // as orders and events find a unit (createUnitResolver): full-width and half-width alike, spaces aside
  const key = columnKey;
  const inFile = new Set(units.map((u) => u.code));
  const nameOf = new Map([...stored].map(([name, code]) => [code, name]));
  for (const u of units) nameOf.set(u.code, u.name);
  const storedNamed = new Map([...stored].map(([name, code]) => [key(name), { code, name }]));
  const namedByCode = new Map([...nameOf].map(([code, name]) => [key(code), name]));
  const codeNamed = new Map([...nameOf].map(([code, name]) => [key(name), code]));
  const storedCodes = new Map([...stored.values()].map((code) => [code.toLowerCase(), code]));
  const out: Omit<ImportProblem, "file">[] = [];
  for (const u of units) {
    const holder = storedNamed.get(key(u.name));
    if (holder !== undefined && holder.code !== u.code && !inFile.has(holder.code)) {
      const spelled = holder.name === u.name ? "" : `（写作“${holder.name}”，只差全角半角或空格）`;
      // htz01 for HTZ01: a code is matched as written, and this row is another unit of the same name
      const cased =
        holder.code.toLowerCase() === u.code.toLowerCase() ? `；本行的单位编码“${u.code}”与 ${holder.code} 只差字母大小写，编码须与已存储的写法一致` : "";
      // 0301 for a stored 301: the list imported before lost the code's zeros (a number cell; the workbook readers read
      // one formatted 0000 as shown since), its orders stored under 301, and the list with 0301 again was refused with no
      // word of why or what to do (a data clerk's walk)
      const zeros =
        /^\d+$/.test(u.code) && /^\d+$/.test(holder.code) && u.code.replace(/^0+/, "") === holder.code.replace(/^0+/, "")
          ? `；本行的单位编码“${u.code}”与 ${holder.code} 只差开头的 0：已存储的编码多半是以前导入单位名单时开头的 0 被去掉了（编码列是数字单元格）。` +
            `如是同一单位，请按已存储的写法填写编码（${holder.code}），并在“别名”列写上 ${u.code}，写作 ${u.code} 的工单、事件即可识别`
          : "";
      out.push({
        row: u.row,
        column: "单位名称",
        value: u.name,
        reason: `单位名称已被单位 ${holder.code} 使用${spelled}${cased}${zeros}`,
        reasonEn: `unit name already used by unit ${holder.code}`,
      });
    }
    const named = namedByCode.get(key(u.name));
    if (named !== undefined && key(u.name) !== key(u.code)) {
      out.push({
        row: u.row,
        column: "单位名称",
        value: u.name,
        reason: `单位名称与单位“${named}”的编码相同：工单、事件按单位名称或编码找承办单位，会分不清是哪一个`,
        reasonEn: `the unit name is the code of unit ${named}: orders and events name their unit by either`,
      });
    }
    const other = codeNamed.get(key(u.code));
    if (other !== undefined && other !== u.code) {
      out.push({
        row: u.row,
        column: "单位编码",
        value: u.code,
        reason: `单位编码与单位 ${other} 的名称相同：工单、事件按单位名称或编码找承办单位，会分不清是哪一个`,
        reasonEn: `the unit code is the name of unit ${other}: orders and events name their unit by either`,
      });
    }
    // a new code differing from a stored one in letter case only (z13 for Z13), under a name of its own: another unit
    // to the importer, surely a slip (said above when its name is the stored unit's too)
    const cased = storedCodes.get(u.code.toLowerCase());
    if (cased !== undefined && cased !== u.code && !inFile.has(cased) && !stored.has(u.name)) {
      out.push({
        row: u.row,
        column: "单位编码",
        value: u.code,
        reason: `单位编码“${u.code}”与已有单位 ${cased}（${nameOf.get(cased) ?? ""}）只差字母大小写：会成为另一个单位；如是同一单位，请按已存储的写法填写编码`,
        reasonEn: `the unit code ${u.code} differs from stored unit ${cased} in letter case only: it would be another unit`,
      });
    }
  }
  return out;
}

/**
 * A units file's aliases (别名, 简称) against the other units' names, codes and aliases, as the units stand once it is
 * stored, and its units' names and codes against the aliases of the stored units it does not list: orders and events
 * find their unit by any of them, and one name of two units goes to neither or to either (an order handled by 唐山镇
 * and 果里镇 was told to make 唐山镇、果里镇 唐山镇's alias, and the units file giving 唐山镇 the alias 果里镇 was imported
 * without a word: a data review). `known`: the units before the file, a code's last entry its own; `withAliases`:
 * whether the file has an alias column (without one, its units keep the aliases stored).
 */
function aliasClashes(
  known: readonly { code: string; name: string; attributes?: Record<string, string> }[],
  units: readonly { row: number; code: string; name: string; attributes?: Record<string, string> }[],
  withAliases: boolean,
): Omit<ImportProblem, "file">[] {
  // as orders and events find a unit (createUnitResolver): full-width and half-width alike, spaces aside
  const key = columnKey;
  const byCode = new Map<string, { code: string; name: string; attributes?: Record<string, string> }>();
  for (const u of known) byCode.set(u.code, u);
  const inFile = new Set(units.map((u) => u.code));
  for (const u of units) byCode.set(u.code, withAliases ? u : { ...u, attributes: byCode.get(u.code)?.attributes ?? {} });
  /** what each name is, of which unit: its code, its name, one of its aliases */
  const claims = new Map<string, { code: string; name: string; as: "编码" | "名称" | "别名" }[]>();
  const claim = (name: string, unit: { code: string; name: string }, as: "编码" | "名称" | "别名") => {
    const k = key(name);
    if (k === "") return;
    const list = claims.get(k) ?? [];
    if (!list.some((c) => c.code === unit.code)) list.push({ code: unit.code, name: unit.name, as });
    claims.set(k, list);
  };
  for (const u of byCode.values()) {
    claim(u.code, u, "编码");
    claim(u.name, u, "名称");
  }
  for (const u of byCode.values()) for (const { alias } of unitAliasNames(u)) claim(alias, u, "别名");
  // a code is found in any letter case where one unit has it (b01 for B01), and an alias so written would take it
  const codes = new Map([...byCode.values()].map((u) => [key(u.code).toLowerCase(), u]));
  const other = (name: string, code: string) => {
    const claimed = claims.get(key(name))?.find((c) => c.code !== code);
    if (claimed) return claimed;
    const coded = codes.get(key(name).toLowerCase());
    return coded && coded.code !== code ? { code: coded.code, name: coded.name, as: "编码" as const } : undefined;
  };
  const out: Omit<ImportProblem, "file">[] = [];
  for (const u of units) {
    if (withAliases) {
      for (const { column, alias } of unitAliasNames(u)) {
        const holder = other(alias, u.code);
        if (!holder) continue;
        out.push({
          row: u.row,
          column,
          value: alias,
          reason: `${column}“${alias}”是单位“${holder.name}”（${holder.code}）的${holder.as}：工单、事件按单位名称、编码或${column}找承办单位，会分不清是哪一个；请从本行的${column}中删去它${holder.as === "名称" ? "（几个单位共同承办的工单，工单中请只写主办单位，不必写成别名）" : ""}`,
          reasonEn: `the alias ${alias} is the ${holder.as === "编码" ? "code" : holder.as === "名称" ? "name" : "alias"} of unit ${holder.name} (${holder.code}): orders and events name their unit by any of them`,
        });
      }
    }
    // a unit named (or coded) as a stored unit the file does not list is called (said above of a unit in the file)
    for (const [column, name] of [
      ["单位名称", u.name],
      ["单位编码", u.code],
    ] as const) {
      const holder = claims.get(key(name))?.find((c) => c.code !== u.code && c.as === "别名" && !inFile.has(c.code));
      if (!holder) continue;
      out.push({
        row: u.row,
        column,
        value: name,
        reason: `${column}与单位“${holder.name}”（${holder.code}）的别名相同：工单、事件按单位名称、编码或别名找承办单位，会分不清是哪一个；请另取${column === "单位名称" ? "名称" : "编码"}，或先从该单位的别名中删去它`,
        reasonEn: `the unit ${column === "单位名称" ? "name" : "code"} is an alias of unit ${holder.name} (${holder.code})`,
      });
    }
  }
  return out;
}

/** The names units had before they were renamed, oldest first, from the audit log's unit updates (imports and edits). */
async function formerUnitNames(raw: RawDb): Promise<{ code: string; name: string }[]> {
  const rows = await raw.query<{ entityId: string; detail: unknown }>(
    `SELECT "entityId", "detail" FROM "audit_log" WHERE "action" = ${placeholders(raw.provider, 1)} ORDER BY "id"`,
    ["units.update"],
  );
  const out: { code: string; name: string }[] = [];
  for (const r of rows) {
    let detail: unknown = r.detail;
    try {
      // JSON text on SQLite, an object already on PostgreSQL (jsonb)
      if (typeof detail === "string") detail = JSON.parse(detail);
    } catch {
      continue;
    }
    const from = (detail as { changes?: { name?: { from?: unknown } } } | null)?.changes?.name?.from;
    if (typeof from === "string" && from !== "") out.push({ code: r.entityId, name: from });
  }
  return out;
}

/** How far an import is: waiting for another to end, or reading and saving its files. */
export type ImportProgress = ImportWaiting | FileProgress;

/**
 * Another import holds the database's writer (PostgreSQL's import lock, SQLite's one writer: imports into one database
 * go one after another, whatever process runs them) and this one waits for it to end; nothing read yet. A wait of
 * minutes behind another's million rows showed nothing at all (the console's bar still, the command line silent).
 */
interface ImportWaiting {
  phase: "waiting";
  fraction: 0;
}

export interface FileProgress {
  file: string;
  kind: RecordKind;
  /**
   * rows read so far, counted as the file's report counts them (below the header, a workbook's sheets together; blank
   * rows, totals and footnotes not counted): the count said while reading ends at the report's
   */
  rows: number;
  bytesRead: number;
  totalBytes: number;
  /** 0–1 over all files of the call */
  fraction: number;
  /**
   * reading: the file is read and checked (its rows written as they go, uncommitted); saving: the file is read, what
   * is left is written and, after the last file, the whole import committed (a million rows: tens of seconds at
   * 100%, and nothing counts until it is done)
   */
  phase: "reading" | "saving";
}

export interface ImportOptions {
  actor: string;
  /** where the import came from (the audit log's 地址) */
  address?: string | null;
  onProgress?: (p: ImportProgress) => void;
  /** problems kept in the report (the count is always exact) */
  maxProblems?: number;
  /**
   * An order or event id given again in this import (in one file or across its files) with other content:
   * the later row wins. Default false: that is a problem naming both rows, and nothing is stored.
   */
  laterRowWins?: boolean;
  /**
   * Checks of the records beyond their cells (@kaohe/services: a fact's value against the type its item has in the
   * rubric in force). What they find is a problem like any other: nothing is stored.
   */
  checks?: RecordChecks;
  /**
   * The import's own id in the audit log (the console's import job's id): \`import.started\` is written under it before
   * anything else, and one closing entry after (\`IMPORT_CLOSINGS\`); a start without one is an import the process died
   * in. Default: a new one.
   */
  runId?: string;
  /**
   * Asked in the import's transaction just before it commits, every file written, with the stored units whose
   * category it changed (@kaohe/services: units the rubric in force assesses moved to a category it does not know).
   * What it returns is to be confirmed by the user first: the import is then rolled back, nothing stored, and the
   * result says so (`confirm`); null commits it.
   */
  beforeCommit?: (changes: ImportChanges) => Promise<ImportConfirmation | null> | ImportConfirmation | null;
}

/** What an import is about to commit that `beforeCommit` looks at: the stored units whose category it changed. */
export interface ImportChanges {
  categoryChanges: { code: string; name: string; from: string; to: string }[];
}

/** Why an import waits for the user's confirmation (nothing of it stored until then). */
export interface ImportConfirmation {
  /** how many records it is about (units) */
  count: number;
  zh: string;
  en: string;
}

/**
 * The audit log's entries that close an import started (\`import.started\`), under its id: done (written in its
 * transaction, so present exactly when its data is), refused, failed, or found interrupted when the server started again.
 */
export const IMPORT_CLOSINGS = ["import.finished", "import.refused", "import.failed", "import.interrupted"] as const;

export interface FileReport {
  file: string;
  kind: RecordKind;
  hash: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** rows that repeated an earlier row of this import exactly (same id, same content), counted once */
  duplicatesCollapsed: number;
  /** rows replaced by a later row with the same id (only with `laterRowWins`) */
  duplicatesReplaced: number;
  /**
   * The first few of those rows (`REPEATS_LISTED` of each kind), with the id and the earlier row they repeat (its
   * file or sheet when another): the notices said only how many (a data review)
   */
  repeats: RepeatedRow[];
  /**
   * Rows that say themselves they are no record — a total (合计), a footnote (制表人：), the header repeated — left out:
   * the first `SKIPPED_LISTED` of them (`skippedRows` counts all).
   */
  skipped: SkippedRow[];
  skippedRows: number;
  /** extra columns named like an optional column the file lacks (办结日期 for 办结时间), for the warnings of @kaohe/services */
  resembling: readonly ResemblingColumn[];
  /** the optional columns of an orders or events file it has no column for (its new records have no value of them) */
  lacking: readonly string[];
  /** the extra columns of a facts or holidays file, which keeps none (备注 beside 值): told of, not stored */
  unkept: readonly string[];
  /**
   * What the file's sheets hid, read all the same: the records read from hidden rows (by hand or by a filter), how many,
   * the first few rows and the first few runs of rows hidden one after another (`[5, 316]`); whether a filter is in
   * force on a sheet read; the columns read that a sheet hides (with the sheet, where the workbook has several)
   */
  hidden: {
    count: number;
    rows: number[];
    runs: [number, number][];
    filtered: boolean;
    columns: (HiddenInSheet["columns"][number] & { sheet: string | null })[];
  };
  /**
   * Of a workbook of more than one sheet: the sheets read, with their rows, and those not read (a workbook's rows may
   * be on a sheet not read, and the report said only how many rows: a data clerk asked which sheet was read). Null for
   * a file of one table.
   */
  sheets: SheetsRead | null;
  batchId: number | null;
  /** accepted corrections of records in this file: kept against another value in the file, or closed as the file now agrees */
  corrections: CorrectionReport[];
  /**
   * What the records it updated changed: each column (by its key: closedAt, unit, attributes …) and how many records'
   * value of it changed, most first, with the first few records of each and their values before and after (as
   * people read them); the first few records moved to another unit, by the units' names
   */
  changed: { column: string; label: string; count: number; examples: ChangeExample[] }[];
  reassigned: { id: string; from: string; to: string }[];
  /** what the file's records name (event types, items, categories, extra columns…), for the warnings of @kaohe/services */
  contents: FileContents;
}

export type ImportResult =
  | { ok: true; files: FileReport[] }
  | {
      ok: false;
      problems: ImportProblem[];
      problemCount: number;
      files: Pick<FileReport, "file" | "kind" | "rows">[];
      /** no problem, but `beforeCommit` asked for the user's confirmation first: nothing was stored */
      confirm?: ImportConfirmation;
    };

async function fileHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

class Rollback extends Error {}

/** The import rolled back to be confirmed first (`beforeCommit`). */
class Unconfirmed extends Error {
  constructor(readonly confirm: ImportConfirmation) {
    super(confirm.en);
  }
}

/** A row that repeated an earlier row's id: the same row again (merged), or, with `laterRowWins`, the row that replaced it. */
interface RepeatedRow {
  row: number;
  id: string;
  kind: "identical" | "replaces";
  /** the earlier row: its file (or sheet) when not this file's */
  earlier: { file: string | null; row: number };
}

/** Repeated rows listed per file and kind (the counts are exact). */
const REPEATS_LISTED = 5;

/** One record an update changed, in one column: its id (a unit's code, an order's 工单编号) and the values as people read them. */
interface ChangeExample {
  id: string;
  from: string;
  to: string;
}

/** Longest value a change example shows (a 诉求内容 of pages is cut, with its length). */
const CHANGE_SHOWN = 40;

/**
 * A stored value as the import's report shows it: 是/否, a time to the second (two moments a minute apart differ), a
 * deadline at its day's end as the day alone, 空 for none, a unit by its name; of the extra columns (attributes,
 * one JSON object) the keys that differ, 联系电话：… each side.
 */
function changeExample(kind: RecordKind, column: string, key: string, from: unknown, to: unknown, unitName: (code: string) => string): ChangeExample {
  const field = RECORD_FIELDS[kind].find((f) => f.key === column);
  const cut = (text: string) => (text.length > CHANGE_SHOWN ? `${text.slice(0, CHANGE_SHOWN)}…（共 ${text.length} 个字符）` : text);
  const shown = (v: unknown): string => cut(storedValueText(field?.type, v, { unitName }));
  if (column !== "attributes") return { id: key, from: shown(from), to: shown(to) };
  const parse = (v: unknown): Record<string, unknown> => {
    const o = typeof v === "string" ? (JSON.parse(v) as unknown) : v;
    return o && typeof o === "object" ? (o as Record<string, unknown>) : {};
  };
  const [a, b] = [parse(from), parse(to)];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);
  const side = (o: Record<string, unknown>) => keys.map((k) => `${k}：${shown(o[k])}`).join("，");
  return { id: key, from: side(a), to: side(b) };
}

/** A column of a record as its file heads it (办结时间 for closedAt); the extra columns all together. */
function columnLabel(kind: RecordKind, column: string): string {
  if (column === "attributes") return "其他列";
  return RECORD_FIELDS[kind].find((f) => f.key === column)?.zh ?? column;
}

/** The rows a file's report lists of those it left out as no record (the count is always exact). */
const SKIPPED_LISTED = 20;

/** Records with the accepted corrections laid over them. */
const overlaid = <T extends { id: string }>(overlay: CorrectionOverlay, records: T[]): T[] => (overlay.empty ? records : records.map((r) => overlay.apply(r)));

/**
 * Import files in one transaction (units first, then orders, events, facts).
 * Any problem in any file rolls everything back and returns every problem.
 */
export async function importFiles(db: Pick<Database, "url">, files: ImportFile[], options: ImportOptions): Promise<ImportResult> {
  // bulk inserts land all over the orders table (kept in unit order) and the id index: a large page cache for this
  // one connection keeps them in memory (measured on 1,000,000 orders: 68k rows/s with 64 MiB, 114k with 256 MiB);
  // on SQLite the connection has a thread of its own, which writes a batch while this one reads and checks the next
  // (its file not mapped: raw.ts, RawOptions.mapped)
  const runId = options.runId ?? randomUUID();
  // its connections to PostgreSQL named by its id: a server starting meanwhile, on any machine, sees it running (import-runner.ts)
  const raw = openRaw(db.url, { cacheMiB: 256, thread: true, mapped: false, session: importSessionName(runId) });
  const names = files.map((f) => f.name ?? basename(f.path));
  try {
    // said once, whichever write of it waits (SQLite's one writer, PostgreSQL's import lock)
    const waiting = once(() => options.onProgress?.(WAITING));
    // committed before the import's own transaction: a process killed during the import leaves this start with no
    // closing entry, and the next start of the server says that import was interrupted (nothing of it was stored)
    // with the process it runs in: a server starting meanwhile does not take it for interrupted (import-runner.ts);
    // on SQLite once another import's writer is free, as the import's transaction waits for it
    await whenWriterFree(raw, waiting, () => audit(raw, options, "import.started", "import_batches", runId, { files: names, ...thisRunner() }));
    let result: ImportResult;
    try {
      // with the batches it kept, by id: what it stored, whatever other imports stored while it waited (endedImport)
      result = await importWith(raw, files, options, waiting, (batchIds) =>
        audit(raw, options, "import.finished", "import_batches", runId, { files: names, batchIds }),
      );
    } catch (err) {
      // (best effort: a database gone away fails this too, and the import is then told as interrupted)
      await audit(raw, options, "import.failed", "import_batches", runId, { files: names }).catch(() => {});
      throw err;
    }
    await auditUnstored(raw, runId, names, result, options);
    // fresh statistics let the planner choose between the receipt-time index and a plain scan
    if (result.ok && result.files.some((f) => f.inserted > 0 || f.updated > 0)) {
      // on SQLite from a sample of each index (analysis_limit): the planner needs proportions, not exact counts
      if (raw.provider === "sqlite") await raw.execute("PRAGMA analysis_limit = 1000");
      await raw.execute(raw.provider === "sqlite" ? "ANALYZE" : `ANALYZE "orders", "events", "units"`);
    }
    return result;
  } finally {
    await raw.close();
  }
}

/**
 * An import that stored nothing leaves no batch, but is recorded in the audit log (after the transaction, which a
 * refusal rolled back): refused, with its files and the number of problems; or a file that changed nothing.
 */
async function auditUnstored(raw: RawDb, runId: string, names: string[], result: ImportResult, options: ImportOptions): Promise<void> {
  if (!result.ok) {
    await audit(raw, options, "import.refused", "import_batches", runId, {
      files: names,
      problems: result.problemCount,
      ...(result.confirm ? { unconfirmed: result.confirm.zh } : {}),
    });
    return;
  }
  for (const f of result.files) {
    if (f.batchId !== null) continue;
    await audit(raw, options, "import.unchanged", "import_batches", "", { file: f.file, kind: f.kind, rows: f.rows, hash: f.hash });
  }
}

const fileNames = new Intl.Collator("zh-CN", { numeric: true });

/** File names in natural order (2 before 10), each without its extension (导出.xlsx before 导出 (1).xlsx). */
function byFileName(a: string, b: string): number {
  const stem = (name: string) => name.replace(/\.[^./\\]*$/, "");
  return fileNames.compare(stem(a), stem(b)) || fileNames.compare(a, b);
}

const WAITING: ImportWaiting = { phase: "waiting", fraction: 0 };

/** How long a SQLite connection waits for the writer another holds (its `timeout` where it is opened, raw.ts). */
const SQLITE_BUSY_MS = 30_000;

/**
 * A writer held this long is another import's, not a sign-in's or an audit entry's (over within it): only then is the
 * import said to wait (it said 等待另一个导入完成 behind a sign-in: a review).
 */
const WRITER_HELD_MS = 1000;

/** How long an import waits for another's writer at most: past it, it is refused, nothing stored. */
const WAIT_AT_MOST_MS = 30 * 60_000;

const isBusy = (err: unknown) => (err as { code?: unknown }).code === "SQLITE_BUSY";

/**
 * Whether another connection holds SQLite's one writer for `ms` more (a write would wait for it): asked by beginning a
 * write that waits that long (and ending it at once).
 */
async function sqliteWriterHeld(raw: RawDb, ms: number): Promise<boolean> {
  await raw.execute(`PRAGMA busy_timeout = ${ms}`);
  try {
    await raw.transaction(async () => {});
    return false;
  } catch (err) {
    if (isBusy(err)) return true;
    throw err;
  } finally {
    await raw.execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_MS}`);
  }
}

/**
 * `write` once SQLite's one writer is free, however long another import holds it (a million rows take minutes; a
 * connection's own wait ends after 30 s, and the import died with SQLite's "database is locked" and a stack after
 * saying it waited: a review), `waiting` called once it has waited past a moment. `write` is run again only when it
 * failed on the busy writer before it began (`begun`: called by `write` once it holds the writer). Refused, nothing
 * stored, after 30 minutes. PostgreSQL: `write` at once (its import lock is waited for in the transaction).
 */
async function whenWriterFree<T>(raw: RawDb, waiting: () => void, write: (begun: () => void) => Promise<T>): Promise<T> {
  if (raw.provider !== "sqlite") return write(() => {});
  const until = Date.now() + WAIT_AT_MOST_MS;
  for (;;) {
    if (Date.now() > until) {
      throw new AppError(
        ErrorCodes.Conflict,
        "另一个导入已占用数据库超过 30 分钟，本次导入没有开始，没有导入任何数据：请在它完成后重新导入",
        "another import has held the database for over 30 minutes; this one did not begin and imported nothing",
      );
    }
    if (await sqliteWriterHeld(raw, WRITER_HELD_MS)) {
      waiting();
      continue;
    }
    let started = false;
    try {
      return await write(() => {
        started = true;
      });
    } catch (err) {
      // another took the writer between the look and the write: waited for as well
      if (started || !isBusy(err)) throw err;
      waiting();
    }
  }
}

/** `f` called the first time only. */
function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}

/**
 * \`finished\`: written last in the transaction when the import is kept (its closing entry in the audit log), with the
 * ids of the batches it kept.
 */
async function importWith(
  raw: RawDb,
  files: ImportFile[],
  options: ImportOptions,
  waiting: () => void,
  finished: (batchIds: number[]) => Promise<void>,
): Promise<ImportResult> {
  const maxProblems = options.maxProblems ?? 10_000;
  // the same problem on many rows is kept once with its rows: the cap leaves room for the problems after it
  const collected = new ProblemCollector(maxProblems);
  const problems = collected.problems;
  let problemCount = 0;
  const planned: { path: string; name: string; kind: RecordKind | undefined }[] = [];
  for (const f of files) {
    // a name that does not tell: the header does (a header of another kind than the name says is reported when read)
    const resolved = await resolveFileKind(f);
    if (resolved.problem) {
      collected.add(resolved.problem);
      problemCount++;
    }
    planned.push({ path: f.path, name: f.name ?? basename(f.path), kind: resolved.kind });
  }
  if (problemCount > 0) return { ok: false, problems, problemCount, files: [] };
  // units first, then what refers to them; files of one kind by name, so that of two exports the later (工单2018-12 before
  // 工单2019-01, 导出 before 导出 (1)) is read later, and with laterRowWins its rows win whatever order they were chosen in
  planned.sort((a, b) => IMPORT_ORDER.indexOf(a.kind as RecordKind) - IMPORT_ORDER.indexOf(b.kind as RecordKind) || byFileName(a.name, b.name));

  const { statSync } = await import("node:fs");
  const sizes = planned.map((f) => statSync(f.path).size);
  const totalBytes = sizes.reduce((s, x) => s + x, 0) || 1;
  let bytesBefore = 0;
  const reports: Omit<FileReport, "contents">[] = [];
  const seen: Pick<FileReport, "file" | "kind" | "rows">[] = [];
  // order and event ids across all files of the call
  const ids = new RecordIds(options.laterRowWins ?? false);
  const tallies: ContentsTally[] = [];

  try {
    await whenWriterFree(raw, waiting, (begun) =>
      raw.transaction(async () => {
        begun();
        // imports into one database one after another, whatever process runs them (the server, the command line): SQLite's
        // BEGIN IMMEDIATE holds the one writer; on PostgreSQL two imports of the same new ids each found them new, and the
        // later one's insert failed on the key (the driver's "duplicate key value…" and a stack), so this one waits for the
        // other's commit before it reads anything stored (import-concurrent.test.ts) — and says it waits
        if (!(await tryImportLock(raw))) {
          waiting();
          await raw.query(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
        }
        // (with their attributes: a units file's 别名 column names what else orders may call a unit)
        const units = (
          await raw.query<{ code: string; name: string; category: string; attributes: unknown }>(`SELECT "code", "name", "category", "attributes" FROM "units"`)
        ).map((u) => ({ ...u, attributes: (typeof u.attributes === "string" ? JSON.parse(u.attributes) : (u.attributes ?? {})) as Record<string, string> }));
        // the stored units' categories as they were: what `beforeCommit` is told the import changed
        const storedCategories = new Map(units.map((u) => [u.code, u.category]));
        /** a unit's name by its code, as the units now stand (a file's new units among them) */
        const unitName = (code: string) => units.findLast((u) => u.code === code)?.name ?? code;
        // every units file of this call adds to what later files may refer to
        // names units had before they were renamed: a reference to one (an old export) is told whose it was
        const formerNames = await formerUnitNames(raw);
        let resolveUnit = createUnitResolver(units, formerNames);
        // accepted corrections stand over what the files say (reported, never undone silently)
        const overlays = { orders: await CorrectionOverlay.load(raw, "orders"), events: await CorrectionOverlay.load(raw, "events") };
        // a units file of this call that failed: the files after it do not know its units, and each row naming one fails
        // to find it — counted, and said in one line per file (563 such rows buried the units file's own problem: a new
        // county's walk)
        let unitsFailed: string | null = null;
        for (const [index, f] of planned.entries()) {
          const kind = f.kind as RecordKind;
          const problemsBefore = problemCount;
          const unfound = { count: 0, first: null as ImportProblem | null };
          const hash = await fileHash(f.path);
          const batch = { id: await createBatch(raw, kind, f.name, hash, options.actor) };
          const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
          const changeTally: ChangeTally = { columns: new Map(), examples: new Map() };
          const tally = new ContentsTally(kind);
          // ids that lost their leading zeros in a spreadsheet (20181200001 for the stored 020181200001): a problem
          const zeros = kind === "orders" || kind === "events" ? await StrippedZeros.start(raw, kind) : null;
          let rows = 0;
          let headerRow = 1;
          let duplicatesCollapsed = 0;
          let duplicatesReplaced = 0;
          const repeated: RepeatedRow[] = [];
          const skipped: SkippedRow[] = [];
          let skippedRows = 0;
          const hidden: FileReport["hidden"] = { count: 0, rows: [], runs: [], filtered: false, columns: [] };
          const onHidden = (sheet: HiddenInSheet) => {
            hidden.filtered ||= sheet.filtered;
            for (const c of sheet.columns) hidden.columns.push({ ...c, sheet: sheet.sheet });
          };
          /** a record read from a hidden row: counted, its row among the first few, and in its run of hidden rows */
          const hiddenRow = (row: number) => {
            if (hidden.count++ < EXAMPLE_ROWS) hidden.rows.push(row);
            const run = hidden.runs.at(-1);
            if (run && run[1] === row - 1) run[1] = row;
            else if (hidden.runs.length <= EXAMPLE_ROWS) hidden.runs.push([row, row]);
          };
          // the rows said read are those checked so far, counted as the report counts them (`rows`: below the header, a
          // workbook's sheets together, blank rows, totals and footnotes not counted): an .xls said 846 行 while read, by
          // the number of its last row, and its report 844
          let bytesSoFar = 0;
          let fileBytes = sizes[index] ?? 0;
          const progress = (phase: FileProgress["phase"]) =>
            options.onProgress?.({
              file: f.name,
              kind,
              rows,
              bytesRead: bytesSoFar,
              totalBytes: fileBytes,
              fraction: Math.min(1, (bytesBefore + bytesSoFar) / totalBytes),
              phase,
            });
          const onProgress = (p: ReadProgress) => {
            bytesSoFar = p.bytesRead;
            fileBytes = p.totalBytes;
            progress("reading");
          };
          // said before the file's first row: opening a large workbook (its shared strings) takes seconds, which the
          // previous file's "saving" stood for (18.9 MB: 11 s of 保存中 before 已读 5,019 行, a county's walk)
          progress("reading");
          let sheets: SheetsRead | null = null;
          const newUnits: Unit[] = [];
          const updated: Updated = new Set();
          // the notes this file's updates make come after these (finishUpdates reads them back from here)
          const notesAfter = await lastChangeId(raw);
          // a unit's name and code must not be another unit's (unitClashes): the stored units' codes by name
          const holders =
            kind === "units"
              ? new Map((await raw.query<{ code: string; name: string }>(`SELECT "code", "name" FROM "units"`)).map((u) => [u.name, u.code]))
              : null;
          // the columns the file has: a stored record keeps its values of the others
          let fileColumns: FileColumns | null = null;
          /** the units file's units by row, checked against the stored ones once the file is read (unitClashes) */
          const fileUnits: { row: number; code: string; name: string; attributes: Record<string, string> }[] = [];
          let pending: unknown[] = [];
          // orders and events are written while the next batch is read and checked: one batch in flight at most (the
          // database works while this process parses; memory stays flat), each batch written after the one before it
          let writing: Promise<void> | null = null;
          const written = async () => {
            const w = writing;
            writing = null;
            if (w) await w;
          };
          const flush = async () => {
            const good = pending;
            pending = [];
            if (problemCount > 0 || good.length === 0) return;
            if (kind === "orders" || kind === "events") {
              // made ready while the batch before is still being written, then written after it
              const spec = (kind === "orders" ? orderSpec : eventSpec) as unknown as TableSpec<{ id: string }>;
              const prepared = prepareBatch(spec, overlaid(overlays[kind], good as (Order | HotlineEvent)[]), raw.provider);
              await written();
              const write = writeBatch(raw, spec, prepared, batch.id, counts, updated, fileColumns);
              // awaited by the next flush (or below); a failure is thrown there
              write.catch(() => {});
              writing = write;
              return;
            }
            await written();
            if (kind === "units") {
              newUnits.push(...(good as Unit[]));
              await ensureCategories(
                raw,
                (good as Unit[]).map((u) => u.category),
                options,
                batch.id,
              );
              await upsert(raw, unitSpec, good as Unit[], batch.id, counts, updated, fileColumns);
            } else if (kind === "calendar") await upsertCalendar(raw, good as CalendarDay[], batch.id, options, counts);
            else await upsertFacts(raw, good as Fact[], batch.id, options, counts, changeTally);
          };
          try {
            for await (const checked of readRecordBatches(f.path, kind, {
              resolveUnit: kind === "units" ? undefined : resolveUnit,
              onProgress,
              fileLabel: f.name,
              ids,
              checks: options.checks,
              onHidden,
              onSheets: (read) => {
                sheets = read;
              },
              onColumns: (columns) => {
                fileColumns = columns;
                headerRow = columns.headerRow;
              },
            })) {
              const good: unknown[] = [];
              for (const row of checked) {
                if (row.skipped && row.problems.length === 0) {
                  if (skippedRows++ < SKIPPED_LISTED) skipped.push(row.skipped);
                  continue;
                }
                // the data rows: below the header (title rows above it are not data), blank ones not read at all
                if (row.row > headerRow || row.record) rows++;
                if (row.problems.length > 0) {
                  problemCount += row.problems.length;
                  // its id, read soundly, is still checked against the stored ones: told now, not after the row is put right
                  if (row.soundId !== undefined) zeros?.add(row.soundId, row.row);
                  if (unitsFailed !== null && row.problems.every(isUnknownUnitProblem)) {
                    unfound.count++;
                    unfound.first ??= row.problems[0] as ImportProblem;
                  } else for (const p of row.problems) collected.add(p);
                } else if (row.record) {
                  if (row.repeat && (row.repeat === "identical" ? duplicatesCollapsed : duplicatesReplaced) < REPEATS_LISTED) {
                    const earlier = row.repeatOf ?? { file: f.name, row: 0 };
                    repeated.push({
                      row: row.row,
                      id: (row.record as Order | HotlineEvent).id,
                      kind: row.repeat,
                      earlier: { file: earlier.file === f.name ? null : earlier.file, row: earlier.row },
                    });
                  }
                  if (row.repeat === "identical") {
                    duplicatesCollapsed++;
                    continue;
                  }
                  if (row.repeat === "replaces") duplicatesReplaced++;
                  if (row.hidden) hiddenRow(row.row);
                  good.push(row.record);
                  // (a row replacing one of another file of the import is this file's first of its id)
                  tally.add(row.record, row.row, row.midnightDeadline === true, row.repeat === "replaces" && row.repeatOf?.file === f.name);
                  zeros?.add((row.record as Order | HotlineEvent).id, row.row);
                  if (holders) {
                    const { code, name, attributes } = row.record as Unit;
                    fileUnits.push({ row: row.row, code, name, attributes });
                  }
                }
              }
              // the rows of the batch just checked, said as counted
              progress("reading");
              // once anything is wrong nothing will be kept: just keep checking
              if (problemCount > 0) continue;
              pending.push(...good);
              // units (a short list) are written when the whole file is known
              if (pending.length >= WRITE_BATCH && kind !== "units") await flush();
            }
          } catch (err) {
            // a file that cannot be read: the write in flight ends (either way) before the transaction is rolled back
            await written().catch(() => {});
            throw err;
          }
          // read: the rest of the file is written (and after the last file, the whole import committed); its rows as counted
          bytesSoFar = sizes[index] ?? 0;
          fileBytes = bytesSoFar;
          progress("saving");
          const columns = fileColumns as FileColumns | null;
          const resembling = columns?.resembling ?? [];
          const lacking =
            columns && (kind === "orders" || kind === "events")
              ? RECORD_FIELDS[kind].filter((spec) => !columns.fields.has(spec.key)).map((spec) => spec.key)
              : [];
          // a facts or holidays file keeps no extra column (their tables have none): its names, to say so
          const unkept = columns && (kind === "facts" || kind === "calendar") ? [...columns.attributes] : [];
          if (holders) {
            for (const p of [...unitClashes(holders, fileUnits), ...aliasClashes(units, fileUnits, hasUnitAliasColumn(columns?.attributes ?? []))]) {
              problemCount++;
              collected.add({ file: f.name, ...p });
            }
          }
          if (unfound.first) {
            const first = unfound.first;
            collected.add({
              ...first,
              // the rows it stands for (counted all the same)
              rows: { count: unfound.count, listed: [first.row] },
              value: `${unfound.count.toLocaleString("zh-CN")} 行`,
              reason: `第 ${first.row} 行起共 ${unfound.count.toLocaleString("zh-CN")} 行的单位找不到：本次导入的单位名单“${unitsFailed}”有问题（见上），其中的单位都未读入；请先改正单位名单，再与本文件一同导入`,
              reasonEn: `${unfound.count} row(s) from row ${first.row} name a unit not found: the units file ${unitsFailed} of this import has problems and none of its units were read`,
            });
          }
          if (kind === "units" && problemCount > problemsBefore) unitsFailed ??= f.name;
          await flush();
          await written();
          // once every row of the file is written (or, with problems, none after the first): its new records are known
          for (const p of zeros ? await zeros.problems(raw, f.name, batch.id, updated) : []) {
            problemCount++;
            collected.add(p);
          }
          if (problemCount === 0 && updated.size > 0) {
            const spec = kind === "units" ? unitSpec : kind === "orders" ? orderSpec : eventSpec;
            await finishUpdates(raw, spec as TableSpec<unknown>, batch.id, notesAfter, options, counts, changeTally);
          }
          if (kind === "calendar" && problemCount === 0 && (counts.inserted > 0 || counts.updated > 0)) {
            // the day table the push-down reads follows the calendar; a calendar import is not undone (it is corrected by
            // importing the right rows again)
            await rebuildWorkdays(raw);
            await raw.execute(`UPDATE "import_batches" SET "undoable" = ${placeholders(raw.provider, 1)} WHERE "id" = ${placeholders(raw.provider, 1, 2)}`, [
              raw.bool(false),
              batch.id,
            ]);
          }
          if (kind === "units") {
            units.push(...newUnits);
            resolveUnit = createUnitResolver(units, formerNames);
          }
          bytesBefore += sizes[index] ?? 0;
          seen.push({ file: f.name, kind, rows });
          if (problemCount > 0) continue;
          tallies.push(tally);
          const unchanged = counts.inserted === 0 && counts.updated === 0;
          const overlay = kind === "orders" || kind === "events" ? overlays[kind] : null;
          const corrections = overlay ? await overlay.finish(raw, unchanged ? null : batch.id) : [];
          for (const c of corrections) {
            await audit(raw, options, c.outcome === "kept" ? "correction.kept" : "correction.confirmed", "corrections", String(c.correctionId), {
              file: f.name,
              batchId: unchanged ? null : batch.id,
              record: c.record,
              recordId: c.recordId,
              field: c.field,
              fileValue: c.fileValue,
              corrected: c.corrected,
            });
          }
          const report = {
            file: f.name,
            kind,
            hash,
            rows,
            ...counts,
            duplicatesCollapsed,
            duplicatesReplaced,
            repeats: repeated,
            skipped,
            skippedRows,
            resembling,
            lacking,
            unkept,
            hidden,
            sheets,
            corrections,
            changed: [...changeTally.columns]
              .map(([column, count]) => ({
                column,
                label: columnLabel(kind, column),
                count,
                examples: (changeTally.examples.get(column) ?? []).map((e) =>
                  // a fact by its unit's name, its year (or month) and item: 唐山镇 2018 领导小组, not HTZ01/2018/领导小组
                  changeExample(
                    kind,
                    column,
                    kind === "facts" ? e.key.replace(/^([^/]+)\/([^/]+)\//, (_, code: string, period: string) => `${unitName(code)} ${period} `) : e.key,
                    e.from,
                    e.to,
                    unitName,
                  ),
                ),
              }))
              .sort((a, b) => b.count - a.count),
            // by the units' names as the file and the console call them (codes said nothing to a reader)
            reassigned: (changeTally.examples.get("unit") ?? []).map((m) => ({ id: m.key, from: unitName(String(m.from)), to: unitName(String(m.to)) })),
          };
          if (unchanged) {
            // nothing changed: leave no trace (re-importing a file changes nothing)
            await raw.execute(`DELETE FROM "import_changes" WHERE "batchId" = ${placeholders(raw.provider, 1)}`, [batch.id]);
            await raw.execute(`DELETE FROM "import_batches" WHERE "id" = ${placeholders(raw.provider, 1)}`, [batch.id]);
            reports.push({ ...report, batchId: null });
            continue;
          }
          await raw.execute(
            `UPDATE "import_batches" SET "rows" = ${placeholders(raw.provider, 1)}, "inserted" = ${placeholders(raw.provider, 1, 2)}, "updated" = ${placeholders(raw.provider, 1, 3)}, "unchanged" = ${placeholders(raw.provider, 1, 4)} WHERE "id" = ${placeholders(raw.provider, 1, 5)}`,
            [rows, counts.inserted, counts.updated, counts.unchanged, batch.id],
          );
          const repeats = {
            ...(duplicatesCollapsed > 0 ? { duplicatesCollapsed } : {}),
            ...(duplicatesReplaced > 0 ? { duplicatesReplaced } : {}),
            ...(skippedRows > 0 ? { skippedRows } : {}),
          };
          const kept = corrections.filter((c) => c.outcome === "kept").length;
          const confirmed = corrections.length - kept;
          await audit(raw, options, `import.${kind}`, "import_batches", String(batch.id), {
            file: f.name,
            hash,
            rows,
            ...counts,
            ...repeats,
            ...(corrections.length > 0 ? { corrections: { kept, confirmed } } : {}),
          });
          reports.push({ ...report, batchId: batch.id });
        }
        if (problemCount > 0) throw new Rollback();
        // the orders a month's re-export lacks that the store keeps (voided or merged on the platform): told of, not removed
        for (const tally of tallies)
          await tally.checkMissing(
            raw,
            tallies.filter((other) => other !== tally),
          );
        // an event's 关联工单 is looked for once every file is written: it may be an order of a later file of the call
        if (tallies.some((t) => t.links.size > 0)) {
          const dangling = await danglingEvents(raw);
          for (const tally of tallies) tally.checkLinks(dangling);
        }
        if (options.beforeCommit) {
          const categoryChanges = planned.some((f) => f.kind === "units") ? await changedCategories(raw, storedCategories) : [];
          const confirm = await options.beforeCommit({ categoryChanges });
          if (confirm) throw new Unconfirmed(confirm);
        }
        await finished(reports.flatMap((r) => (r.batchId === null ? [] : [r.batchId])));
      }),
    );
  } catch (err) {
    if (err instanceof Rollback) return { ok: false, problems, problemCount, files: seen };
    if (err instanceof Unconfirmed) return { ok: false, problems: [], problemCount: 0, files: seen, confirm: err.confirm };
    throw err;
  }
  return { ok: true, files: reports.map((r, i) => ({ ...r, contents: (tallies[i] as ContentsTally).report() })) };
}

/** The stored units (as `before` had them, by code) whose category the import's transaction has changed, by code. */
async function changedCategories(raw: RawDb, before: ReadonlyMap<string, string>): Promise<ImportChanges["categoryChanges"]> {
  const now = await raw.query<{ code: string; name: string; category: string }>(`SELECT "code", "name", "category" FROM "units" ORDER BY "code"`);
  return now.flatMap((u) => {
    const from = before.get(u.code);
    return from !== undefined && from !== u.category ? [{ code: u.code, name: u.name, from, to: u.category }] : [];
  });
}

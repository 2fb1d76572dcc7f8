/**
 * Order (event) ids that lost their leading zeros in a spreadsheet: a platform's CSV opened in Excel, WPS or
 * LibreOffice and saved as a workbook holds 020181200001 as the number 20181200001. Imported, each was a new order
 * beside the stored one (a month's 892 orders twice, each scored), told of only by the warning that the stored ones
 * were not in the file, which suggested undoing the batch that brought them (a county's walk). The importer already
 * says so of a unit code (read-records.ts, unknownUnitReason) and of an id of more than 15 digits; this is the same
 * for the ids of orders and events, against the ids stored.
 *
 * A new record whose id is digits alone (not starting with 0) and is a stored id of its kind without its leading zeros
 * is a problem: nothing is stored. Found without a probe per row: the file's such ids are kept (only when ids starting
 * with 0 are stored at all: a platform of plain numbers keeps none), and the stored ids starting with 0 are read once
 * after the file, a page at a time, each looked up without its zeros; the few found are then checked to be new.
 *
 * The other way round too: a new record whose id is digits starting with 0 and is, without its zeros, a stored id (the
 * workbook read first, 20181100001 stored; then the platform's CSV, 020181100001). Each was stored twice, both scored,
 * with no word (a data clerk's walk). The file's such ids are kept only when ids of digits alone, not starting with 0,
 * are stored at all (a platform whose ids all start with 0 stores none until a workbook has lost their zeros), and are
 * looked up without their zeros after the file, a page at a time.
 *
 * A row with problems of its own in other columns is looked at too (its id read soundly): the id's problem is told
 * with them, not after they are put right (the same clerk's walk needed a second import to hear of it).
 */
import { type ImportProblem, RECORD_FIELDS } from "@kaohe/data";
import type { RawDb, Row } from "../raw.ts";
import { ident, param, placeholders } from "../sql.ts";
import { EXAMPLE_ROWS } from "./contents.ts";
import { existingRows, WRITE_BATCH } from "./write.ts";

/** Pairs a problem names (the count is always exact). */
const PAIRS_LISTED = 3;

/** Digits alone, not starting with 0: what a number cell reads as (cellText), and what an id without its zeros is. */
const PLAIN_NUMBER = /^[1-9]\d*$/;
/** Digits starting with 0, not zeros alone: an id that may be a stored one with its zeros. */
const ZERO_LED = /^0+[1-9]\d*$/;

/**
 * The stored ids starting with 0, a page after `after`: by the id index's range ['0', '1'), which holds every text
 * starting with 0 in byte order (SQLite) and in a locale's too (PostgreSQL); the few others a locale puts there are
 * left out by the caller.
 */
function zeroLedPage(raw: RawDb, table: string, after: string | null, limit: number): Promise<{ id: string }[]> {
  const p = (i: number) => param(raw.provider, i);
  const from = after === null ? `"id" >= ${p(1)}` : `"id" > ${p(1)}`;
  return raw.query<{ id: string }>(`SELECT "id" FROM ${ident(table)} WHERE ${from} AND "id" < ${p(2)} ORDER BY "id" LIMIT ${limit}`, [after ?? "0", "1"]);
}

/**
 * Whether an id of digits alone, not starting with 0, is stored: by the index's range ['1', ':') in SQLite's byte
 * order (every text starting with 1–9), by a pattern in PostgreSQL (a locale's order may put ':' before the digits).
 */
async function plainNumberStored(raw: RawDb, table: string): Promise<boolean> {
  const sql =
    raw.provider === "sqlite"
      ? `SELECT "id" FROM ${ident(table)} WHERE "id" >= '1' AND "id" < ':' AND "id" NOT GLOB '*[^0-9]*' LIMIT 1`
      : `SELECT "id" FROM ${ident(table)} WHERE "id" ~ '^[1-9][0-9]*$' LIMIT 1`;
  return (await raw.query<{ id: string }>(sql, [])).length > 0;
}

/** A file's id and the stored id it differs from by leading zeros alone, and the row the file's is on. */
interface Pair {
  id: string;
  stored: string;
  row: number;
}

export class StrippedZeros {
  /** the file's ids that are digits alone, not starting with 0, by the first row each is on */
  private readonly plain = new Map<string, number>();
  /** the file's ids that are digits starting with 0, by the first row each is on */
  private readonly zeroLed = new Map<string, number>();

  private constructor(
    private readonly kind: "orders" | "events",
    /** ids starting with 0 are stored: the file's plain ones are kept */
    private readonly watching: boolean,
    /** ids of digits alone are stored: the file's zero-led ones are kept */
    private readonly watchingPlain: boolean,
  ) {}

  /** Before a file is read: are ids starting with 0, or of digits alone, stored (by this import's earlier files too)? If not, nothing is kept. */
  static async start(raw: RawDb, kind: "orders" | "events"): Promise<StrippedZeros> {
    return new StrippedZeros(kind, (await zeroLedPage(raw, kind, null, 1)).length > 0, await plainNumberStored(raw, kind));
  }

  /** A record's id read from the file (its row without problems, or with problems in other columns only). */
  add(id: string, row: number): void {
    if (this.watching && PLAIN_NUMBER.test(id) && !this.plain.has(id)) this.plain.set(id, row);
    else if (this.watchingPlain && ZERO_LED.test(id) && !this.zeroLed.has(id)) this.zeroLed.set(id, row);
  }

  /**
   * Once the file is read (and, without problems, written): the problems of its new records whose ids are stored ids
   * without their leading zeros, and of those whose ids are stored ids with zeros added (none, one or both). New: not
   * stored, or written by this file's batch without having been stored before (`updated`: the stored records the file
   * changed; one it left unchanged keeps its own batch).
   */
  async problems(raw: RawDb, file: string, batchId: number, updated: ReadonlySet<string>): Promise<ImportProblem[]> {
    const isNew = (row: Row | undefined, id: string) => row === undefined || (row.batchId !== null && Number(row.batchId) === batchId && !updated.has(id));
    const out: ImportProblem[] = [];
    const lost = await this.newOf(raw, await this.strippedOfStored(raw), isNew);
    if (lost.length > 0) out.push(this.problem(file, lost, null));
    const gained = await this.newOf(raw, await this.storedOfZeroLed(raw, isNew), isNew);
    if (gained.length > 0) out.push(this.problem(file, gained, await this.batchFiles(raw, gained)));
    return out;
  }

  /** The file's plain ids that are stored ids starting with 0 without their zeros. */
  private async strippedOfStored(raw: RawDb): Promise<Pair[]> {
    if (this.plain.size === 0) return [];
    const found: Pair[] = [];
    for (let after: string | null = null; ; ) {
      const page = await zeroLedPage(raw, this.kind, after, WRITE_BATCH);
      for (const { id } of page) {
        if (!id.startsWith("0")) continue;
        const plain = id.replace(/^0+/, "");
        const row = this.plain.get(plain);
        if (row !== undefined) found.push({ id: plain, stored: id, row });
      }
      if (page.length < WRITE_BATCH) break;
      after = (page.at(-1) as { id: string }).id;
    }
    return found;
  }

  /**
   * The file's zero-led ids whose digits without the zeros are a stored id, one stored before this file (a plain id
   * this file wrote itself beside its zero-led twin is no stored one that lost its zeros).
   */
  private async storedOfZeroLed(raw: RawDb, isNew: (row: Row | undefined, id: string) => boolean): Promise<Pair[]> {
    const found: Pair[] = [];
    const ids = [...this.zeroLed];
    for (let i = 0; i < ids.length; i += WRITE_BATCH) {
      const part = ids.slice(i, i + WRITE_BATCH).map(([id, row]) => ({ id, stored: id.replace(/^0+/, ""), row }));
      const rows = await existingRows(
        raw,
        this.kind,
        "id",
        part.map((p) => p.stored),
        ["id", "batchId"],
      );
      for (const p of part) {
        const row = rows.get(p.stored);
        if (row !== undefined && !isNew(row, p.stored)) found.push(p);
      }
    }
    return found;
  }

  /** Those of `found` whose file id is new, by row. */
  private async newOf(raw: RawDb, found: Pair[], isNew: (row: Row | undefined, id: string) => boolean): Promise<Pair[]> {
    const pairs: Pair[] = [];
    for (let i = 0; i < found.length; i += WRITE_BATCH) {
      const part = found.slice(i, i + WRITE_BATCH);
      const rows = await existingRows(
        raw,
        this.kind,
        "id",
        part.map((f) => f.id),
        ["id", "batchId"],
      );
      for (const f of part) if (isNew(rows.get(f.id), f.id)) pairs.push(f);
    }
    return pairs.sort((a, b) => a.row - b.row);
  }

  /** The files (import batches) the first pairs' stored ids came from, to name the import to undo. */
  private async batchFiles(raw: RawDb, pairs: readonly Pair[]): Promise<string[]> {
    const stored = await existingRows(
      raw,
      this.kind,
      "id",
      pairs.slice(0, PAIRS_LISTED).map((p) => p.stored),
      ["id", "batchId"],
    );
    const batches = [...new Set([...stored.values()].map((r) => r.batchId).filter((b) => b !== null && b !== undefined))].map(Number);
    if (batches.length === 0) return [];
    const files = await raw.query<{ fileName: string }>(
      `SELECT "fileName" FROM "import_batches" WHERE "id" IN (${placeholders(raw.provider, batches.length)}) ORDER BY "id"`,
      batches,
    );
    return [...new Set(files.map((r) => r.fileName))];
  }

  /**
   * The problem of `pairs` (new ids of the file and the stored ids they differ from by leading zeros alone): the file's
   * ids lost their zeros (`from` null), or the stored ones did, read from the files `from` (this file is right, and
   * the import that brought them is to be undone first).
   */
  private problem(file: string, pairs: readonly Pair[], from: readonly string[] | null): ImportProblem {
    const count = pairs.length;
    const [noun, unit] = this.kind === "orders" ? ["工单", "件"] : ["考核事件", "个"];
    const column = RECORD_FIELDS[this.kind].find((f) => f.key === "id")?.zh ?? "编号";
    const listed = pairs.slice(0, PAIRS_LISTED);
    const rows = pairs.slice(0, EXAMPLE_ROWS).map((p) => p.row);
    const first = pairs[0] as Pair;
    const stored = listed.map((p) => p.stored).join("、");
    const sources = from && from.length > 0 ? `（${from.map((name) => `“${name}”`).join("、")}）` : "";
    return {
      file,
      row: first.row,
      column,
      value: count > 1 ? `${first.id} 等 ${count.toLocaleString("zh-CN")} 个编号` : first.id,
      reason:
        (count === 1
          ? `${column} ${first.id} 与已导入的 ${first.stored} 只差开头的 0（第 ${first.row} 行）`
          : `共 ${count.toLocaleString("zh-CN")} 个${column}与已导入的${column}只差开头的 0（如 ${listed.map((p) => `${p.id} 与 ${p.stored}`).join("、")}，` +
            `在第 ${rows.join("、")} 行${count > rows.length ? "等" : ""}）`) +
        (from === null
          ? `：多半是有人用 Excel、WPS 或 LibreOffice 打开平台导出的文件后另存（如另存为 xlsx），编号列被当成了数字，开头的 0 被去掉了；` +
            `这样导入会把它们存成另外 ${count.toLocaleString("zh-CN")} ${unit}${noun}，重复计分。` +
            `请在导出平台或 Excel 中把该列的单元格格式设为“文本”后重新导出，或直接导入平台导出的 CSV 文件（不经 Excel 打开另存），然后再导入`
          : `：已导入的编号多半是从 Excel、WPS 或 LibreOffice 另存的文件读入的，编号列被当成了数字，开头的 0 被去掉了，本文件中的才是平台的编号；` +
            `这样导入会把它们存成另外 ${count.toLocaleString("zh-CN")} ${unit}${noun}，重复计分。` +
            `请先在控制台“数据”页的导入记录中撤销导入了 ${stored}${count > PAIRS_LISTED ? " 等" : ""} 的那次导入${sources}，再导入本文件`),
      reasonEn:
        from === null
          ? `${listed.map((p) => `${p.id} is the stored ${p.stored}`).join(", ")}${count > PAIRS_LISTED ? " …" : ""} without its leading zeros ` +
            `(${count} id(s), rows ${rows.join(", ")}): a spreadsheet took the id column for numbers; they would be stored as other records. ` +
            `Set the column's format to text and export again, or import the platform's own CSV`
          : `${listed.map((p) => `${p.id} is the stored ${p.stored}`).join(", ")}${count > PAIRS_LISTED ? " …" : ""} with leading zeros ` +
            `(${count} id(s), rows ${rows.join(", ")}): the stored ids were read from a spreadsheet that took them for numbers and lost their zeros; they would be stored twice. ` +
            `Undo the import that brought them${from.length > 0 ? ` (${from.join(", ")})` : ""}, then import this file`,
    };
  }
}

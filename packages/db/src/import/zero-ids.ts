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
 */
import { type ImportProblem, RECORD_FIELDS } from "@kaohe/data";
import type { RawDb } from "../raw.ts";
import { ident, param } from "../sql.ts";
import { EXAMPLE_ROWS } from "./contents.ts";
import { existingRows, WRITE_BATCH } from "./write.ts";

/** Pairs a problem names (the count is always exact). */
const PAIRS_LISTED = 3;

/** Digits alone, not starting with 0: what a number cell reads as (cellText), and what an id without its zeros is. */
const PLAIN_NUMBER = /^[1-9]\d*$/;

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

export class StrippedZeros {
  /** the file's ids that are digits alone, not starting with 0, by the first row each is on */
  private readonly plain = new Map<string, number>();

  private constructor(
    private readonly kind: "orders" | "events",
    private readonly watching: boolean,
  ) {}

  /** Before a file is read: are ids starting with 0 stored (by this import's earlier files too)? If not, nothing is kept. */
  static async start(raw: RawDb, kind: "orders" | "events"): Promise<StrippedZeros> {
    return new StrippedZeros(kind, (await zeroLedPage(raw, kind, null, 1)).length > 0);
  }

  /** A record read from the file (one without problems). */
  add(id: string, row: number): void {
    if (this.watching && PLAIN_NUMBER.test(id) && !this.plain.has(id)) this.plain.set(id, row);
  }

  /**
   * Once the file is read (and, without problems, written): the problem of its new records whose ids are stored ids
   * without their leading zeros, or null. New: not stored, or written by this file's batch without having been
   * stored before (`updated`: the stored records the file changed; one it left unchanged keeps its own batch).
   */
  async problem(raw: RawDb, file: string, batchId: number, updated: ReadonlyMap<string, unknown>): Promise<ImportProblem | null> {
    if (this.plain.size === 0) return null;
    const found: { id: string; stored: string }[] = [];
    for (let after: string | null = null; ; ) {
      const page = await zeroLedPage(raw, this.kind, after, WRITE_BATCH);
      for (const { id } of page) {
        if (!id.startsWith("0")) continue;
        const plain = id.replace(/^0+/, "");
        if (this.plain.has(plain)) found.push({ id: plain, stored: id });
      }
      if (page.length < WRITE_BATCH) break;
      after = (page.at(-1) as { id: string }).id;
    }
    if (found.length === 0) return null;
    const pairs: { id: string; stored: string; row: number }[] = [];
    for (let i = 0; i < found.length; i += WRITE_BATCH) {
      const part = found.slice(i, i + WRITE_BATCH);
      const rows = await existingRows(
        raw,
        this.kind,
        "id",
        part.map((f) => f.id),
        ["id", "batchId"],
      );
      for (const f of part) {
        const row = rows.get(f.id);
        const isNew = row === undefined || (row.batchId !== null && Number(row.batchId) === batchId && !updated.has(f.id));
        if (isNew) pairs.push({ ...f, row: this.plain.get(f.id) as number });
      }
    }
    if (pairs.length === 0) return null;
    pairs.sort((a, b) => a.row - b.row);
    const count = pairs.length;
    const [noun, unit] = this.kind === "orders" ? ["工单", "件"] : ["考核事件", "个"];
    const column = RECORD_FIELDS[this.kind].find((f) => f.key === "id")?.zh ?? "编号";
    const listed = pairs.slice(0, PAIRS_LISTED);
    const rows = pairs.slice(0, EXAMPLE_ROWS).map((p) => p.row);
    const first = pairs[0] as (typeof pairs)[number];
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
        `：多半是有人用 Excel、WPS 或 LibreOffice 打开平台导出的文件后另存（如另存为 xlsx），编号列被当成了数字，开头的 0 被去掉了；` +
        `这样导入会把它们存成另外 ${count.toLocaleString("zh-CN")} ${unit}${noun}，重复计分。` +
        `请在导出平台或 Excel 中把该列的单元格格式设为“文本”后重新导出，或直接导入平台导出的 CSV 文件（不经 Excel 打开另存），然后再导入`,
      reasonEn:
        `${listed.map((p) => `${p.id} is the stored ${p.stored}`).join(", ")}${count > PAIRS_LISTED ? " …" : ""} without its leading zeros ` +
        `(${count} id(s), rows ${rows.join(", ")}): a spreadsheet took the id column for numbers; they would be stored as other records. ` +
        `Set the column's format to text and export again, or import the platform's own CSV`,
    };
  }
}

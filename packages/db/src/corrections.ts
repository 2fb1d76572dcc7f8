/**
 * Corrections of the data (办法六（二）: scores rest on real data). An
 * objection the center accepts changes fields of orders or events; each
 * change is recorded as a correction — which record, which field, from what
 * to what, who, when, on which objection — and the record itself holds the
 * corrected value, so every scoring path (in memory, pushed down to SQL, the
 * drill-down) reads it without knowing about corrections.
 *
 * A later import of the platform's data must not undo a correction silently:
 * the import lays the active corrections over the records it reads
 * (`CorrectionOverlay`) and reports each one whose file value differs (kept,
 * a conflict) or now agrees (the platform corrected it too: closed).
 */
import { SATISFACTION_LEVELS } from "@kaohe/data";
import {
  CORRECTABLE_FIELDS,
  type CorrectedRecord,
  type CorrectionValue,
  correctableField,
  correctableFields,
  describeValue,
  fieldLabel,
  RECORD_ZH,
} from "./correction-fields.ts";
import { AppError, ErrorCodes } from "./errors.ts";
import { type ChangeRecord, recordChanges } from "./import-changes.ts";
import type { RawDb } from "./raw.ts";
import { placeholders } from "./sql.ts";
import type { Store } from "./store.ts";

export { type CorrectedRecord, type CorrectionValue, describeValue, fieldLabel, RECORD_ZH } from "./correction-fields.ts";

const SATISFACTION: readonly string[] = SATISFACTION_LEVELS;

/** One field of one record, to be set to a value. */
export interface FieldChange {
  record: CorrectedRecord;
  recordId: string;
  field: string;
  to: CorrectionValue;
}

/** A change checked against the field's type: the value it stores, or a Chinese refusal. */
export function checkChange(c: FieldChange): CorrectionValue {
  const where = `${RECORD_ZH[c.record] ?? c.record} ${c.recordId}`;
  const spec = correctableField(c.record, c.field);
  if (!spec) {
    // each by its name in the call and its label (回退 is asked for as returned: the labels alone misled a script's author)
    const allowed = Object.entries(correctableFields(c.record))
      .map(([key, f]) => `${key}（${f.zh}）`)
      .join("、");
    throw new AppError(ErrorCodes.BadInput, `${where}：字段“${c.field}”不能更正（可更正：${allowed}）`, `field ${c.field} of ${c.record} cannot be corrected`);
  }
  // a space between 应为 and a figure, as the other messages write it (应为 2000 年至 2100 年间…, 应为 5 个字)
  const bad = (what: string) =>
    new AppError(
      ErrorCodes.BadInput,
      `${where} 的“${spec.zh}”应为${/^\d/.test(what) ? " " : ""}${what}，而不是“${String(c.to)}”`,
      `${c.field} must be ${spec.type}`,
    );
  if (c.to === null) {
    if (!spec.nullable) throw bad("非空值");
    return null;
  }
  switch (spec.type) {
    case "boolean":
      if (typeof c.to !== "boolean") throw bad("“是”或“否”");
      return c.to;
    case "time":
    case "deadline":
      if (typeof c.to !== "number" || !Number.isFinite(c.to) || c.to < Date.UTC(2000, 0, 1) || c.to > Date.UTC(2100, 0, 1))
        throw bad("2000 年至 2100 年间的时间");
      return Math.round(c.to);
    case "count":
      if (typeof c.to !== "number" || !Number.isInteger(c.to) || c.to < 0 || c.to > 1_000_000) throw bad("不小于 0 的整数");
      return c.to;
    case "number":
      if (typeof c.to !== "number" || !Number.isFinite(c.to) || Math.abs(c.to) > 1_000_000) throw bad("数值");
      return c.to;
    case "satisfaction":
      if (typeof c.to !== "string" || !SATISFACTION.includes(c.to)) throw bad(SATISFACTION.join("、"));
      return c.to;
  }
}

/** A stored column value as a correction value (SQLite keeps booleans as 0/1, PostgreSQL counts may come as text). */
export function columnValue(record: CorrectedRecord, field: string, v: unknown): CorrectionValue {
  const spec = correctableField(record, field);
  if (v === null || v === undefined) return null;
  if (spec?.type === "boolean") return v === true || v === 1 || v === 1n || v === "1" || v === "t" || v === "true";
  if (spec?.type === "satisfaction") return String(v);
  return Number(v);
}

const sameValue = (a: CorrectionValue, b: CorrectionValue) => a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) < 1e-9);

/** A stored record's unit and the values of the fields asked about, or null when there is no such record. */
export async function readRecord(
  raw: RawDb,
  record: CorrectedRecord,
  id: string,
): Promise<{ unit: string; at: number; values: Record<string, CorrectionValue> } | null> {
  const [row] = await raw.query<Record<string, unknown>>(`SELECT * FROM "${record}" WHERE "id" = ${placeholders(raw.provider, 1)}`, [id]);
  if (!row) return null;
  const values: Record<string, CorrectionValue> = {};
  for (const field of Object.keys(CORRECTABLE_FIELDS[record])) values[field] = columnValue(record, field, row[field]);
  return { unit: String(row.unit), at: Number(record === "orders" ? row.receivedAt : row.date), values };
}

const dbValue = (raw: RawDb, record: CorrectedRecord, field: string, v: CorrectionValue) =>
  typeof v === "boolean" && correctableField(record, field)?.type === "boolean" ? raw.bool(v) : v;

/** Set one field of one record (inside the caller's transaction). */
export async function writeField(raw: RawDb, record: CorrectedRecord, id: string, field: string, to: CorrectionValue): Promise<void> {
  // the field names a column of the UPDATE below: one of the record's own correctable fields, nothing inherited
  if (!correctableField(record, field)) throw new Error(`not a correctable field: ${record}.${field}`);
  await raw.execute(`UPDATE "${record}" SET "${field}" = ${placeholders(raw.provider, 1)} WHERE "id" = ${placeholders(raw.provider, 1, 2)}`, [
    dbValue(raw, record, field, to),
    id,
  ]);
}

/** A correction as the console and the API show it. */
export interface Correction {
  id: number;
  objectionId: number | null;
  record: CorrectedRecord;
  recordId: string;
  unitCode: string;
  field: string;
  fieldLabel: string;
  from: CorrectionValue;
  to: CorrectionValue;
  /** e.g. "回退认可：否 → 是" */
  text: string;
  status: "active" | "confirmed";
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
  /** the last import that brought another value, if any */
  conflict: { batchId: number | null; value: CorrectionValue; at: string } | null;
}

type CorrectionRow = Record<string, unknown>;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v instanceof Date ? v : String(v)).toISOString());

/** A correction as Prisma reads it (JSON columns parsed). */
export function toCorrection(r: CorrectionRow): Correction {
  const record = r.record as CorrectedRecord;
  const field = String(r.field);
  const from = r.fromValue as CorrectionValue;
  const to = r.toValue as CorrectionValue;
  return {
    id: Number(r.id),
    objectionId: r.objectionId === null || r.objectionId === undefined ? null : Number(r.objectionId),
    record,
    recordId: String(r.recordId),
    unitCode: String(r.unitCode),
    field,
    fieldLabel: fieldLabel(record, field),
    from,
    to,
    text: `${fieldLabel(record, field)}：${describeValue(record, field, from)} → ${describeValue(record, field, to)}`,
    status: r.status === "confirmed" ? "confirmed" : "active",
    createdBy: String(r.createdBy),
    createdAt: iso(r.createdAt) as string,
    closedAt: iso(r.closedAt),
    conflict: (r.conflict as Correction["conflict"]) ?? null,
  };
}

/** Record a correction (inside the caller's transaction). */
export async function insertCorrection(
  raw: RawDb,
  c: {
    objectionId: number | null;
    record: CorrectedRecord;
    recordId: string;
    unitCode: string;
    field: string;
    from: CorrectionValue;
    to: CorrectionValue;
    actor: string;
  },
): Promise<void> {
  await raw.insertMany(
    "corrections",
    ["objectionId", "record", "recordId", "unitCode", "field", "fromValue", "toValue", "status", "createdBy", "createdAt"],
    [[c.objectionId, c.record, c.recordId, c.unitCode, c.field, JSON.stringify(c.from), JSON.stringify(c.to), "active", c.actor, raw.timestamp(new Date())]],
  );
}

/**
 * At most this many ids in one `in` list: SQLite through Prisma's adapter binds at most 999 parameters a query (an
 * export of a big unit's 6,661 lost orders failed with P2029: a test), PostgreSQL 32,766 when the rows are ordered.
 */
const IDS_PER_QUERY = 500;

/** Corrections of these records (a drill-down's page, or every record of an export: any number), newest first. */
export async function correctionsOf(store: Store, record: CorrectedRecord, ids: readonly string[]): Promise<Correction[]> {
  const distinct = [...new Set(ids)];
  const rows: CorrectionRow[] = [];
  for (let i = 0; i < distinct.length; i += IDS_PER_QUERY) {
    const part = distinct.slice(i, i + IDS_PER_QUERY);
    rows.push(...((await store.prisma.correction.findMany({ where: { record, recordId: { in: part } } })) as unknown as CorrectionRow[]));
  }
  return rows.sort((a, b) => Number(b.id) - Number(a.id)).map(toCorrection);
}

/** Corrections, newest first: of one objection, one unit, or all. */
export async function listCorrections(store: Store, where: { objectionId?: number; unitCode?: string } = {}): Promise<Correction[]> {
  const rows = await store.prisma.correction.findMany({ where, orderBy: { id: "desc" }, take: 1000 });
  return rows.map((r) => toCorrection(r as unknown as CorrectionRow));
}

// ------------------------------------------------------------------ re-imports

/** What an import did with the active corrections of the records it brought. */
export interface CorrectionReport {
  correctionId: number;
  objectionId: number | null;
  record: CorrectedRecord;
  recordId: string;
  field: string;
  /** kept: the file brought another value, the correction stands; confirmed: the file now agrees, the correction is closed */
  outcome: "kept" | "confirmed";
  fileValue: CorrectionValue;
  corrected: CorrectionValue;
  /** Chinese, for the import's report */
  message: string;
}

/**
 * The active corrections of one kind of record, laid over the records an
 * import reads: a corrected field keeps its corrected value, and what the
 * file said is noted to be reported (`finish`) when the file is written.
 */
export class CorrectionOverlay {
  private readonly seen = new Map<number, CorrectionValue>();

  private constructor(
    readonly record: CorrectedRecord,
    private readonly byId: Map<string, CorrectionRow[]>,
  ) {}

  static async load(raw: RawDb, record: CorrectedRecord): Promise<CorrectionOverlay> {
    const rows = await raw.query<CorrectionRow>(`SELECT * FROM "corrections" WHERE "record" = ${placeholders(raw.provider, 1)} AND "status" = 'active'`, [
      record,
    ]);
    // better-sqlite3 gives a JSON column's text, pg the parsed value
    if (raw.provider === "sqlite") for (const r of rows) r.toValue = JSON.parse(String(r.toValue));
    const byId = new Map<string, CorrectionRow[]>();
    for (const r of rows) byId.set(String(r.recordId), [...(byId.get(String(r.recordId)) ?? []), r]);
    return new CorrectionOverlay(record, byId);
  }

  get empty(): boolean {
    return this.byId.size === 0;
  }

  /** The record as it is to be stored: its corrected fields keep the corrected value. */
  apply<T extends { id: string }>(r: T): T {
    const corrections = this.byId.get(r.id);
    if (!corrections) return r;
    const out = { ...r } as Record<string, unknown>;
    for (const c of corrections) {
      const field = String(c.field);
      this.seen.set(Number(c.id), (out[field] ?? null) as CorrectionValue);
      out[field] = c.toValue;
    }
    return out as T;
  }

  /**
   * Close the corrections the file now agrees with, note a conflict on the others; what happened, for the report.
   * With a batch, each correction as it was is noted for the batch (undoing it reopens or restores them).
   */
  async finish(raw: RawDb, batchId: number | null): Promise<CorrectionReport[]> {
    const reports: CorrectionReport[] = [];
    const before: ChangeRecord[] = [];
    const p = (n: number, from = 1) => placeholders(raw.provider, n, from);
    for (const rows of this.byId.values()) {
      for (const c of rows) {
        const id = Number(c.id);
        if (!this.seen.has(id)) continue;
        const record = this.record;
        const field = String(c.field);
        const fileValue = this.seen.get(id) as CorrectionValue;
        const corrected = c.toValue as CorrectionValue;
        const label = `${RECORD_ZH[record]} ${String(c.recordId)} 的“${fieldLabel(record, field)}”`;
        const cite = c.objectionId === null || c.objectionId === undefined ? "" : `（依异议 #${String(c.objectionId)}）`;
        if (batchId !== null)
          before.push({ key: String(id), before: { status: c.status, closedAt: c.closedAt ?? null, conflict: c.conflict ?? null }, beforeBatchId: null });
        const report = (outcome: CorrectionReport["outcome"], message: string) =>
          reports.push({
            correctionId: id,
            objectionId: c.objectionId === null || c.objectionId === undefined ? null : Number(c.objectionId),
            record,
            recordId: String(c.recordId),
            field,
            outcome,
            fileValue,
            corrected,
            message,
          });
        if (sameValue(fileValue, corrected)) {
          await raw.execute(`UPDATE "corrections" SET "status" = 'confirmed', "closedAt" = ${p(1)} WHERE "id" = ${p(1, 2)}`, [raw.timestamp(new Date()), id]);
          report("confirmed", `${label}：导入数据已与更正${cite}一致（${describeValue(record, field, corrected)}），更正已关闭`);
          continue;
        }
        const conflict = { batchId, value: fileValue, at: new Date().toISOString() };
        await raw.execute(`UPDATE "corrections" SET "conflict" = ${p(1)} WHERE "id" = ${p(1, 2)}`, [JSON.stringify(conflict), id]);
        report(
          "kept",
          `${label}：导入数据为“${describeValue(record, field, fileValue)}”，与更正${cite}后的“${describeValue(record, field, corrected)}”不同；已保留更正，请核对平台数据`,
        );
      }
    }
    this.seen.clear();
    if (batchId !== null) await recordChanges(raw, batchId, "corrections", before);
    return reports;
  }
}

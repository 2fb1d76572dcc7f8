/**
 * Undoing an import batch: the records it created are removed and the
 * records it changed get back what they held before (import-changes.ts),
 * in one transaction, audited. Accepted corrections stand over the restored
 * records, as they stand over an import (corrections.ts); the corrections
 * the batch closed or noted a conflict on are as they were.
 *
 * Refused, with the reason, when:
 * - a current publication rests on the batch: a period published after the
 *   batch was imported whose data fingerprint (scores.ts `dataHash`) the undo
 *   would change;
 * - a later batch changed what this one wrote (undo that one first);
 * - something refers to a record that would go: an accepted correction, an
 *   objection not yet decided, or (for units) orders, events, facts, users;
 * - the batch was imported before batches kept what they changed, or was
 *   undone already.
 */
import type { RecordKind } from "@kaohe/data";
import type { Store } from "@kaohe/db";
import {
  AppError,
  type CorrectedRecord,
  type CorrectionValue,
  columnValue,
  ErrorCodes,
  eventSpec,
  jsonColumn,
  openRaw,
  orderSpec,
  placeholders,
  type RawDb,
  type Row,
  stampColumns,
  type TableSpec,
  tryImportLock,
  unitSpec,
  writeField,
} from "@kaohe/db";
import { beijingMinute } from "./cycle.ts";
import { TOLD_PREFIX } from "./published-changes.ts";
import { compileVersion, getRubricVersion } from "./rubrics.ts";
import { dataHash } from "./scores.ts";

export interface UndoImportInput {
  actor: string;
  address?: string | null;
  /**
   * undo it though a published period rests on the batch: asked first (its detail names the periods), then the periods
   * are told of as changed since publication, to be published again — as an import correcting them is. Refused for
   * good, a wrongly entered year-end event could not be taken back once the year was published: no file deletes one
   * (a walk)
   */
  confirmPublished?: boolean;
}

export interface UndoImportResult {
  batchId: number;
  kind: RecordKind;
  fileName: string;
  /** records the batch had created, removed */
  removed: number;
  /** records the batch had changed, restored */
  restored: number;
  /** categories the batch had created that no unit is in any more, removed */
  categoriesRemoved: string[];
  /** corrections the batch had closed (the file agreed with them), open again */
  correctionsReopened: number;
}

interface ChangeRow {
  id: number;
  entity: string;
  recordKey: string;
  before: unknown;
  beforeBatchId: number | null;
}

interface BatchRow {
  id: number;
  kind: string;
  fileName: string;
  createdBy: string;
  createdAt: Date;
}

const WHAT: Record<string, string> = { units: "单位", orders: "工单", events: "考核事件", facts: "年度事实" };

/** A batch as people name it: 批次 #12（orders-2018-11.csv，2018-12-02 10:00 由 kaohe 导入）. */
const batchLabel = (b: BatchRow) => `批次 #${b.id}（${b.fileName}，${beijingMinute(b.createdAt)} 由 ${b.createdBy} 导入）`;

const refused = (zh: string, en: string, detail?: unknown) => new AppError(ErrorCodes.Conflict, zh, en, detail);

/** A short list for a message: the first few, and how many more. */
function listed(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join("、") : `${items.slice(0, max).join("、")} 等 ${items.length} 项`;
}

/**
 * Undo one import batch. All or nothing: any refusal, or any failure, leaves
 * the store as it was.
 */
export async function undoImportBatch(store: Store, batchId: number, input: UndoImportInput): Promise<UndoImportResult> {
  const batch = await store.prisma.importBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw new AppError(ErrorCodes.NotFound, `没有编号为 ${batchId} 的导入批次：请刷新导入记录`, `no import batch ${batchId}`);
  const label = batchLabel(batch);
  if (batch.undoneAt) {
    throw refused(`${label}已于 ${beijingMinute(batch.undoneAt)} 由 ${batch.undoneBy ?? "（未知）"} 撤销，不能再次撤销`, `batch ${batchId} was undone already`);
  }
  if (!batch.undoable && batch.kind === "calendar") {
    throw refused(
      `${label}是节假日安排，节假日安排的导入不能撤销：如需更正，请导入改正后的节假日安排文件（改过的日期会按新文件更新）`,
      `batch ${batchId} is a holiday calendar: calendar imports are not undone (import the corrected calendar)`,
    );
  }
  if (!batch.undoable) {
    throw refused(
      `${label}导入于系统开始保存导入前数据之前，无法得知它修改了哪些数据的原值，因此不能撤销：如需更正，请导入更正后的文件`,
      `batch ${batchId} predates the kept changes: it cannot be undone`,
    );
  }
  const kind = batch.kind as RecordKind;
  // the periods published since the batch was imported: what each rests on is compared before and after
  const publications = (
    await store.prisma.publishedResult.findMany({
      where: { supersededAt: null },
      // not the snapshots: only what names a publication and what it was computed with
      select: { id: true, period: true, rubricVersionId: true, publishedAt: true, publishedBy: true },
      orderBy: { period: "asc" },
    })
  ).filter((p) => p.publishedAt.getTime() > batch.createdAt.getTime());
  const rubrics = new Map<number, ReturnType<typeof compileVersion>>();
  for (const p of publications) {
    if (!rubrics.has(p.rubricVersionId)) rubrics.set(p.rubricVersionId, compileVersion(await getRubricVersion(store, p.rubricVersionId)));
  }

  // a connection of its own: the fingerprints are read inside the undo's transaction, with the SQL functions scoring uses
  const raw = openRaw(store.url);
  try {
    return await raw.transaction(async () => {
      const p = (n: number, from = 1) => placeholders(raw.provider, n, from);
      // not beside an import: one under way may be changing the records this puts back, and what is checked below would
      // be checked before it commits
      if (!(await tryImportLock(raw))) {
        throw refused(
          `正在导入数据（另一项导入尚未完成），${label}暂不能撤销：请在导入完成后再撤销`,
          `an import is under way: batch ${batchId} is not undone meanwhile`,
        );
      }
      // undone meanwhile by another (both asked at once): looked at again now that this one holds the writer
      const [now] = await raw.query<{ undoneBy: string | null }>(`SELECT "undoneBy" FROM "import_batches" WHERE "id" = ${p(1)}`, [batchId]);
      if (now?.undoneBy) throw refused(`${label}已由 ${now.undoneBy} 撤销，不能再次撤销`, `batch ${batchId} was undone already`);
      await refuseLaterBatches(raw, batch, label);
      const changes = (await raw.query<ChangeRow>(`SELECT * FROM "import_changes" WHERE "batchId" = ${p(1)} ORDER BY "id"`, [batchId])).map((c) => ({
        ...c,
        before: c.before === null || c.before === undefined ? null : jsonColumn(raw, c.before),
      }));
      const of = (entity: string) => changes.filter((c) => c.entity === entity);
      await refuseLostReferences(store, raw, batch, kind, of(kind));

      const fingerprints = async () => {
        const inTransaction = { ...store, raw };
        const out = new Map<number, string>();
        for (const pub of publications)
          out.set(pub.id, await dataHash(inTransaction, rubrics.get(pub.rubricVersionId) as ReturnType<typeof compileVersion>, pub.period));
        return out;
      };
      const before = await fingerprints();

      let removed = 0;
      let restored = 0;
      if (kind === "orders" || kind === "events") {
        const spec = (kind === "orders" ? orderSpec : eventSpec) as TableSpec<unknown>;
        const restoring = of(kind).map((c) => c.before as Row);
        await restoreRows(raw, spec, restoring);
        restored = restoring.length;
        // what the batch still holds now is what it created
        removed = await raw.execute(`DELETE FROM "${kind}" WHERE "batchId" = ${p(1)}`, [batchId]);
      } else if (kind === "facts") {
        for (const c of of("facts")) {
          const b = c.before as { value: string; batchId: number | null };
          await raw.execute(`UPDATE "facts" SET "value" = ${p(1)}, "batchId" = ${p(1, 2)} WHERE "id" = ${p(1, 3)}`, [b.value, b.batchId, Number(c.recordKey)]);
          restored++;
        }
        removed = await raw.execute(`DELETE FROM "facts" WHERE "batchId" = ${p(1)}`, [batchId]);
      } else {
        ({ removed, restored } = await undoUnits(raw, of("units")));
      }

      // the corrections the batch closed or noted a conflict on, as they were; then every active correction of a
      // restored record laid over it again (the record's value before the batch may predate the correction)
      let correctionsReopened = 0;
      for (const c of of("corrections")) {
        const was = c.before as { status: string; closedAt: unknown; conflict: unknown };
        const [now] = await raw.query<{ status: string; conflict: unknown }>(`SELECT "status", "conflict" FROM "corrections" WHERE "id" = ${p(1)}`, [
          Number(c.recordKey),
        ]);
        if (!now) continue;
        const conflict = now.conflict === null || now.conflict === undefined ? null : (jsonColumn(raw, now.conflict) as { batchId?: unknown });
        const closedByBatch = now.status === "confirmed" && was.status === "active";
        const notedByBatch = conflict !== null && Number(conflict.batchId) === batchId;
        if (!closedByBatch && !notedByBatch) continue;
        const wasConflict = was.conflict === null || was.conflict === undefined ? null : JSON.stringify(jsonColumn(raw, was.conflict));
        await raw.execute(`UPDATE "corrections" SET "status" = ${p(1)}, "closedAt" = ${p(1, 2)}, "conflict" = ${p(1, 3)} WHERE "id" = ${p(1, 4)}`, [
          was.status,
          was.closedAt ?? null,
          wasConflict,
          Number(c.recordKey),
        ]);
        if (closedByBatch) correctionsReopened++;
      }
      if (kind === "orders" || kind === "events")
        await reapplyCorrections(
          raw,
          kind,
          of(kind).map((c) => c.recordKey),
        );

      const categoriesRemoved: string[] = [];
      for (const c of of("categories")) {
        const [used] = await raw.query(`SELECT 1 AS "x" FROM "units" WHERE "category" = ${p(1)} LIMIT 1`, [c.recordKey]);
        if (used) continue;
        await raw.execute(`DELETE FROM "categories" WHERE "name" = ${p(1)}`, [c.recordKey]);
        categoriesRemoved.push(c.recordKey);
      }

      const after = await fingerprints();
      const affected = publications.filter((pub) => before.get(pub.id) !== after.get(pub.id));
      if (affected.length > 0 && !input.confirmPublished) {
        const periods = affected.map((pub) => `${pub.period}（${beijingMinute(pub.publishedAt)} 由 ${pub.publishedBy} 发布）`);
        throw refused(
          `撤销${label}会改变已发布的 ${periods.join("、")}的考核结果所依据的数据：撤销后，已发布的结果不会自动改变，页面会提示“数据在发布后有变动”，须在相应页面重新发布该期（须填写原因）才按撤销后的数据公布。确认后可撤销`,
          `undoing batch ${batchId} changes the data the published ${affected.map((pub) => pub.period).join(", ")} rest on: confirm to undo, then publish them again`,
          { publishedPeriods: affected.map((pub) => pub.period) },
        );
      }

      await raw.execute(`UPDATE "import_batches" SET "undoneAt" = ${p(1)}, "undoneBy" = ${p(1, 2)} WHERE "id" = ${p(1, 3)}`, [
        raw.timestamp(new Date()),
        input.actor,
        batchId,
      ]);
      await raw.execute(`DELETE FROM "import_changes" WHERE "batchId" = ${p(1)}`, [batchId]);
      // what imports have told of published periods' changes is forgotten (published-changes.ts)
      await raw.execute(`DELETE FROM "settings" WHERE "key" LIKE ${p(1)}`, [`${TOLD_PREFIX}%`]);
      const result: UndoImportResult = { batchId, kind, fileName: batch.fileName, removed, restored, categoriesRemoved, correctionsReopened };
      await raw.insertMany(
        "audit_log",
        ["at", "actor", "action", "entity", "entityId", "detail", "address"],
        [
          [
            raw.timestamp(new Date()),
            input.actor,
            "import.undo",
            "import_batches",
            String(batchId),
            JSON.stringify({
              kind,
              file: batch.fileName,
              importedBy: batch.createdBy,
              removed,
              restored,
              categoriesRemoved,
              correctionsReopened,
              ...(affected.length > 0 ? { publishedPeriods: affected.map((pub) => pub.period) } : {}),
            }),
            input.address ?? null,
          ],
        ],
      );
      return result;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (isConstraintError(err)) {
      // the data no longer fits what the batch found (a rename by another batch, a reference added since): nothing was changed
      console.error(`[kaohe] 撤销导入批次 ${batchId} 时数据约束冲突 / undoing batch ${batchId} hit a constraint:`, err);
      throw refused(
        `不能撤销${label}：恢复原数据时与现有数据冲突（如单位名称已被其他单位使用，或其他数据引用了本批次的记录），没有做任何修改`,
        `undoing batch ${batchId} conflicts with the data now stored; nothing was changed`,
      );
    }
    throw err;
  } finally {
    await raw.close();
  }
}

/** A constraint of the database refused a statement (unique, foreign key, not null). */
function isConstraintError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return /^23\d{3}$/.test(String(e?.code ?? "")) || /^SQLITE_CONSTRAINT/.test(String(e?.code ?? "")) || /constraint failed/i.test(String(e?.message ?? ""));
}

/** A later batch (not undone) changed a record this one wrote: that one goes first. */
async function refuseLaterBatches(raw: RawDb, batch: BatchRow, label: string): Promise<void> {
  const p = (n: number, from = 1) => placeholders(raw.provider, n, from);
  const later = await raw.query<BatchRow>(
    `SELECT "id", "kind", "fileName", "createdBy", "createdAt" FROM "import_batches" WHERE "undoneAt" IS NULL AND "id" IN (
       SELECT "batchId" FROM "import_changes" WHERE "beforeBatchId" = ${p(1)} AND "batchId" <> ${p(1, 2)}
       UNION
       SELECT c2."batchId" FROM "import_changes" c1 JOIN "import_changes" c2
         ON c2."entity" = c1."entity" AND c2."recordKey" = c1."recordKey" AND c2."batchId" > c1."batchId"
       WHERE c1."batchId" = ${p(1, 3)} AND c1."entity" IN ('units', 'categories')
     ) ORDER BY "id" DESC`,
    [batch.id, batch.id, batch.id],
  );
  if (later.length === 0) return;
  const named = later.map((b) => batchLabel({ ...b, createdAt: new Date(b.createdAt as unknown as string) }));
  throw refused(
    `不能撤销${label}：之后导入的${named.join("、")}又修改了本批次导入的数据。请先撤销${later.length > 1 ? "这些批次（从最近的一个开始）" : "该批次"}，再撤销本批次`,
    `batch ${batch.id} cannot be undone before the later batches ${later.map((b) => b.id).join(", ")} that changed its records`,
    { laterBatches: later.map((b) => Number(b.id)) },
  );
}

/** Records the batch created that something still refers to: removing them would leave that without its record. */
async function refuseLostReferences(store: Store, raw: RawDb, batch: BatchRow, kind: RecordKind, changes: readonly ChangeRow[]): Promise<void> {
  const p = (n: number, from = 1) => placeholders(raw.provider, n, from);
  const label = batchLabel(batch);
  const what = WHAT[kind] ?? kind;
  if (kind === "orders" || kind === "events") {
    // the batch's own records that it created (not restored): those still carrying its id and not among its changes
    const corrections = await raw.query<{ id: number; recordId: string; objectionId: number | null }>(
      `SELECT "id", "recordId", "objectionId" FROM "corrections" WHERE "record" = ${p(1)} AND "recordId" IN (
         SELECT r."id" FROM "${kind}" r WHERE r."batchId" = ${p(1, 2)}
           AND NOT EXISTS (SELECT 1 FROM "import_changes" c WHERE c."batchId" = ${p(1, 3)} AND c."entity" = ${p(1, 4)} AND c."recordKey" = r."id")
       ) ORDER BY "id"`,
      [kind, batch.id, batch.id, kind],
    );
    if (corrections.length > 0) {
      const items = corrections.map((c) => `${what} ${c.recordId}${c.objectionId === null ? "" : `（依异议 #${c.objectionId}）`}`);
      throw refused(
        `不能撤销${label}：本批次新增的 ${listed(items)} 已有数据更正，撤销会删除这些记录，更正将失去依据`,
        `batch ${batch.id} created records that corrections refer to`,
      );
    }
    // objections not yet decided that ask to correct one of them
    const open = await store.prisma.objection.findMany({ where: { status: "open" }, select: { id: true, proposed: true } });
    const asked = new Map<string, number>();
    for (const o of open) {
      for (const c of (o.proposed as unknown as { record?: string; recordId?: string }[]) ?? []) {
        if (c.record === kind && typeof c.recordId === "string" && !asked.has(c.recordId)) asked.set(c.recordId, o.id);
      }
    }
    if (asked.size > 0) {
      const ids = [...asked.keys()];
      const inList = raw.provider === "sqlite" ? `IN (SELECT value FROM json_each(?))` : `= ANY($1::text[])`;
      const rows = await raw.query<{ id: string; batchId: number | null }>(`SELECT "id", "batchId" FROM "${kind}" WHERE "id" ${inList}`, [
        raw.provider === "sqlite" ? JSON.stringify(ids) : ids,
      ]);
      const restoredKeys = new Set(changes.map((c) => c.recordKey));
      const lost = rows.filter((r) => Number(r.batchId) === batch.id && !restoredKeys.has(String(r.id)));
      if (lost.length > 0) {
        const items = lost.map((r) => `异议 #${asked.get(String(r.id))} 所涉的${what} ${r.id}`);
        throw refused(
          `不能撤销${label}：${listed(items)} 是本批次新增的，异议尚未处理；请先处理异议，再撤销本批次`,
          `batch ${batch.id} created records that undecided objections refer to`,
        );
      }
    }
    return;
  }
  if (kind !== "units") return;
  const created = changes.filter((c) => c.before === null).map((c) => c.recordKey);
  if (created.length === 0) return;
  const inList = raw.provider === "sqlite" ? `IN (SELECT value FROM json_each(?))` : `= ANY($1::text[])`;
  const param = raw.provider === "sqlite" ? JSON.stringify(created) : created;
  const uses: string[] = [];
  for (const [table, column, noun, measure] of [
    ["orders", "unit", "工单", "件"],
    ["events", "unit", "考核事件", "件"],
    ["facts", "unit", "年度事实", "项"],
    ["users", "unitCode", "用户", "个"],
    ["explanations", "unitCode", "书面说明", "份"],
    ["objections", "unitCode", "异议", "条"],
    ["corrections", "unitCode", "数据更正", "条"],
  ] as const) {
    const [row] = await raw.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${table}" WHERE "${column}" ${inList}`, [param]);
    const n = Number(row?.n ?? 0);
    if (n > 0) uses.push(`${noun} ${n} ${measure}`);
  }
  if (uses.length > 0) {
    const names = await raw.query<{ code: string; name: string }>(`SELECT "code", "name" FROM "units" WHERE "code" ${inList} ORDER BY "code"`, [param]);
    throw refused(
      `不能撤销${label}：本批次新增的单位（${listed(names.map((u) => `${u.name}（${u.code}）`))}）已有${uses.join("、")}，撤销会删除这些单位。请先撤销导入这些数据的批次，或保留本批次`,
      `batch ${batch.id} created units that other records refer to`,
    );
  }
}

/** A stored value as it was read (SQLite: JSON text, 0/1; PostgreSQL: objects, booleans, dates), to be written back. */
function writable(column: string, v: unknown): unknown {
  if (v === undefined) return null;
  if (column === "attributes" && v !== null && typeof v === "object") return JSON.stringify(v);
  return v;
}

/** Put rows back as they were read before the batch changed them, together. */
async function restoreRows(raw: RawDb, spec: TableSpec<unknown>, befores: readonly Row[]): Promise<void> {
  // orders and events get back their digest too (a row noted before digests were kept has none: it is digested when read)
  const columns = [...spec.columns, ...stampColumns(spec)];
  await raw.updateMany(
    spec.table,
    columns,
    befores.map((before) => columns.map((c) => writable(c, before[c]))),
  );
}

/** Units: those the batch created removed, those it changed restored (names freed first, so that two may swap back). */
async function undoUnits(raw: RawDb, changes: readonly ChangeRow[]): Promise<{ removed: number; restored: number }> {
  const p = (n: number, from = 1) => placeholders(raw.provider, n, from);
  const restore = changes.filter((c) => c.before !== null);
  for (const c of restore) await raw.execute(`UPDATE "units" SET "name" = ${p(1)} WHERE "code" = ${p(1, 2)}`, [`${c.recordKey}\u0001`, c.recordKey]);
  await restoreRows(
    raw,
    unitSpec as TableSpec<unknown>,
    restore.map((c) => c.before as Row),
  );
  let removed = 0;
  for (const c of changes.filter((x) => x.before === null)) removed += await raw.execute(`DELETE FROM "units" WHERE "code" = ${p(1)}`, [c.recordKey]);
  return { removed, restored: restore.length };
}

/** Active corrections of the restored records, laid over them again. */
async function reapplyCorrections(raw: RawDb, record: CorrectedRecord, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const inList = raw.provider === "sqlite" ? `IN (SELECT value FROM json_each(?))` : `= ANY($2::text[])`;
  const rows = await raw.query<{ recordId: string; field: string; toValue: unknown }>(
    `SELECT "recordId", "field", "toValue" FROM "corrections" WHERE "record" = ${placeholders(raw.provider, 1)} AND "status" = 'active' AND "recordId" ${inList} ORDER BY "id"`,
    [record, raw.provider === "sqlite" ? JSON.stringify(ids) : ids],
  );
  for (const r of rows) {
    const to = jsonColumn(raw, r.toValue) as CorrectionValue;
    await writeField(raw, record, r.recordId, r.field, columnValue(record, r.field, to));
  }
}

/**
 * Undoing an import batch on both databases: the records it added go, the
 * records it changed are as they were (every column, their batch and time
 * stamp), the units and categories it created go, the corrections it closed
 * open again and accepted corrections stand over the restored records; all
 * audited. Refused, changing nothing, when a published period rests on the
 * batch, when a later batch changed what it wrote, when something refers to a
 * record it created, and when it was undone already.
 */
import { readFileSync } from "node:fs";
import { importFiles, listCorrections, openRaw, openStore, type Store } from "@kaohe/db";
import { databases, IMPORT_LOCK, tableRows, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPreview } from "../src/cycle.ts";
import { undoImportBatch } from "../src/import-undo.ts";
import { decideObjection, raiseObjection } from "../src/objections.ts";
import { publishPeriod } from "../src/publication.ts";
import { compileVersion, createDraft, getRubricVersion, publishRubricVersion } from "../src/rubrics.ts";
import { sameData } from "../src/scores.ts";
import { refusal } from "./support/refusal.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const dir = useTempDir("kaohe-import-undo-");
const ACTOR = "考核办";

const ORDER_HEADER = "工单编号,承办单位,来源,受理时间,办理时限,办结时间,超期说明已认可,已回访,过程满意度,结果满意度";
/** An order received on month/day at 09:00, due a week later, closed on `closed` (month/day) at 10:00. */
const o = (id: string, unit: string, [m, d]: [number, number], closed: [number, number] | null, excused = "否") =>
  `${id},${unit},县中心,${day(m, d)} 09:00,${day(m, d + 7)} 17:00,${closed ? `${day(...closed)} 10:00` : ""},${excused},是,满意,满意`;
const day = (m: number, d: number) => `2017-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

let files = 0;
/** One file of a kind, its lines after the header. */
const file = (kind: "units" | "orders" | "events" | "facts", lines: string[]) => {
  const header = { units: "单位编码,单位名称,类别,联系人", orders: ORDER_HEADER, events: "事件编号,单位,日期,事件类型", facts: "单位,年度,事项,值" }[kind];
  return { path: writeCsvText(dir, `${kind}-${++files}.csv`, [header, ...lines]), name: `${kind}-${files}.csv` };
};

describe.each(databases)("undoing an import batch on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  const p = (i: number) => (target.provider === "sqlite" ? "?" : `$${i}`);

  /** Import files; the batch ids of the files, in order. */
  const imported = async (...fs: ReturnType<typeof file>[]) => {
    const result = await importFiles(store, fs, { actor: ACTOR });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.files.map((f) => f.batchId as number);
  };
  const undo = (batchId: number) => undoImportBatch(store, batchId, { actor: ACTOR, address: "127.0.0.1" });
  /** Everything an undo may change, for "refused: nothing changed". */
  const everything = async () => ({
    units: await tableRows(store.raw, "units", '"code"'),
    categories: await tableRows(store.raw, "categories", '"name"'),
    orders: await tableRows(store.raw, "orders"),
    events: await tableRows(store.raw, "events"),
    facts: await tableRows(store.raw, "facts"),
    batches: await tableRows(store.raw, "import_batches"),
    changes: await tableRows(store.raw, "import_changes"),
    corrections: await tableRows(store.raw, "corrections"),
    audit: await tableRows(store.raw, "audit_log"),
  });
  const order = async (id: string) => (await store.raw.query<Record<string, unknown>>(`SELECT * FROM "orders" WHERE "id" = ${p(1)}`, [id]))[0];
  const ids = async (table: string, key = '"id"') => (await store.raw.query<{ k: string }>(`SELECT ${key} AS "k" FROM "${table}"`)).map((r) => r.k).sort();

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
    await imported(file("units", ["T1,甲镇,镇,王某", "T2,乙镇,镇,"]));
  });
  afterAll(async () => {
    await store?.close();
  });

  it("orders: those the batch added are gone, those it changed are back as they were, column for column; audited; the file imports again", async () => {
    const [first] = await imported(file("orders", [o("A1", "T1", [10, 9], [10, 12]), o("A2", "T1", [10, 10], [10, 13]), o("B1", "T2", [10, 9], [10, 11])]));
    const before = await tableRows(store.raw, "orders");
    // a re-export: A1 closed later, A3 and a November order new
    const fix = file("orders", [
      o("A1", "T1", [10, 9], [10, 20]),
      o("A2", "T1", [10, 10], [10, 13]),
      o("A3", "T1", [10, 11], null),
      o("N1", "T2", [11, 2], null),
    ]);
    const [second] = await imported(fix);
    expect(Number((await order("A1"))?.batchId)).toBe(second);

    const done = await undo(second as number);
    expect(done).toEqual({
      batchId: second,
      kind: "orders",
      fileName: fix.name,
      removed: 2,
      restored: 1,
      categoriesRemoved: [],
      correctionsReopened: 0,
    });
    expect(await tableRows(store.raw, "orders")).toEqual(before);
    expect(Number((await order("A1"))?.batchId)).toBe(first);
    const batch = await store.prisma.importBatch.findUnique({ where: { id: second as number } });
    expect(batch?.undoneBy).toBe(ACTOR);
    expect(batch?.undoneAt).toBeInstanceOf(Date);
    expect(await store.raw.query(`SELECT * FROM "import_changes" WHERE "batchId" = ${p(1)}`, [second])).toEqual([]);
    const audit = await store.prisma.auditLog.findFirst({ where: { action: "import.undo", entityId: String(second) } });
    expect(audit).toMatchObject({ actor: ACTOR, entity: "import_batches", address: "127.0.0.1" });
    expect(audit?.detail).toMatchObject({ kind: "orders", file: fix.name, removed: 2, restored: 1 });

    expect((await refusal(undo(second as number))).zh).toMatch(
      new RegExp(`^批次 #${second}（${fix.name}，.* 由 ${ACTOR} 导入）已于 .* 由 ${ACTOR} 撤销，不能再次撤销$`),
    );
    expect((await refusal(undo(99_999))).code).toBe("NOT_FOUND");

    // the same file again: a new batch doing what the undone one did
    const again = await importFiles(store, [fix], { actor: ACTOR });
    expect(again.ok && again.files[0]).toMatchObject({ inserted: 2, updated: 1, unchanged: 1 });
  });

  it("a batch whose records a later batch changed waits for that one; then it goes, down to no orders", async () => {
    const batches = await store.prisma.importBatch.findMany({ where: { kind: "orders", undoneAt: null }, orderBy: { id: "asc" } });
    const [first, latest] = [batches[0]?.id as number, batches.at(-1)?.id as number];
    const nothing = await everything();
    const refused = await refusal(undo(first));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.zh).toMatch(
      new RegExp(`^不能撤销批次 #${first}（.*）：之后导入的批次 #${latest}（.*）又修改了本批次导入的数据。请先撤销该批次，再撤销本批次$`),
    );
    expect(refused.detail).toEqual({ laterBatches: [latest] });
    expect(await everything()).toEqual(nothing);
    await undo(latest);
    expect((await undo(first)).removed).toBe(3);
    expect(await ids("orders")).toEqual([]);
  });

  it("units: a new unit and its new category go, a renamed unit gets its name, category and columns back; a new unit with orders stays", async () => {
    const before = { units: await tableRows(store.raw, "units", '"code"'), categories: await ids("categories", '"name"') };
    const units = file("units", ["T1,甲镇,镇,王某", "T2,乙镇街道,街道,新联系人", "T3,丙区,开发区,"]);
    const [batch] = await imported(units);
    expect(await ids("categories", '"name"')).toEqual(["开发区", "街道", "镇"].sort());
    expect(await undo(batch as number)).toMatchObject({ removed: 1, restored: 1, categoriesRemoved: ["街道", "开发区"] });
    expect(await tableRows(store.raw, "units", '"code"')).toEqual(before.units);
    expect(await ids("categories", '"name"')).toEqual(before.categories);

    // imported again, and an order of the new unit imported after it: the unit is referred to
    const [again] = await imported(units);
    const [orders] = await imported(file("orders", [o("C1", "T3", [12, 4], null)]));
    const nothing = await everything();
    const refused = await refusal(undo(again as number));
    expect(refused.zh).toMatch(/：本批次新增的单位（丙区（T3））已有工单 1 件，撤销会删除这些单位。请先撤销导入这些数据的批次，或保留本批次$/);
    expect(await everything()).toEqual(nothing);
    await undo(orders as number);
    await undo(again as number);
    expect(await tableRows(store.raw, "units", '"code"')).toEqual(before.units);
  });

  it("facts: a changed value is back, a new fact gone", async () => {
    await imported(file("facts", ["甲镇,2017,领导小组,是"]));
    const before = await tableRows(store.raw, "facts");
    const [batch] = await imported(file("facts", ["甲镇,2017,领导小组,否", "乙镇,2017,领导小组,是"]));
    expect(await undo(batch as number)).toMatchObject({ kind: "facts", removed: 1, restored: 1 });
    expect(await tableRows(store.raw, "facts")).toEqual(before);
  });

  it("asked first while a period published after the batch rests on its data, then undone and the period told of; a batch only of data the publication does not read, or imported after it, may go", async () => {
    const [october] = await imported(file("orders", [o("P1", "T1", [10, 3], [10, 5]), o("P2", "T2", [10, 4], [10, 6])]));
    await publishPeriod(store, "2017-10", { actor: ACTOR });
    // imported after the publication: the publication does not rest on it
    const [after] = await imported(file("orders", [o("P1", "T1", [10, 3], [10, 25])]));
    expect((await undo(after as number)).restored).toBe(1);
    // December's orders, published with October after them: October's result does not read them
    const [december] = await imported(file("orders", [o("Q1", "T1", [12, 5], null)]));
    const [late] = await imported(file("orders", [o("P2", "T2", [10, 4], [10, 28])]));
    await publishPeriod(store, "2017-10", { actor: ACTOR, reason: "乙镇 P2 办结时间更正" });

    const nothing = await everything();
    const refused = await refusal(undo(late as number));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.zh).toMatch(
      new RegExp(
        `^撤销批次 #${late}（.*）会改变已发布的 2017-10（.* 由 ${ACTOR} 发布）的考核结果所依据的数据：撤销后，已发布的结果不会自动改变，页面会提示“数据在发布后有变动”，须在相应页面重新发布该期（须填写原因）才按撤销后的数据公布。确认后可撤销$`,
      ),
    );
    expect(refused.detail).toEqual({ publishedPeriods: ["2017-10"] });
    // October's first orders: a later batch changed them (that one goes first, and it cannot)
    expect((await refusal(undo(october as number))).detail).toEqual({ laterBatches: [late] });
    // all or nothing: the refused undo (done, fingerprinted, rolled back) left every table as it was
    expect(await everything()).toEqual(nothing);
    expect((await undo(december as number)).removed).toBe(1);
    // confirmed: undone (a wrongly entered record could not be taken back once its period was published: a walk), the
    // publication left as it was, its data now other than published, and the undo audited with the period
    const published = await store.prisma.publishedResult.findFirst({ where: { period: "2017-10", supersededAt: null } });
    expect((await undoImportBatch(store, late as number, { actor: ACTOR, confirmPublished: true })).restored).toBe(1);
    const still = await store.prisma.publishedResult.findFirst({ where: { period: "2017-10", supersededAt: null } });
    expect(still?.id).toBe(published?.id);
    expect(await sameData(store, compileVersion(await getRubricVersion(store, still?.rubricVersionId as number)), "2017-10", still?.dataHash as string)).toBe(
      false,
    );
    const audited = await store.prisma.auditLog.findFirst({ where: { action: "import.undo" }, orderBy: { id: "desc" } });
    expect(audited?.detail).toMatchObject({ publishedPeriods: ["2017-10"] });
  });

  describe("corrections", () => {
    const MONTH = "2017-11";
    /** the objection whose correction excuses K1 */
    let onK1 = 0;
    const object = async (recordId: string) => {
      const raised = await raiseObjection(store, {
        period: MONTH,
        unitCode: "T1",
        subject: "orders",
        changes: [{ record: "orders", recordId, field: "delayExcused", to: true }],
        reason: "超期已电话报备，应予认可",
        files: [],
        actor: "甲镇联络员",
      });
      return raised.id;
    };

    it("a record the batch changed is restored under the correction accepted since; a record it created that an objection or a correction names keeps the batch", async () => {
      await imported(file("orders", [o("K1", "T1", [11, 2], [11, 12]), o("K2", "T1", [11, 3], [11, 6])]));
      const [changed] = await imported(file("orders", [o("K1", "T1", [11, 2], [11, 15])]));
      const [created] = await imported(file("orders", [o("K3", "T1", [11, 4], [11, 20])]));
      await openPreview(store, MONTH, { actor: ACTOR });
      onK1 = await object("K1");
      await decideObjection(store, onK1, { accept: true, decision: "经核实属实", actor: ACTOR });

      const open = await object("K3");
      let nothing = await everything();
      expect((await refusal(undo(created as number))).zh).toMatch(
        new RegExp(`：异议 #${open} 所涉的工单 K3 是本批次新增的，异议尚未处理；请先处理异议，再撤销本批次$`),
      );
      expect(await everything()).toEqual(nothing);
      await decideObjection(store, open, { accept: true, decision: "经核实属实", actor: ACTOR });
      nothing = await everything();
      expect((await refusal(undo(created as number))).zh).toMatch(
        new RegExp(`：本批次新增的 工单 K3（依异议 #${open}） 已有数据更正，撤销会删除这些记录，更正将失去依据$`),
      );
      expect(await everything()).toEqual(nothing);

      // K1: closed on 11-12 again (the batch undone), still excused (the correction stands)
      await undo(changed as number);
      const k1 = await order("K1");
      expect(Number(k1?.closedAt)).toBe(Date.parse("2017-11-12T10:00:00+08:00"));
      expect([true, 1]).toContain(k1?.delayExcused);
    });

    it("a batch that closed a correction (the file agreed) or noted a conflict: undone, the correction is as it was", async () => {
      const [k1] = (await listCorrections(store, { objectionId: onK1 })).filter((c) => c.recordId === "K1");
      expect(k1?.status).toBe("active");
      // the platform now agrees on K1 (and K2 closed later): the correction is closed by that batch
      const [agrees] = await imported(file("orders", [o("K1", "T1", [11, 2], [11, 12], "是"), o("K2", "T1", [11, 3], [11, 8])]));
      expect((await listCorrections(store, { objectionId: onK1 })).find((c) => c.id === k1?.id)?.status).toBe("confirmed");
      expect(await undo(agrees as number)).toMatchObject({ restored: 1, removed: 0, correctionsReopened: 1 });
      const reopened = (await listCorrections(store, { objectionId: onK1 })).find((c) => c.id === k1?.id);
      expect(reopened).toMatchObject({ status: "active", closedAt: null, conflict: null });

      // the platform still says 否: the correction stands, with a conflict noted by the batch; undone, no conflict
      const [disagrees] = await imported(file("orders", [o("K1", "T1", [11, 2], [11, 12], "否"), o("K2", "T1", [11, 3], [11, 9])]));
      expect((await listCorrections(store, { objectionId: onK1 })).find((c) => c.id === k1?.id)?.conflict).toMatchObject({ batchId: disagrees });
      await undo(disagrees as number);
      expect((await listCorrections(store, { objectionId: onK1 })).find((c) => c.id === k1?.id)).toMatchObject({ status: "active", conflict: null });
      expect([true, 1]).toContain((await order("K1"))?.delayExcused);
    });
  });

  it("a batch imported before batches kept what they changed cannot be undone", async () => {
    const [batch] = await imported(file("events", ["E1,甲镇,2017-12-02,行政不作为"]));
    await store.prisma.importBatch.update({ where: { id: batch as number }, data: { undoable: false } });
    const refused = await refusal(undo(batch as number));
    expect(refused.zh).toMatch(/导入于系统开始保存导入前数据之前，无法得知它修改了哪些数据的原值，因此不能撤销：如需更正，请导入更正后的文件$/);
    await store.prisma.importBatch.update({ where: { id: batch as number }, data: { undoable: true } });
    expect((await undo(batch as number)).removed).toBe(1);
  });

  it("a record a file changes and later changes back keeps its stamps and leaves no note: the undo restores only what the batch changed", async () => {
    // C1 closed later; C2 closed later in the file's first write batch and back as stored in its last (12,000 new orders
    // between, the import writing about 5,000 a batch as it reads), the later row winning: C2 did not change, so the batch notes C1
    // alone, and C2 keeps the batch, time and digest it had (its note was written with the first batch and dropped)
    const [first] = await imported(file("orders", [o("C1", "T1", [12, 4], [12, 6]), o("C2", "T2", [12, 4], [12, 7])]));
    const storedC2 = await order("C2");
    const fillers = Array.from({ length: 12_000 }, (_, i) => o(`CF${String(i).padStart(5, "0")}`, "T1", [12, 5], [12, 8]));
    const fix = file("orders", [o("C1", "T1", [12, 4], [12, 9]), o("C2", "T2", [12, 4], [12, 10]), ...fillers, o("C2", "T2", [12, 4], [12, 7])]);
    const result = await importFiles(store, [fix], { actor: ACTOR, laterRowWins: true });
    expect(result.ok && result.files[0]).toMatchObject({ inserted: 12_000, updated: 1, unchanged: 1 });
    const second = result.ok ? (result.files[0]?.batchId as number) : 0;
    const notes = await store.raw.query<{ entity: string; recordKey: string }>(
      `SELECT "entity", "recordKey" FROM "import_changes" WHERE "batchId" = ${p(1)} ORDER BY "id"`,
      [second],
    );
    expect(notes.map((n) => [n.entity, n.recordKey])).toEqual([["orders", "C1"]]);
    expect(await order("C2")).toEqual(storedC2);
    // one audit line of an update, C1's
    const updates = await store.prisma.auditLog.findMany({ where: { action: "orders.update", entityId: { in: ["C1", "C2"] } } });
    expect(updates.map((a) => a.entityId)).toEqual(["C1"]);

    const done = await undo(second);
    expect(done).toMatchObject({ removed: 12_000, restored: 1 });
    expect(Number((await order("C1"))?.batchId)).toBe(first);
    expect(await order("C2")).toEqual(storedC2);
    await undo(first as number);
  });

  it.skipIf(target.provider !== "postgres")(
    "not while an import is under way (it holds the import lock): refused, saying why, nothing changed; undone once it ends",
    async () => {
      const [batch] = await imported(file("orders", [o("L1", "T1", [12, 11], [12, 12])]));
      const before = await everything();
      // another process's import, as far as the lock goes: held until let go
      const importing = openRaw(database.url);
      let letGo = () => {};
      const held = new Promise<void>((resolve) => {
        letGo = resolve;
      });
      let taken = () => {};
      const locked = new Promise<void>((resolve) => {
        taken = resolve;
      });
      const holding = importing.transaction(async () => {
        await importing.query(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK})`);
        taken();
        await held;
      });
      try {
        await locked;
        const refused = await refusal(undo(batch as number));
        expect(refused.zh).toMatch(/^正在导入数据（另一项导入尚未完成），批次 #\d+（orders-\d+\.csv，.*）暂不能撤销：请在导入完成后再撤销$/);
        expect(await everything()).toEqual(before);
      } finally {
        letGo();
        await holding;
        await importing.close();
      }
      expect(await undo(batch as number)).toMatchObject({ removed: 1, restored: 0 });
    },
  );

  it("a holiday calendar is not undone: refused, saying to import the corrected calendar, nothing changed", async () => {
    const path = writeCsvText(dir, "节假日安排-2017.csv", ["日期,类型,说明", "2017-10-02,休,国庆节", "2017-09-30,班,国庆节调休"]);
    const [batch] = await imported({ path, name: "节假日安排-2017.csv" });
    const before = await everything();
    const refused = await refusal(undo(batch as number));
    expect(refused.zh).toMatch(/^批次 #\d+（节假日安排-2017\.csv，.*）是节假日安排，节假日安排的导入不能撤销：如需更正，请导入改正后的节假日安排文件/);
    expect(refused.zh).not.toMatch(/保存导入前数据之前/);
    expect(await everything()).toEqual(before);
    expect(await ids("holidays", '"note"')).toEqual(["国庆节", "国庆节调休"]);
  });
});

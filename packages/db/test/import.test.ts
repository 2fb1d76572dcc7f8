/**
 * importFiles on both databases: a valid folder is stored as the records the
 * engine reads; a file with any bad row changes nothing and reports every
 * problem; re-importing changes nothing; a corrected order replaces the
 * earlier one with an audit trail; GB18030 CSV and XLSX with Excel date
 * cells; progress reports.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Dataset, generateDemoDataset, loadDataset, shanghaiEpoch, writeDemoFiles } from "@kaohe/data";
import { changedText, repeatedRowsText, sheetsText } from "@kaohe/data/import-report";
import { beforeAll, describe, expect, it } from "vitest";
import { writeWorkbook } from "../../data/test/support/xlsx-writer.ts";
import { storedRowDigest } from "../src/import/row-specs.ts";
import { type FileProgress, type ImportFile, importFiles } from "../src/import.ts";
import { writeXlsxParts } from "./fixtures-import/xlsx.ts";
import { changeAudit, databases, tableCounts, tableRows, useDatabase } from "./support/databases.ts";
import { newWorkbook, useTempDir, writeCsvText, writeGb18030Csv } from "./support/files.ts";
import { auditRows, byId, storedEvents, storedFacts, storedOrders, storedUnits } from "./support/records.ts";

const dir = useTempDir();

const ORDER_HEADER =
  "工单编号,承办单位,source,诉求类型,受理时间,办理时限,延期至,办结时间,超期说明已认可,回退,回退认可,退回重办次数,匿名,已回访,过程满意度,结果满意度,结案类型,反弹,领导批示,响应时长";
const ORDERS = [
  ORDER_HEADER,
  "GD001,唐山镇,县中心,投诉,2017-10-03 14:05,2017-10-10,,2017-10-09 10:00,否,否,否,0,否,是,满意,基本满意,正常办结,否,否,2.5",
  "GD002,Z01,市中心,咨询,2017/10/4 9:00:00,2017-10-07 17:00,2017-10-12,2017-10-11 16:30,,,,1,是,否,,,正常办结,,,",
  "GD003,索镇街道,县中心,,2017-10-31 23:59,2017-11-07,,,否,是,是,0,否,否,,,,否,是,abc",
  "GD004,B01,县中心,求助,2017-11-01 00:00,2017-11-08,,2017-11-20 08:00,是,否,否,2,否,是,不满意,一般,问题反弹,是,否,48",
];
const UNITS = ["单位编码,单位名称,类别,联系人", "Z01,唐山镇,镇,王某", "J01,索镇街道,街道,", "B01,县住建局,县直部门,李某"];
const EVENTS = [
  "事件编号,单位,日期,事件类型,次数,分值,关联工单,说明",
  "SJ1,唐山镇,2017-10-05,行政不作为,,,GD001,经查证属实",
  "SJ2,B01,2017/10/20 15:00,其他效能问题,2,1.5,,",
];
const FACTS = ["单位,年度,事项,值", "唐山镇,2017,领导小组,是", "B01,2017,领导小组,否", "J01,2017,创新工作,3.5"];

/** A row of inline strings (as Apache POI SXSSF and openpyxl write them), hidden in the sheet when asked. */
const inlineCells = (r: number, values: string[], hidden = false) =>
  `<row r="${r}"${hidden ? ' hidden="1"' : ""}>${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join("")}</row>`;

/** A folder of the four files. */
function folder(name: string, files: { units?: string[]; orders?: string[]; events?: string[]; facts?: string[] }): ImportFile[] {
  return Object.entries(files).map(([kind, lines]) => ({ path: writeCsvText(dir, `${kind}-${name}.csv`, lines), name: `${kind}.csv` }));
}

async function expectedDataset(name: string, files: Parameters<typeof folder>[1]): Promise<Dataset> {
  const sub = join(dir, `expected-${name}`);
  mkdirSync(sub, { recursive: true });
  for (const [kind, lines] of Object.entries(files)) writeCsvText(sub, `${kind}.csv`, lines);
  const loaded = await loadDataset(sub);
  if (!loaded.dataset) throw new Error(JSON.stringify(loaded.problems));
  return loaded.dataset;
}

const EMPTY = { categories: 0, units: 0, orders: 0, events: 0, facts: 0, import_batches: 0, audit_log: 0 };

describe.each(databases)("importFiles on $label", (target) => {
  const t = useDatabase(target);
  /** everything an import may write, for "nothing changed at all" */
  const snapshot = async () => ({
    counts: await tableCounts(t.raw),
    units: await tableRows(t.raw, "units", '"code"'),
    orders: await tableRows(t.raw, "orders"),
    events: await tableRows(t.raw, "events"),
    facts: await tableRows(t.raw, "facts"),
    batches: await tableRows(t.raw, "import_batches"),
    audit: await changeAudit(t.raw),
  });

  it("rejects a file with bad rows: every problem (row, column, value, reason), nothing stored", async () => {
    const files = folder("bad", {
      units: UNITS,
      orders: [
        ORDER_HEADER,
        ORDERS[1] as string,
        "GD902,不存在镇,县中心,投诉,2017-10-03,2017-10-10,,,否,否,否,0,否,否,,,,否,否,",
        "GD903,Z01,,投诉,2017-13-03,2017-10-10,,,否,否,否,-1,否,也许,,,,否,否,",
        "GD904,J01,市中心,投诉,,2017-10-10,,2017-02-30,否,否,否,x,否,否,很好,,,否,否,",
      ],
    });
    const result = await importFiles(t.db, files, { actor: "测试员" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const where = result.problems.map(({ file, row, column, value, reason }) => ({ file, row, column, value, reason }));
    expect(where).toEqual([
      { file: "orders.csv", row: 3, column: "承办单位", value: "不存在镇", reason: "找不到该单位（按单位名称或单位编码）" },
      { file: "orders.csv", row: 4, column: "source", value: "", reason: "必填项为空" },
      {
        file: "orders.csv",
        row: 4,
        column: "受理时间",
        value: "2017-13-03",
        reason: "日期或时刻不存在（月份 1—12、日子不超过当月天数、时刻 0:00—24:00）：请核对，应如 2017-10-03 14:05",
      },
      { file: "orders.csv", row: 4, column: "退回重办次数", value: "-1", reason: "应为不小于 0 的整数" },
      { file: "orders.csv", row: 4, column: "已回访", value: "也许", reason: "应为“是”或“否”" },
      { file: "orders.csv", row: 5, column: "受理时间", value: "", reason: "必填项为空" },
      {
        file: "orders.csv",
        row: 5,
        column: "办结时间",
        value: "2017-02-30",
        reason: "日期或时刻不存在（月份 1—12、日子不超过当月天数、时刻 0:00—24:00）：请核对，应如 2017-10-03 14:05",
      },
      { file: "orders.csv", row: 5, column: "退回重办次数", value: "x", reason: "应为不小于 0 的整数" },
      {
        file: "orders.csv",
        row: 5,
        column: "过程满意度",
        value: "很好",
        reason: expect.stringMatching(/^应为 满意、基本满意、一般 或 不满意（未回访的留空）；本地的满意度分级与此不同/),
      },
    ]);
    expect(result.problemCount).toBe(9);
    for (const p of result.problems) expect(p.reasonEn).toMatch(/\w/);
    expect(result.files).toEqual([
      { file: "units.csv", kind: "units", rows: 3 },
      { file: "orders.csv", kind: "orders", rows: 4 },
    ]);
    // the units were fine, the orders bad: nothing at all is stored, not even the good rows or the units
    expect(await tableCounts(t.raw)).toEqual(EMPTY);
  });

  it("a bad events file after good units and orders in the same call stores nothing; maxProblems caps the list, not the count", async () => {
    const files = folder("bad-events", {
      units: UNITS,
      orders: ORDERS,
      events: [EVENTS[0] as string, "SJ1,唐山镇,2017-10-05,行政不作为,0,,,", "SJ1,唐山镇,2017-10-06,行政不作为,,abc,,", "SJ3,,,,,,,"],
      facts: FACTS,
    });
    const result = await importFiles(t.db, files, { actor: "测试员", maxProblems: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(2);
    expect(result.problemCount).toBeGreaterThanOrEqual(6);
    expect(result.problems[0]).toMatchObject({ file: "events.csv", row: 2, column: "次数", value: "0" });
    expect(await tableCounts(t.raw)).toEqual(EMPTY);
  });

  it("the same problem (column, value and reason) on many rows is one problem naming its rows, one place under maxProblems", async () => {
    // 索镇街道办事处 (the platform's name of 索镇街道) on rows 2, 4, 5 and 6; a date that does not exist on row 7
    const order = (id: string, unit: string, received = "2017-10-03 14:05") => `${id},${unit},县中心,投诉,${received},2017-10-10,,,,,,0,否,否,,,,,,`;
    const orders = [ORDER_HEADER, order("G1", "索镇街道办事处"), order("G2", "县住建局"), order("G3", "索镇街道办事处"), order("G4", "索镇街道办事处")];
    orders.push(order("G5", "索镇街道办事处"), order("G6", "唐山镇", "2017-13-01"));
    const result = await importFiles(t.db, folder("grouped", { units: UNITS, orders }), { actor: "测试员", maxProblems: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // five problems found, told as two: kept row by row, the two places went to rows 2 and 4 of the same value and
    // the date on row 7 was left out. Two rows besides the first ones are kept (maxProblems): 4 and 5, 6 counted.
    expect(result.problemCount).toBe(5);
    expect(result.problems.map(({ row, column, value, rows }) => ({ row, column, value, rows }))).toEqual([
      { row: 2, column: "承办单位", value: "索镇街道办事处", rows: { count: 4, listed: [2, 4, 5] } },
      { row: 7, column: "受理时间", value: "2017-13-01", rows: undefined },
    ]);
    expect(result.problems[0]?.reason).toBe(
      "找不到该单位（按单位名称或单位编码）：是否为“索镇街道”（J01）？请写单位名单中的名称或编码；平台导出的文件常这样写，可在单位名单的“别名”列写上“索镇街道办事处”，重新导入单位名单后即可识别",
    );
    expect(await tableCounts(t.raw)).toEqual(EMPTY);
  });

  it("a file whose kind neither its name nor its header tells is refused before anything is read, listing each kind's required columns", async () => {
    const files = [{ path: writeCsvText(dir, "名单.csv", ["编号,名称", "1,甲"]) }, { path: writeCsvText(dir, "units-ok.csv", UNITS), name: "units.csv" }];
    const result = await importFiles(t.db, files, { actor: "测试员" });
    expect(result).toMatchObject({ ok: false, problemCount: 1, problems: [{ file: "名单.csv", row: 0 }] });
    if (result.ok) return;
    expect(result.problems[0]?.reason).toContain("无法判断文件“名单.csv”是哪类数据");
    expect(result.problems[0]?.reason).toContain("工单：工单编号、承办单位、来源、受理时间、办理时限");
    expect(await tableCounts(t.raw)).toEqual(EMPTY);
  });

  it("a file whose name does not tell its kind, with one kind's columns some named as platforms name them (工单号), is read as that kind and told what to rename", async () => {
    const result = await importFiles(
      t.db,
      [{ path: writeCsvText(dir, "导出数据.csv", ["工单号,承办单位,来源,受理时间,办理时限", "PX1,唐山镇,县中心,2017-10-03 08:05,2017-10-10"]) }],
      {
        actor: "测试员",
      },
    );
    // (no units are stored here: 唐山镇 is unknown too)
    expect(result.ok ? [] : result.problems.map((p) => [p.column, p.reason.split("：")[0]])).toContainEqual([
      "工单号",
      "列“工单号”看来是“工单编号”，但列名不同，没有按它读取",
    ]);
    expect(await tableCounts(t.raw)).toEqual(EMPTY);
  });

  it("an empty file whose name does not tell its kind is told to be empty", async () => {
    for (const lines of [[], ["", " , ", ""]]) {
      const result = await importFiles(t.db, [{ path: writeCsvText(dir, "空白.csv", lines) }], { actor: "测试员" });
      expect(result).toMatchObject({ ok: false, problemCount: 1, problems: [{ file: "空白.csv", row: 0 }] });
      if (!result.ok) expect(result.problems[0]?.reason).toBe("文件“空白.csv”是空的（没有表头行，也没有数据行）");
    }
    // a workbook of no bytes is empty too, not damaged
    for (const name of ["空白.xlsx", "空白.xls", "空白.ods"]) {
      writeFileSync(join(dir, name), "");
      const result = await importFiles(t.db, [{ path: join(dir, name) }], { actor: "测试员" });
      if (!result.ok) expect(result.problems[0]?.reason).toBe(`文件“${name}”是空的（没有表头行，也没有数据行）`);
      expect(result.ok).toBe(false);
    }
    writeFileSync(join(dir, "orders-空白.xlsx"), "");
    const named = await importFiles(t.db, [{ path: join(dir, "orders-空白.xlsx") }], { actor: "测试员" });
    expect(named.ok ? [] : named.problems.map((p) => p.reason)).toEqual(["文件为空（没有表头行）"]);
    expect(await tableCounts(t.raw)).toEqual(EMPTY);
  });

  it("imports a valid folder: counts, reports, and exactly the records the engine reads from the files", async () => {
    const files = { units: UNITS, orders: ORDERS, events: EVENTS, facts: FACTS };
    // given in the "wrong" order: units are imported first anyway, so orders can name them
    const result = await importFiles(t.db, folder("good", files).reverse(), { actor: "测试员" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files.map(({ file, kind, rows, inserted, updated, unchanged }) => ({ file, kind, rows, inserted, updated, unchanged }))).toEqual([
      { file: "units.csv", kind: "units", rows: 3, inserted: 3, updated: 0, unchanged: 0 },
      { file: "orders.csv", kind: "orders", rows: 4, inserted: 4, updated: 0, unchanged: 0 },
      { file: "events.csv", kind: "events", rows: 2, inserted: 2, updated: 0, unchanged: 0 },
      { file: "facts.csv", kind: "facts", rows: 3, inserted: 3, updated: 0, unchanged: 0 },
    ]);
    for (const f of result.files) {
      expect(f.batchId).toEqual(expect.any(Number));
      expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // a batch audited per file, and each category the units brought (in the customary order, whatever the file's)
    expect(await tableCounts(t.raw)).toEqual({ categories: 3, units: 3, orders: 4, events: 2, facts: 3, import_batches: 4, audit_log: 7 });
    expect(await t.raw.query(`SELECT "name", "position" FROM "categories" ORDER BY "position"`)).toEqual([
      { name: "镇", position: 0 },
      { name: "街道", position: 1 },
      { name: "县直部门", position: 2 },
    ]);
    expect((await auditRows(t.raw)).filter((a) => a.action === "categories.create").map((a) => [a.entityId, a.actor])).toEqual([
      ["镇", "测试员"],
      ["街道", "测试员"],
      ["县直部门", "测试员"],
    ]);

    const expected = await expectedDataset("good", files);
    expect(await storedUnits(t.raw)).toEqual([...expected.units].sort((a, b) => a.code.localeCompare(b.code)));
    expect(await storedOrders(t.raw)).toEqual(byId(expected.orders));
    expect(await storedEvents(t.raw)).toEqual(byId(expected.events));
    expect(await storedFacts(t.raw)).toEqual(expect.arrayContaining(expected.facts));

    // spot checks against the data format itself
    const orders = await storedOrders(t.raw);
    expect(orders[0]).toMatchObject({
      id: "GD001",
      unit: "Z01",
      receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5),
      // a deadline given as a date is the end of that day
      dueAt: shanghaiEpoch(2017, 10, 10, 23, 59, 59, 999),
      visited: true,
      attributes: { 响应时长: "2.5" },
    });
    expect(orders[1]).toMatchObject({
      id: "GD002",
      unit: "Z01",
      extendedTo: shanghaiEpoch(2017, 10, 12, 23, 59, 59, 999),
      delayExcused: false,
      attributes: {},
    });
    expect(orders[2]).toMatchObject({ id: "GD003", unit: "J01", kind: null, closedAt: null, returned: true, returnAccepted: true });
    const batches = await tableRows(t.raw, "import_batches");
    expect(batches.map((b) => [b.kind, b.fileName, Number(b.rows), Number(b.inserted), b.createdBy])).toEqual([
      ["units", "units.csv", 3, 3, "测试员"],
      ["orders", "orders.csv", 4, 4, "测试员"],
      ["events", "events.csv", 2, 2, "测试员"],
      ["facts", "facts.csv", 3, 3, "测试员"],
    ]);
    const orderRows = await tableRows(t.raw, "orders");
    expect(new Set(orderRows.map((r) => Number(r.batchId)))).toEqual(new Set([Number(batches[1]?.id)]));
    expect((await auditRows(t.raw)).map((a) => [a.action, a.actor])).toEqual([
      ["categories.create", "测试员"],
      ["categories.create", "测试员"],
      ["categories.create", "测试员"],
      ["import.units", "测试员"],
      ["import.orders", "测试员"],
      ["import.events", "测试员"],
      ["import.facts", "测试员"],
    ]);
  });

  it("a file with title rows above its header and a blank line: the rows counted are the data rows", async () => {
    // and a blank line between two units, as a hand-edited file has
    const titled = ["桓台县12345热线承办单位名录", "（2017年10月）", ...UNITS.slice(0, 2), ",,,", ...UNITS.slice(2)];
    const result = await importFiles(t.db, folder("titled", { units: titled }), { actor: "测试员" });
    // the units of the folder above, stored already: three rows read, none new
    expect(result.ok && result.files.map((f) => [f.kind, f.rows, f.inserted + f.updated + f.unchanged])).toEqual([["units", 3, 3]]);
  });

  it("re-importing the same files changes nothing: no new rows, no import batch, no audit row of a change; each file's attempt is audited", async () => {
    const before = await snapshot();
    const result = await importFiles(t.db, folder("good", { units: UNITS, orders: ORDERS, events: EVENTS, facts: FACTS }), { actor: "另一人" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files.map((f) => [f.kind, f.inserted, f.updated, f.unchanged, f.batchId])).toEqual([
      ["units", 0, 0, 3, null],
      ["orders", 0, 0, 4, null],
      ["events", 0, 0, 2, null],
      ["facts", 0, 0, 3, null],
    ]);
    expect(await snapshot()).toEqual(before);
    const attempts = (await auditRows(t.raw, true)).slice(-4);
    expect(attempts.map((a) => [a.action, a.actor, a.detail.file, a.detail.kind, a.detail.rows])).toEqual([
      ["import.unchanged", "另一人", "units.csv", "units", 3],
      ["import.unchanged", "另一人", "orders.csv", "orders", 4],
      ["import.unchanged", "另一人", "events.csv", "events", 2],
      ["import.unchanged", "另一人", "facts.csv", "facts", 3],
    ]);
  });

  it("a bad file on top of stored data changes nothing, not even the corrections in its good rows", async () => {
    const before = await snapshot();
    const corrected = (ORDERS[2] as string).replace("2017-10-11 16:30", "2017-10-11 18:30");
    const result = await importFiles(t.db, folder("bad2", { orders: [ORDER_HEADER, corrected, "GD905,Z01,县中心,投诉,昨天,2017-10-10,,,,,,,,,,,,,,"] }), {
      actor: "测试员",
    });
    expect(result).toMatchObject({ ok: false, problemCount: 1, problems: [{ row: 3, column: "受理时间", value: "昨天" }] });
    expect(await snapshot()).toEqual(before);
  });

  it("a corrected order (same 工单编号, changed 办结时间) replaces the earlier one, and the audit log records from and to", async () => {
    const before = await snapshot();
    const corrected = (ORDERS[2] as string).replace("2017-10-11 16:30", "2017-10-13 09:15");
    const lines = [...ORDERS];
    lines[2] = corrected;
    const result = await importFiles(t.db, folder("corrected", { orders: lines }), { actor: "复核员" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [report] = result.files;
    expect(report).toMatchObject({ kind: "orders", rows: 4, inserted: 0, updated: 1, unchanged: 3 });

    const after = await snapshot();
    expect(after.counts).toEqual({ ...before.counts, import_batches: before.counts.import_batches + 1, audit_log: before.counts.audit_log + 2 });
    const orders = await storedOrders(t.raw);
    expect(orders.find((o) => o.id === "GD002")?.closedAt).toBe(shanghaiEpoch(2017, 10, 13, 9, 15));
    // the other orders are untouched, row for row
    expect(after.orders.filter((o) => o.id !== "GD002")).toEqual(before.orders.filter((o) => o.id !== "GD002"));
    expect(Number(after.orders.find((o) => o.id === "GD002")?.batchId)).toBe(report?.batchId);

    const audit = (await auditRows(t.raw)).slice(before.counts.audit_log);
    expect(audit).toEqual([
      {
        actor: "复核员",
        action: "orders.update",
        entity: "orders",
        entityId: "GD002",
        detail: { batchId: report?.batchId, changes: { closedAt: { from: shanghaiEpoch(2017, 10, 11, 16, 30), to: shanghaiEpoch(2017, 10, 13, 9, 15) } } },
        address: null,
      },
      {
        actor: "复核员",
        action: "import.orders",
        entity: "import_batches",
        entityId: String(report?.batchId),
        detail: expect.objectContaining({ file: "orders.csv", rows: 4, inserted: 0, updated: 1, unchanged: 3 }),
        address: null,
      },
    ]);

    // importing the correction again changes nothing
    const again = await snapshot();
    const repeat = await importFiles(t.db, folder("corrected", { orders: lines }), { actor: "复核员" });
    expect(repeat).toMatchObject({ ok: true, files: [{ updated: 0, unchanged: 4, batchId: null }] });
    expect(await snapshot()).toEqual(again);
  });

  it("a file of some columns updates those and leaves the stored values of the others (延期至, 已回访, 满意度, an extra column); an empty cell of a column it has clears", async () => {
    const stored = byId(await storedOrders(t.raw));
    const [gd1, gd2] = [stored.find((o) => o.id === "GD001"), stored.find((o) => o.id === "GD002")];
    expect(gd1).toMatchObject({ visited: true, processSatisfaction: "满意", kind: "投诉", attributes: { 响应时长: "2.5" } });
    expect(gd2?.extendedTo).toBe(shanghaiEpoch(2017, 10, 13) - 1);
    // a 办结情况 update: GD001 closed an hour later, GD002 as stored
    const partial = [
      "工单编号,承办单位,来源,受理时间,办理时限,办结时间",
      "GD001,唐山镇,县中心,2017-10-03 14:05,2017-10-10,2017-10-09 11:00",
      "GD002,Z01,市中心,2017/10/4 9:00:00,2017-10-07 17:00,2017-10-13 09:15",
    ];
    const before = await changeAudit(t.raw);
    const result = await importFiles(t.db, folder("partial", { orders: partial }), { actor: "复核员" });
    expect(result).toMatchObject({ ok: true, files: [{ rows: 2, inserted: 0, updated: 1, unchanged: 1 }] });
    const after = byId(await storedOrders(t.raw));
    expect(after.find((o) => o.id === "GD001")).toEqual({ ...gd1, closedAt: shanghaiEpoch(2017, 10, 9, 11, 0) });
    expect(after.find((o) => o.id === "GD002")).toEqual(gd2);
    // audited as what changed: 办结时间 only
    const audit = (await changeAudit(t.raw)).slice(before.length);
    expect(audit.filter((a) => a.action === "orders.update").map((a) => (typeof a.detail === "string" ? JSON.parse(a.detail) : a.detail).changes)).toEqual([
      { closedAt: { from: shanghaiEpoch(2017, 10, 9, 10, 0), to: shanghaiEpoch(2017, 10, 9, 11, 0) } },
    ]);
    // the updated row's digest is the digest of what it now holds (a fingerprint sees the data as it is)
    const row = (await t.raw.query<Record<string, unknown>>(`SELECT * FROM "orders" WHERE "id" = 'GD001'`))[0] as Record<string, unknown>;
    expect(row.digest).toBe(storedRowDigest("orders", row, t.provider));

    // a column the file has, left empty: the file says there is none
    const cleared = await importFiles(
      t.db,
      folder("cleared", { orders: ["工单编号,承办单位,来源,受理时间,办理时限,延期至", "GD002,Z01,市中心,2017/10/4 9:00:00,2017-10-07 17:00,"] }),
      { actor: "复核员" },
    );
    expect(cleared).toMatchObject({ ok: true, files: [{ updated: 1 }] });
    expect((await storedOrders(t.raw)).find((o) => o.id === "GD002")).toEqual({ ...gd2, extendedTo: null });
  });

  it("a corrected yearly fact replaces the earlier value, audited", async () => {
    const before = await tableCounts(t.raw);
    const result = await importFiles(t.db, folder("facts2", { facts: [FACTS[0] as string, "B01,2017,领导小组,是"] }), { actor: "复核员" });
    expect(result).toMatchObject({ ok: true, files: [{ kind: "facts", inserted: 0, updated: 1, unchanged: 0 }] });
    expect((await storedFacts(t.raw)).find((f) => f.unit === "B01" && f.item === "领导小组")?.value).toBe(true);
    expect(await tableCounts(t.raw)).toEqual({ ...before, import_batches: before.import_batches + 1, audit_log: before.audit_log + 2 });
    const audit = (await auditRows(t.raw)).filter((a) => a.action === "facts.update");
    expect(audit).toEqual([
      expect.objectContaining({ entityId: "B01/2017/领导小组", detail: expect.objectContaining({ changes: { value: { from: "否", to: "是" } } }) }),
    ]);
    // the report says which item from what to what, by the unit's name (填报年度事项 said 更新 1 and no more: a walk)
    expect(result.ok && changedText(result.files[0] ?? {})).toBe("更新的 1 条记录中改变的列：值 1（县住建局 2017 领导小组：否 → 是）");
  });

  it("monthly facts (月份): one row per unit, month and item beside the yearly one; a corrected month replaces its value, audited; a 月份 outside 年度 is refused", async () => {
    const header = "单位,年度,月份,事项,值";
    const first = await importFiles(t.db, folder("facts-monthly", { facts: [header, "B01,2017,2017-10,领导小组,8", "B01,2017,2017/11,领导小组,6"] }), {
      actor: "复核员",
    });
    expect(first).toMatchObject({ ok: true, files: [{ kind: "facts", inserted: 2, updated: 0, unchanged: 0 }] });
    const b01 = (await storedFacts(t.raw)).filter((f) => f.unit === "B01" && f.item === "领导小组");
    // the yearly row (the earlier test's 是) stays, without a month
    expect(b01).toEqual(
      expect.arrayContaining([
        { unit: "B01", year: 2017, item: "领导小组", value: true },
        { unit: "B01", year: 2017, month: "2017-10", item: "领导小组", value: 8 },
        { unit: "B01", year: 2017, month: "2017-11", item: "领导小组", value: 6 },
      ]),
    );
    expect(b01).toHaveLength(3);

    const again = await importFiles(t.db, folder("facts-monthly2", { facts: [header, "B01,2017,2017-10,领导小组,9", "B01,2017,2017-11,领导小组,6"] }), {
      actor: "复核员",
    });
    expect(again).toMatchObject({ ok: true, files: [{ kind: "facts", inserted: 0, updated: 1, unchanged: 1 }] });
    expect((await auditRows(t.raw)).filter((a) => a.action === "facts.update").at(-1)).toEqual(
      expect.objectContaining({ entityId: "B01/2017-10/领导小组", detail: expect.objectContaining({ changes: { value: { from: "8", to: "9" } } }) }),
    );

    const before = await snapshot();
    const bad = await importFiles(t.db, folder("facts-monthly-bad", { facts: [header, "B01,2017,2018-01,领导小组,9", "B01,2017,13月,领导小组,9"] }), {
      actor: "复核员",
    });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain("月份不在年度 2017 之内");
    expect(JSON.stringify(bad)).toContain("应为年月，如 2018-01");
    expect(await snapshot()).toEqual(before);
  });

  it("reads a GB18030-encoded CSV", async () => {
    const path = await writeGb18030Csv(dir, "gb-orders.csv", [
      "工单编号,承办单位,来源,诉求类型,受理时间,办理时限,已回访,过程满意度,渠道说明",
      "GB001,县住建局,市中心,举报,2017-12-01 08:30,2017-12-08,是,基本满意,微信公众号（转办）",
    ]);
    // really GB18030, not UTF-8
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path))).toThrow();
    const result = await importFiles(t.db, [{ path, kind: "orders" }], { actor: "测试员" });
    expect(result).toMatchObject({ ok: true, files: [{ inserted: 1 }] });
    const order = (await storedOrders(t.raw)).find((o) => o.id === "GB001");
    expect(order).toMatchObject({
      unit: "B01",
      source: "市中心",
      kind: "举报",
      receivedAt: shanghaiEpoch(2017, 12, 1, 8, 30),
      processSatisfaction: "基本满意",
      attributes: { 渠道说明: "微信公众号（转办）" },
    });
  });

  it("reads XLSX with real Excel date cells", async () => {
    const workbook = newWorkbook();
    const sheet = workbook.addWorksheet("工单");
    sheet.addRow(["工单编号", "承办单位", "来源", "受理时间", "办理时限", "延期至", "办结时间", "退回重办次数", "响应时长(小时)"]);
    // exceljs gives and takes Excel's zone-less wall-clock times as UTC fields
    sheet.addRow([
      "XL001",
      "索镇街道",
      "县中心",
      new Date(Date.UTC(2017, 11, 3, 14, 5)),
      new Date(Date.UTC(2017, 11, 10)),
      new Date(Date.UTC(2017, 11, 15, 17, 30)),
      new Date(Date.UTC(2017, 11, 12)),
      1,
      2.5,
    ]);
    sheet.addRow([20171204002, "Z01", "市中心", new Date(Date.UTC(2017, 11, 4, 9, 0, 30)), new Date(Date.UTC(2017, 11, 11)), null, null, 0, null]);
    for (const [cell, format] of [
      ["D2", "yyyy-mm-dd hh:mm"],
      ["E2", "yyyy-mm-dd"],
      ["F2", "yyyy-mm-dd hh:mm"],
      ["G2", "yyyy-mm-dd"],
      ["D3", "yyyy/m/d h:mm:ss"],
      ["E3", "yyyy-mm-dd"],
    ] as const) {
      sheet.getCell(cell).numFmt = format;
    }
    const path = join(dir, "orders-excel.xlsx");
    await workbook.xlsx.writeFile(path);

    const result = await importFiles(t.db, [{ path }], { actor: "测试员" });
    expect(result).toMatchObject({ ok: true, files: [{ kind: "orders", rows: 2, inserted: 2 }] });
    const orders = await storedOrders(t.raw);
    expect(orders.find((o) => o.id === "XL001")).toMatchObject({
      unit: "J01",
      receivedAt: shanghaiEpoch(2017, 12, 3, 14, 5),
      dueAt: shanghaiEpoch(2017, 12, 10, 23, 59, 59, 999),
      extendedTo: shanghaiEpoch(2017, 12, 15, 17, 30),
      // not a deadline: a date alone is the start of the day
      closedAt: shanghaiEpoch(2017, 12, 12),
      redoCount: 1,
      attributes: { "响应时长(小时)": "2.5" },
    });
    expect(orders.find((o) => o.id === "20171204002")).toMatchObject({
      unit: "Z01",
      receivedAt: shanghaiEpoch(2017, 12, 4, 9, 0, 30),
      dueAt: shanghaiEpoch(2017, 12, 11, 23, 59, 59, 999),
      extendedTo: null,
      closedAt: null,
    });
  });
  it("reads a workbook kept a sheet a month (title rows above each header, a notes sheet in front) as one file: every month's orders, the data rows counted", async () => {
    const workbook = newWorkbook();
    workbook.addWorksheet("说明").addRow(["每月一张工作表"]);
    const header = ["工单编号", "承办单位", "来源", "受理时间", "办理时限", "办结时间"];
    const october = workbook.addWorksheet("10月");
    october.addRow(["2017年10月工单"]);
    october.addRow(header);
    october.addRow(["SM1001", "索镇街道", "县中心", "2017-10-03 09:00", "2017-10-10", "2017-10-05"]);
    october.addRow(["SM1002", "唐山镇", "县中心", "2017-10-20 15:00", "2017-10-27", ""]);
    const november = workbook.addWorksheet("11月");
    november.addRow(header);
    november.addRow(["SM1101", "唐山镇", "市中心", "2017-11-02 10:30", "2017-11-09", "2017-11-08"]);
    const path = join(dir, "工单-四季度.xlsx");
    await workbook.xlsx.writeFile(path);

    const result = await importFiles(t.db, [...folder("sheets", { units: UNITS }), { path }], { actor: "测试员" });
    expect(result).toMatchObject({ ok: true, files: [{ kind: "units" }, { kind: "orders", rows: 3, inserted: 3 }] });
    const stored = (await storedOrders(t.raw)).filter((o) => o.id.startsWith("SM"));
    expect(stored.map((o) => [o.id, o.unit, o.receivedAt])).toEqual([
      ["SM1001", "J01", shanghaiEpoch(2017, 10, 3, 9)],
      ["SM1002", "Z01", shanghaiEpoch(2017, 10, 20, 15)],
      ["SM1101", "Z01", shanghaiEpoch(2017, 11, 2, 10, 30)],
    ]);
  });

  it("a unit given the name another stored unit holds is a problem of its row, and nothing is stored", async () => {
    const before = await snapshot();
    const result = await importFiles(t.db, folder("name-taken", { units: [UNITS[0] as string, "Z09,唐山镇,镇,", "Z10,新城镇,镇,"] }), { actor: "测试员" });
    expect(result).toMatchObject({
      ok: false,
      problemCount: 1,
      problems: [{ file: "units.csv", row: 2, column: "单位名称", value: "唐山镇", reason: "单位名称已被单位 Z01 使用" }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("a unit whose name differs from a stored unit's only in full-width or half-width brackets is refused: orders find units by either", async () => {
    const before = await snapshot();
    // 唐山镇 is stored as Z01; the file writes its name with full-width characters for a new unit
    const result = await importFiles(t.db, folder("width-taken", { units: [UNITS[0] as string, "Z11,唐山镇（东）,镇,", "Z12,唐山镇(东),镇,"] }), {
      actor: "测试员",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [
        3,
        "单位名称",
        "单位名称与第 2 行的“唐山镇（东）”只差全角半角或空格：工单、事件按名称或编码找单位时不分全角半角、不看空格，会分不清是哪一个；请改成不同的单位名称，或删去多余的一行",
      ],
    ]);
    expect(await snapshot()).toEqual(before);
    const stored = await importFiles(t.db, folder("width-stored", { units: [UNITS[0] as string, "Z13,唐山镇（东）,镇,"] }), { actor: "测试员" });
    expect(stored.ok).toBe(true);
    const again = await importFiles(t.db, folder("width-again", { units: [UNITS[0] as string, "Z14,唐山镇(东),镇,"] }), { actor: "测试员" });
    expect(again.ok ? [] : again.problems.map((p) => p.reason)).toEqual(["单位名称已被单位 Z13 使用（写作“唐山镇（东）”，只差全角半角或空格）"]);
    // spaces likewise: 唐山镇 （东） for another new unit
    const spaced = await importFiles(t.db, folder("space-again", { units: [UNITS[0] as string, "Z15,唐山镇 （东）,镇,"] }), { actor: "测试员" });
    expect(spaced.ok ? [] : spaced.problems.map((p) => p.reason)).toEqual(["单位名称已被单位 Z13 使用（写作“唐山镇（东）”，只差全角半角或空格）"]);
    // its code in lower case: another unit to the importer, and said to differ from the stored code only so
    const cased = await importFiles(t.db, folder("case-again", { units: [UNITS[0] as string, "z13,唐山镇（东）,镇,"] }), { actor: "测试员" });
    expect(cased.ok ? [] : cased.problems.map((p) => p.reason)).toEqual([
      "单位名称已被单位 Z13 使用；本行的单位编码“z13”与 Z13 只差字母大小写，编码须与已存储的写法一致",
    ]);
    // under a name of its own too: it would be a second unit (a review found it stored without a word)
    const renamedCase = await importFiles(t.db, folder("case-new-name", { units: [UNITS[0] as string, "z13,唐山镇西区,镇,"] }), { actor: "测试员" });
    expect(renamedCase.ok ? [] : renamedCase.problems.map((p) => p.reason)).toEqual([
      "单位编码“z13”与已有单位 Z13（唐山镇（东））只差字母大小写：会成为另一个单位；如是同一单位，请按已存储的写法填写编码",
    ]);
    // the tests after this one know the units they stored
    await t.raw.execute(`DELETE FROM "units" WHERE "code" = ${t.raw.provider === "sqlite" ? "?" : "$1"}`, ["Z13"]);
  });

  it("an order naming a unit by the name it had before it was renamed is refused, saying whose name it was and what to write", async () => {
    const renamed = await importFiles(t.db, folder("renamed", { units: [UNITS[0] as string, "B01,县住房和城乡建设局,县直部门,李某"] }), { actor: "测试员" });
    expect(renamed.ok).toBe(true);
    // an old export: 承办单位 as it was then
    const old = await importFiles(
      t.db,
      folder("old-export", { orders: [ORDER_HEADER, "GD901,县住建局,县中心,投诉,2017-10-03 14:05,2017-10-10,,,,,,0,,,,,,,,"] }),
      { actor: "测试员" },
    );
    expect(old.ok ? [] : old.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [
        2,
        "承办单位",
        "找不到该单位（按单位名称或单位编码）：“县住建局”是单位 B01 以前的名称，现名“县住房和城乡建设局”；请把这一列改为现名或单位编码 B01（按编码，单位改名后也找得到）",
      ],
    ]);
    // the tests after this one know the unit by its first name
    expect((await importFiles(t.db, folder("renamed-back", { units: UNITS }), { actor: "测试员" })).ok).toBe(true);
  });

  it("an order naming a unit by an alias its units file gives (别名) is the unit's, in the same import or a later one", async () => {
    // (a platform's export writes 县住建委 every month: it was edited by hand, a data review)
    const aliased = [["单位编码,单位名称,类别,联系人,别名"], ["B01,县住建局,县直部门,李某,县住建委、住建局"]].flat();
    const same = await importFiles(
      t.db,
      [
        ...folder("aliased", { units: aliased }),
        ...folder("aliased-orders", { orders: [ORDER_HEADER, "GD902,县住建委,县中心,投诉,2017-10-03 14:05,2017-10-10,,,,,,0,,,,,,,,"] }),
      ],
      { actor: "测试员" },
    );
    expect(same.ok ? [] : same.problems).toEqual([]);
    const later = await importFiles(
      t.db,
      folder("aliased-later", { orders: [ORDER_HEADER, "GD903,住建局,县中心,投诉,2017-10-04 14:05,2017-10-11,,,,,,0,,,,,,,,"] }),
      {
        actor: "测试员",
      },
    );
    expect(later.ok ? [] : later.problems).toEqual([]);
    const stored = await t.raw.query<{ id: string; unit: string }>(`SELECT "id", "unit" FROM "orders" WHERE "id" IN ('GD902', 'GD903') ORDER BY "id"`);
    expect(stored).toEqual([
      { id: "GD902", unit: "B01" },
      { id: "GD903", unit: "B01" },
    ]);
    // the tests after this one know the store as it was
    await t.raw.execute(`DELETE FROM "orders" WHERE "id" IN ('GD902', 'GD903')`);
    expect((await importFiles(t.db, folder("aliased-back", { units: UNITS }), { actor: "测试员" })).ok).toBe(true);
  });

  it("a units file that fails has the rows of the files after it that name its units said in one line, counted all", async () => {
    // (a garbled units file buried its own problem under 563 找不到该单位, one per order: a new county's walk)
    const units = ["单位编码,单位名称,类别", "X01,新甲镇,镇", "X02,,镇"];
    const orders = [ORDER_HEADER, ...[1, 2, 3].map((i) => `GDX${i},新甲镇,县中心,投诉,2017-10-03 14:05,2017-10-10,,,,,,0,,,,,,,,`)];
    const r = await importFiles(t.db, [...folder("units-failed", { units }), ...folder("units-failed-orders", { orders })], { actor: "测试员" });
    if (r.ok) throw new Error("imported");
    // the units file's own problem (a unit without its name), then one line for the three orders, each counted
    expect(r.problemCount).toBe(4);
    expect(r.problems.map((p) => [p.file, p.row, p.column, p.value])).toEqual([
      ["units.csv", 3, "单位名称", ""],
      ["orders.csv", 2, "承办单位", "3 行"],
    ]);
    expect(r.problems[1]?.reason).toBe(
      "第 2 行起共 3 行的单位找不到：本次导入的单位名单“units.csv”有问题（见上），其中的单位都未读入；请先改正单位名单，再与本文件一同导入",
    );
    // an order naming a unit no file has is counted with them (which units the failed file meant is not known): once
    // the units file is right, an import says it alone
    const mixed = await importFiles(
      t.db,
      [
        ...folder("units-failed-2", { units }),
        ...folder("units-failed-orders-2", { orders: [...orders, "GDX9,没有这个镇,县中心,投诉,2017-10-03 14:05,2017-10-10,,,,,,0,,,,,,,,"] }),
      ],
      { actor: "测试员" },
    );
    expect(mixed.ok ? [] : mixed.problems.map((p) => p.value)).toEqual(["", "4 行"]);
  });

  it("a re-import says what its updates changed, column by column, and which records moved to another unit", async () => {
    // (a platform's re-export moved an order to another unit, and the report said only 更新 1: a data review)
    const first = await importFiles(
      t.db,
      folder("moved-1", { orders: [ORDER_HEADER, "GD905,唐山镇,县中心,投诉,2017-10-05 09:00,2017-10-12,,,,,,0,,,,,,,,"] }),
      {
        actor: "测试员",
      },
    );
    expect(first.ok && first.files[0]?.changed).toEqual([]);
    const again = await importFiles(
      t.db,
      folder("moved-2", { orders: [ORDER_HEADER, "GD905,索镇街道,县中心,投诉,2017-10-05 09:00,2017-10-12,,2017-10-10 16:00,,,,0,,,,,,,,"] }),
      { actor: "测试员" },
    );
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    const report = again.files[0];
    expect(report?.updated).toBe(1);
    expect(report?.changed.map((c) => [c.label, c.count]).sort()).toEqual([
      ["办结时间", 1],
      ["承办单位", 1],
    ]);
    expect(report?.reassigned).toEqual([{ id: "GD905", from: "唐山镇", to: "索镇街道" }]);
    expect(changedText(report ?? {})).toMatch(/承办单位 1（GD905：唐山镇 → 索镇街道）/);
    await t.raw.execute(`DELETE FROM "orders" WHERE "id" = 'GD905'`);
  });

  it("a re-import names the records each changed column changed, with their values before and after, then 等 N 条", async () => {
    // (超期说明已认可 1 said which order? a count moved scores unseen: a data review)
    const ids = ["GD920", "GD921", "GD922", "GD923", "GD924", "GD925", "GD926"];
    const row = (id: string, closed: string, excused: string, process: string) =>
      `${id},唐山镇,县中心,投诉,2017-10-05 09:00,2017-10-12,,${closed},${excused},,,0,,是,${process},满意,,,,`;
    const first = await importFiles(t.db, folder("changes-1", { orders: [ORDER_HEADER, ...ids.map((id) => row(id, "2017-10-13 10:00", "否", "满意"))] }), {
      actor: "测试员",
    });
    expect(first.ok).toBe(true);
    const again = await importFiles(
      t.db,
      folder("changes-2", {
        orders: [ORDER_HEADER, ...ids.map((id, i) => row(id, i === 0 ? "" : "2017-10-13 10:00", "是", i === 2 ? "不满意" : "满意"))],
      }),
      { actor: "测试员" },
    );
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    const text = changedText(again.files[0] ?? {});
    expect(text).toContain("超期说明已认可 7（GD920：否 → 是；GD921：否 → 是；GD922：否 → 是；GD923：否 → 是；GD924：否 → 是 等 7 条）");
    expect(text).toContain("办结时间 1（GD920：2017-10-13 10:00:00 → 空）");
    expect(text).toContain("过程满意度 1（GD922：满意 → 不满意）");
    await t.raw.execute(`DELETE FROM "orders" WHERE "id" IN (${ids.map((id) => `'${id}'`).join(", ")})`);
  });

  it("a unit named by another unit's code, or coded by another's name, is refused: an order naming it would go to either", async () => {
    const before = await snapshot();
    // a new unit named Z01 (唐山镇's code, stored before); another coded 县住建局 (B01's name)
    // (row 4: a unit whose code is its own name is its own, no one else's: no problem)
    const result = await importFiles(t.db, folder("crossed", { units: [UNITS[0] as string, "N01,Z01,镇,", "县住建局,新城镇,镇,", "新区,新区,街道,"] }), {
      actor: "测试员",
    });
    expect(result).toMatchObject({
      ok: false,
      problemCount: 2,
      problems: [
        {
          file: "units.csv",
          row: 2,
          column: "单位名称",
          value: "Z01",
          reason: "单位名称与单位“唐山镇”的编码相同：工单、事件按单位名称或编码找承办单位，会分不清是哪一个",
        },
        {
          file: "units.csv",
          row: 3,
          column: "单位编码",
          value: "县住建局",
          reason: "单位编码与单位 B01 的名称相同：工单、事件按单位名称或编码找承办单位，会分不清是哪一个",
        },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("an alias (别名) that is another unit's name, code or alias is refused, naming the row, the alias and the unit; so is a unit named as a stored unit's alias", async () => {
    // (an order handled by 唐山镇 and 果里镇 was told to make “唐山镇、果里镇” 唐山镇's alias; the units file giving 唐山镇 the
    // alias 果里镇 — another unit's name — was imported without a word, and the order still found no unit: a data review)
    const before = await snapshot();
    const header = "单位编码,单位名称,类别,联系人,别名";
    // row 2: 唐山镇 (its own name: no problem) and 索镇街道 (J01's name); row 3: B01 (县住建局's code); rows 4 and 5: 住建局,
    // given by two units of the file, each told of the other
    const result = await importFiles(
      t.db,
      folder("alias-clash", {
        units: [header, "Z01,唐山镇,镇,王某,唐山镇、索镇街道", "J01,索镇街道,街道,,b01", "N02,新城镇,镇,,住建局", "B01,县住建局,县直部门,李某,住建局"],
      }),
      { actor: "测试员" },
    );
    const told = (alias: string, name: string, code: string, as: string, after = "") =>
      `别名“${alias}”是单位“${name}”（${code}）的${as}：工单、事件按单位名称、编码或别名找承办单位，会分不清是哪一个；请从本行的别名中删去它${after}`;
    expect(result.ok ? [] : result.problems.map(({ file, row, column, value, reason }) => ({ file, row, column, value, reason }))).toEqual([
      {
        file: "units.csv",
        row: 2,
        column: "别名",
        value: "索镇街道",
        reason: told("索镇街道", "索镇街道", "J01", "名称", "（几个单位共同承办的工单，工单中请只写主办单位，不必写成别名）"),
      },
      // matched as orders match a unit (a code's letter case aside)
      { file: "units.csv", row: 3, column: "别名", value: "b01", reason: told("b01", "县住建局", "B01", "编码") },
      { file: "units.csv", row: 4, column: "别名", value: "住建局", reason: told("住建局", "县住建局", "B01", "别名") },
      { file: "units.csv", row: 5, column: "别名", value: "住建局", reason: told("住建局", "新城镇", "N02", "别名") },
    ]);
    expect(await snapshot()).toEqual(before);

    // a stored unit's alias: a new unit of that name is refused (the file has no 别名 column: the stored ones stand)
    const aliased = await importFiles(t.db, folder("alias-stored", { units: [header, "B01,县住建局,县直部门,李某,住建局"] }), { actor: "测试员" });
    expect(aliased.ok ? [] : aliased.problems).toEqual([]);
    const named = await importFiles(t.db, folder("alias-named", { units: ["单位编码,单位名称,类别", "N03,住建局,县直部门"] }), { actor: "测试员" });
    expect(named.ok ? [] : named.problems.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
      {
        row: 2,
        column: "单位名称",
        value: "住建局",
        reason:
          "单位名称与单位“县住建局”（B01）的别名相同：工单、事件按单位名称、编码或别名找承办单位，会分不清是哪一个；请另取名称，或先从该单位的别名中删去它",
      },
    ]);
    // the alias moved to the new unit in the same file: no clash
    const moved = await importFiles(t.db, folder("alias-moved", { units: [header, "B01,县住建局,县直部门,李某,", "N03,住建局,县直部门,,"] }), {
      actor: "测试员",
    });
    expect(moved.ok ? [] : moved.problems).toEqual([]);
    // the tests after this one know the store as it was
    await t.raw.execute(`DELETE FROM "units" WHERE "code" = 'N03'`);
    const back = await importFiles(t.db, folder("alias-back", { units: [header, "B01,县住建局,县直部门,李某,县住建委、住建局"] }), { actor: "测试员" });
    expect(back.ok).toBe(true);
    const kept = (units: Record<string, unknown>[]) => units.map(({ code, name, attributes }) => ({ code, name, attributes }));
    expect(kept((await snapshot()).units)).toEqual(kept(before.units));
  });

  it("two units may exchange names: both renamed, each audited with the address the import came from", async () => {
    const swapped = [UNITS[0] as string, "Z01,索镇街道,镇,王某", "J01,唐山镇,街道,", UNITS[3] as string];
    const result = await importFiles(t.db, folder("swap", { units: swapped }), { actor: "复核员", address: "10.0.0.9" });
    expect(result).toMatchObject({ ok: true, files: [{ inserted: 0, updated: 2, unchanged: 1 }] });
    expect((await storedUnits(t.raw)).map((u) => [u.code, u.name])).toEqual([
      ["B01", "县住建局"],
      ["J01", "唐山镇"],
      ["Z01", "索镇街道"],
    ]);
    const audit = (await auditRows(t.raw)).filter((a) => a.action === "units.update").slice(-2);
    expect(audit.map((a) => [a.entityId, a.detail.changes]).sort()).toEqual([
      ["J01", { name: { from: "索镇街道", to: "唐山镇" } }],
      ["Z01", { name: { from: "唐山镇", to: "索镇街道" } }],
    ]);
    // each record's entry says where the import came from, as the batch's does (a review found them without)
    expect(audit.map((a) => a.address)).toEqual(["10.0.0.9", "10.0.0.9"]);
    // and back
    expect(await importFiles(t.db, folder("swap-back", { units: UNITS }), { actor: "复核员" })).toMatchObject({ ok: true, files: [{ updated: 2 }] });
    expect((await storedUnits(t.raw)).map((u) => u.name)).toEqual(["县住建局", "索镇街道", "唐山镇"]);
  });

  it("an order id repeated far apart in one file (across write batches): the later row wins, once; re-importing changes nothing", async () => {
    const file = (name: string, first: string, last: string) => {
      const lines = ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", `DUP,Z01,县中心,2017-10-01 08:00,2017-10-08,${first}`];
      for (let i = 0; i < 7_000; i++) lines.push(`F${String(i).padStart(5, "0")},J01,县中心,2017-10-01 08:00,2017-10-08,`);
      lines.push(`DUP,Z01,县中心,2017-10-01 08:00,2017-10-08,${last}`);
      return [{ path: writeCsvText(dir, `${name}.csv`, lines), kind: "orders" as const }];
    };
    // the units (already there when the whole file runs: then this changes nothing)
    expect(await importFiles(t.db, folder("dup-units", { units: UNITS }), { actor: "测试员" })).toMatchObject({ ok: true });
    const closedAt = async () => (await t.raw.query<{ closedAt: number }>(`SELECT "closedAt" FROM "orders" WHERE "id" = 'DUP'`))[0]?.closedAt;
    const before = await tableCounts(t.raw);
    // by default the later row with other content is refused, naming both rows, and nothing is stored
    const refused = await importFiles(t.db, file("dup-a", "2017-10-02 09:00", "2017-10-05 09:00"), { actor: "测试员" });
    expect(refused).toMatchObject({ ok: false, problemCount: 1, problems: [{ row: 7_003, column: "工单编号", value: "DUP" }] });
    if (!refused.ok) expect(refused.problems[0]?.reason).toContain("（第 2 行与第 7003 行，不同的列：办结时间）");
    expect(await tableCounts(t.raw)).toEqual(before);
    const first = await importFiles(t.db, file("dup-a", "2017-10-02 09:00", "2017-10-05 09:00"), { actor: "测试员", laterRowWins: true });
    expect(first).toMatchObject({ ok: true, files: [{ rows: 7_002, inserted: 7_001, updated: 0, duplicatesReplaced: 1 }] });
    expect(Number(await closedAt())).toBe(shanghaiEpoch(2017, 10, 5, 9));
    expect(await tableCounts(t.raw)).toEqual({
      ...before,
      orders: before.orders + 7_001,
      import_batches: before.import_batches + 1,
      audit_log: before.audit_log + 1,
    });

    const stored = await snapshot();
    const again = await importFiles(t.db, file("dup-a", "2017-10-02 09:00", "2017-10-05 09:00"), { actor: "测试员", laterRowWins: true });
    expect(again).toMatchObject({ ok: true, files: [{ inserted: 0, updated: 0, batchId: null }] });
    expect(await snapshot()).toEqual(stored);

    // a correction of it: one audit row, from the stored version to the file's last
    const corrected = await importFiles(t.db, file("dup-b", "2017-10-03 09:00", "2017-10-06 09:00"), { actor: "复核员", laterRowWins: true });
    expect(corrected).toMatchObject({ ok: true, files: [{ inserted: 0, updated: 1 }] });
    expect(Number(await closedAt())).toBe(shanghaiEpoch(2017, 10, 6, 9));
    const audit = (await auditRows(t.raw)).slice(stored.counts.audit_log);
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ["orders.update", "DUP"],
      ["import.orders", expect.any(String)],
    ]);
    expect(audit[0]?.detail.changes).toEqual({ closedAt: { from: shanghaiEpoch(2017, 10, 5, 9), to: shanghaiEpoch(2017, 10, 6, 9) } });
  });

  it("two exports of one kind are read in the order of their names, whatever order they were chosen in: the later export's row wins", async () => {
    expect(await importFiles(t.db, folder("two-exports-units", { units: UNITS }), { actor: "测试员" })).toMatchObject({ ok: true });
    const header = "工单编号,承办单位,来源,受理时间,办理时限,办结时间";
    // December's export has X1 open; January's has it closed on 2019-01-03
    const december = writeCsvText(dir, "工单2018-12.csv", [header, "X1,Z01,县中心,2018-12-28 08:00,2019-01-04,", "X2,J01,县中心,2018-12-28 09:00,2019-01-04,"]);
    const january = writeCsvText(dir, "工单2019-01.csv", [header, "X1,Z01,县中心,2018-12-28 08:00,2019-01-04,2019-01-03 16:00"]);
    const result = await importFiles(
      t.db,
      [
        { path: january, kind: "orders" },
        { path: december, kind: "orders" },
      ],
      { actor: "测试员", laterRowWins: true },
    );
    expect(result).toMatchObject({ ok: true, files: [{ file: "工单2018-12.csv" }, { file: "工单2019-01.csv", duplicatesReplaced: 1 }] });
    expect(result.ok && repeatedRowsText(result.files[1] ?? {}, "replaces", 1)).toBe("：第 2 行（X1，取代工单2018-12.csv 第 2 行）");
    const x1 = (await t.raw.query<{ closedAt: number | null }>(`SELECT "closedAt" FROM "orders" WHERE "id" = 'X1'`))[0];
    expect(Number(x1?.closedAt)).toBe(shanghaiEpoch(2019, 1, 3, 16));
  });

  it("a unit of a category the customary three do not name (a rubric may define 开发区) adds the category after them, audited once", async () => {
    const units = [...UNITS, "K01,经济开发区管委会,开发区,"];
    const result = await importFiles(t.db, folder("new-category", { units }), { actor: "复核员" });
    expect(result).toMatchObject({ ok: true, files: [{ inserted: 1, unchanged: 3 }] });
    expect(await t.raw.query(`SELECT "name", "position" FROM "categories" ORDER BY "position"`)).toEqual([
      { name: "镇", position: 0 },
      { name: "街道", position: 1 },
      { name: "县直部门", position: 2 },
      { name: "开发区", position: 3 },
    ]);
    const created = async () => (await auditRows(t.raw)).filter((a) => a.action === "categories.create" && a.entityId === "开发区");
    expect((await created()).map((a) => a.actor)).toEqual(["复核员"]);
    // a unit's category must be one of the table's: the database refuses any other
    const p = (i: number) => (target.provider === "sqlite" ? "?" : `$${i}`);
    await expect(t.raw.execute(`UPDATE "units" SET "category" = ${p(1)} WHERE "code" = ${p(2)}`, ["无此类别", "K01"])).rejects.toThrow();
    // importing it again adds nothing
    expect(await importFiles(t.db, folder("new-category-again", { units }), { actor: "复核员" })).toMatchObject({ ok: true, files: [{ inserted: 0 }] });
    expect(await created()).toHaveLength(1);
  });

  it("stores any 来源 (省热线, 网站, 微信 …), trimmed: the list is the rubric's, not the importer's", async () => {
    const orders = [
      ORDER_HEADER,
      "GD801,唐山镇,省热线,投诉,2017-10-03 14:05,2017-10-10,,,否,否,否,0,否,否,,,,否,否,",
      "GD802,Z01, 微信 ,咨询,2017-10-04 09:00,2017-10-07,,,否,否,否,0,否,否,,,,否,否,",
      "GD803,J01,网站,建议,2017-10-05 10:00,2017-10-12,,,否,否,否,0,否,否,,,,否,否,",
    ];
    const result = await importFiles(t.db, folder("open-sources", { units: UNITS, orders }), { actor: "测试员" });
    expect(result).toMatchObject({ ok: true });
    const stored = byId(await storedOrders(t.raw)).filter((o) => o.id.startsWith("GD8"));
    expect(stored.map((o) => [o.id, o.source])).toEqual([
      ["GD801", "省热线"],
      ["GD802", "微信"],
      ["GD803", "网站"],
    ]);
  });
});

describe.each(databases)("importFiles of demo data on $label", (target) => {
  const t = useDatabase(target);
  let dataset: Dataset;
  let files: ImportFile[];

  beforeAll(async () => {
    // two months of the demo: about 1,600 orders
    const demo = generateDemoDataset();
    const inMonths = (ms: number) => ms >= shanghaiEpoch(2017, 10, 1) && ms < shanghaiEpoch(2017, 12, 1);
    const sub: Dataset = {
      units: demo.units,
      orders: demo.orders.filter((o) => inMonths(o.receivedAt)),
      events: demo.events.filter((e) => inMonths(e.date)),
      facts: demo.facts,
    };
    const paths = await writeDemoFiles(join(dir, `demo-${target.provider}`), sub);
    files = Object.values(paths).map((path) => ({ path }));
    const loaded = await loadDataset(join(dir, `demo-${target.provider}`));
    if (!loaded.dataset) throw new Error(JSON.stringify(loaded.problems?.slice(0, 3)));
    dataset = loaded.dataset;
  });

  it("stores the demo files as exactly the dataset the engine loads, reporting progress up to each file's size", async () => {
    const progress: FileProgress[] = [];
    const result = await importFiles(t.db, files, { actor: "demo", onProgress: (p) => p.phase !== "waiting" && progress.push(p) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(dataset.orders.length).toBeGreaterThan(1000);
    expect(result.files.map((f) => [f.kind, f.rows, f.inserted])).toEqual([
      ["units", dataset.units.length, dataset.units.length],
      ["orders", dataset.orders.length, dataset.orders.length],
      ["events", dataset.events.length, dataset.events.length],
      ["facts", dataset.facts.length, dataset.facts.length],
    ]);
    expect(await tableCounts(t.raw)).toEqual({
      categories: 3,
      units: dataset.units.length,
      orders: dataset.orders.length,
      events: dataset.events.length,
      facts: dataset.facts.length,
      import_batches: 4,
      audit_log: 4 + 3,
    });
    expect(await storedOrders(t.raw)).toEqual(byId(dataset.orders));
    expect(await storedEvents(t.raw)).toEqual(byId(dataset.events));
    expect(await storedUnits(t.raw)).toEqual([...dataset.units].sort((a, b) => a.code.localeCompare(b.code)));
    expect(await storedFacts(t.raw)).toHaveLength(dataset.facts.length);
    expect(await storedFacts(t.raw)).toEqual(expect.arrayContaining(dataset.facts));

    // progress: per file, rows and bytes only grow, and the last report is at the file's size
    const names = ["units.csv", "orders.csv", "events.csv", "facts.csv"];
    expect([...new Set(progress.map((p) => p.file))]).toEqual(names);
    for (const name of names) {
      const ofFile = progress.filter((p) => p.file === name);
      const size = statSync(files.find((f) => f.path.endsWith(name))?.path as string).size;
      for (const [i, p] of ofFile.entries()) {
        expect(p.totalBytes).toBe(size);
        if (i > 0) {
          expect(p.rows).toBeGreaterThanOrEqual(ofFile[i - 1]?.rows as number);
          expect(p.bytesRead).toBeGreaterThanOrEqual(ofFile[i - 1]?.bytesRead as number);
        }
      }
      expect(ofFile.at(-1)?.bytesRead).toBe(size);
      // said as soon as the file is opened, before its first row is read (a large workbook takes seconds to open,
      // which the previous file's saving stood for: a county's 18.9 MB workbook said 保存中 for 11 s)
      expect(ofFile[0]).toMatchObject({ rows: 0, bytesRead: 0, phase: "reading" });
      // reading until the file is read, then saving: its last rows written and (after the last file) the import
      // committed, which on a million rows takes tens of seconds at 100%
      expect(ofFile.map((p) => p.phase)).toEqual([...ofFile.slice(1).map(() => "reading"), "saving"]);
    }
    const orderReports = progress.filter((p) => p.file === "orders.csv");
    // a file of several chunks reports along the way, not only at the end
    expect(orderReports.length).toBeGreaterThan(2);
    // the rows below the header: the header is no order (it had been counted as one)
    expect(orderReports.at(-1)?.rows).toBe(dataset.orders.length);
    for (let i = 1; i < progress.length; i++) expect(progress[i]?.fraction).toBeGreaterThanOrEqual(progress[i - 1]?.fraction as number);
    expect(progress.at(-1)?.fraction).toBe(1);
  });

  it("re-importing the demo files changes nothing", async () => {
    const before = [await tableCounts(t.raw), await tableRows(t.raw, "orders"), await tableRows(t.raw, "events")];
    const result = await importFiles(t.db, files, { actor: "demo" });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.files.every((f) => f.inserted === 0 && f.updated === 0 && f.batchId === null)).toBe(true);
    expect([await tableCounts(t.raw), await tableRows(t.raw, "orders"), await tableRows(t.raw, "events")]).toEqual(before);
  });
});

describe.each(databases)("importFiles: kinds by header, repeated ids, refusals on $label", (target) => {
  const t = useDatabase(target);

  it("a file named neither way is read as what its header says; a header of another kind than the name says is a problem", async () => {
    const wrong = await importFiles(t.db, [{ path: writeCsvText(dir, "orders-but-units.csv", UNITS), name: "orders.csv" }], { actor: "测试员" });
    expect(wrong).toMatchObject({ ok: false, problemCount: 1, problems: [{ file: "orders.csv", row: 1 }] });
    if (!wrong.ok) expect(wrong.problems[0]?.reason).toContain("但表头是“责任单位”文件的列");
    expect(await tableCounts(t.raw)).toEqual(EMPTY);
    // kinds told by headers alone; units still first
    const result = await importFiles(t.db, [{ path: writeCsvText(dir, "三月数据.csv", ORDERS) }, { path: writeCsvText(dir, "名单2.csv", UNITS) }], {
      actor: "测试员",
    });
    expect(result).toMatchObject({
      ok: true,
      files: [
        { file: "名单2.csv", kind: "units", inserted: 3 },
        { file: "三月数据.csv", kind: "orders", inserted: 4 },
      ],
    });
    // a name of two kinds (单位工单统计: 单位, then 工单) is told by its header: orders, read again as unchanged
    const both = await importFiles(t.db, [{ path: writeCsvText(dir, "单位工单统计.csv", ORDERS) }], { actor: "测试员" });
    expect(both).toMatchObject({ ok: true, files: [{ file: "单位工单统计.csv", kind: "orders", unchanged: 4 }] });
  });

  it("the same order id in two files of one call: identical rows collapse (noted in the report), different ones are refused naming both files' rows", async () => {
    const header = "工单编号,承办单位,来源,受理时间,办理时限,办结时间";
    const a = ["GD1,Z01,县中心,2017-10-01 08:00,2017-10-08,", "GD2,Z01,县中心,2017-10-01 08:00,2017-10-08,"];
    const before = await tableCounts(t.raw);
    const different = await importFiles(
      t.db,
      [
        { path: writeCsvText(dir, "rep-a.csv", [header, ...a]), name: "orders-a.csv" },
        {
          path: writeCsvText(dir, "rep-b.csv", [
            header,
            "GD3,Z01,县中心,2017-10-01 08:00,2017-10-08,",
            "GD2,唐山镇,县中心,2017-10-01 08:00,2017-10-08,2017-10-02 10:00",
          ]),
          name: "orders-b.csv",
        },
      ],
      { actor: "测试员" },
    );
    expect(different).toMatchObject({ ok: false, problemCount: 1, problems: [{ file: "orders-b.csv", row: 3, column: "工单编号", value: "GD2" }] });
    if (!different.ok) expect(different.problems[0]?.reason).toContain("（orders-a.csv 第 3 行与本文件第 3 行，不同的列：办结时间）");
    expect(await tableCounts(t.raw)).toEqual(before);

    // identical (the unit by name or code is the same unit): collapsed, and the summary adds up
    const same = await importFiles(
      t.db,
      [
        { path: writeCsvText(dir, "rep-c.csv", [header, ...a, a[0] as string]), name: "orders-c.csv" },
        { path: writeCsvText(dir, "rep-d.csv", [header, "GD2,唐山镇,县中心,2017-10-01 08:00,2017-10-08,"]), name: "orders-d.csv" },
      ],
      { actor: "测试员" },
    );
    expect(same).toMatchObject({
      ok: true,
      files: [
        { file: "orders-c.csv", rows: 3, inserted: 2, duplicatesCollapsed: 1, duplicatesReplaced: 0 },
        { file: "orders-d.csv", rows: 1, inserted: 0, unchanged: 0, duplicatesCollapsed: 1 },
      ],
    });
    // which rows, and which they repeat (the notice said only how many: a data review)
    expect(same.ok && same.files.map((f) => f.repeats)).toEqual([
      [{ row: 4, id: "GD1", kind: "identical", earlier: { file: null, row: 2 } }],
      [{ row: 2, id: "GD2", kind: "identical", earlier: { file: "orders-c.csv", row: 3 } }],
    ]);
    expect(same.ok && repeatedRowsText(same.files[1] ?? {}, "identical", 1)).toBe("：第 2 行（GD2，同orders-c.csv 第 3 行）");

    // the later row wins when asked: across files too
    const later = await importFiles(
      t.db,
      [
        { path: writeCsvText(dir, "rep-e.csv", [header, "GD5,Z01,县中心,2017-10-01 08:00,2017-10-08,"]), name: "orders-e.csv" },
        { path: writeCsvText(dir, "rep-f.csv", [header, "GD5,Z01,县中心,2017-10-01 08:00,2017-10-08,2017-10-03 10:00"]), name: "orders-f.csv" },
      ],
      { actor: "测试员", laterRowWins: true },
    );
    expect(later).toMatchObject({ ok: true });
    const [gd5] = await t.raw.query<{ closedAt: number }>(`SELECT "closedAt" FROM "orders" WHERE "id" = 'GD5'`);
    expect(Number(gd5?.closedAt)).toBe(shanghaiEpoch(2017, 10, 3, 10));
  });

  it("the same event id twice with other content is refused; an identical repeat collapses", async () => {
    const header = "事件编号,单位,日期,事件类型,分值";
    const refused = await importFiles(
      t.db,
      [{ path: writeCsvText(dir, "ev-a.csv", [header, "E1,Z01,2017-10-05,行政不作为,", "E1,Z01,2017-10-05,行政不作为,2"]), name: "events.csv" }],
      {
        actor: "测试员",
      },
    );
    expect(refused).toMatchObject({ ok: false, problems: [{ row: 3, column: "事件编号", value: "E1" }] });
    const collapsed = await importFiles(
      t.db,
      [{ path: writeCsvText(dir, "ev-b.csv", [header, "E1,Z01,2017-10-05,行政不作为,", "E1,唐山镇,2017-10-05,行政不作为,"]), name: "events.csv" }],
      {
        actor: "测试员",
      },
    );
    expect(collapsed).toMatchObject({ ok: true, files: [{ rows: 2, inserted: 1, duplicatesCollapsed: 1 }] });
  });

  it("a platform's export ending in a 合计 row and a footnote is stored without them; the report lists them, the audit counts them", async () => {
    const header = "事件编号,单位,日期,事件类型,分值";
    const lines = [header, "E31,Z01,2017-10-05,行政不作为,", "E32,J01,2017-10-06,行政不作为,", "合计：2起,,,,", "制表人：张三,,,,"];
    const files = [
      { path: writeCsvText(dir, "units-total.csv", UNITS), name: "units.csv" },
      { path: writeCsvText(dir, "ev-total.csv", lines), name: "events.csv" },
    ];
    const result = await importFiles(t.db, files, { actor: "测试员" });
    expect(result, JSON.stringify(!result.ok && result.problems)).toMatchObject({
      ok: true,
      files: [{ kind: "units" }, { rows: 2, inserted: 2, skippedRows: 2 }],
    });
    if (!result.ok) return;
    expect(result.files[1]?.skipped.map((r) => [r.row, r.value, r.what])).toEqual([
      [4, "合计：2起", "合计行"],
      [5, "制表人：张三", "表格末尾的说明"],
    ]);
    const [audited] = (await auditRows(t.raw)).filter((a) => a.action === "import.events").slice(-1);
    expect(audited?.detail).toMatchObject({ rows: 2, inserted: 2, skippedRows: 2 });
  });

  it("refuses, storing nothing: a header and no rows, dates before receipt, 分值 1e400, invisible characters in ids, a UTF-32 file; the attempt is audited", async () => {
    const before = await tableCounts(t.raw);
    const files = [
      { path: writeCsvText(dir, "units-refuse.csv", UNITS), name: "units.csv" },
      { path: writeCsvText(dir, "only-header.csv", ["工单编号,承办单位,来源,受理时间,办理时限"]), name: "orders-1.csv" },
      {
        path: writeCsvText(dir, "bad-rows.csv", [
          "工单编号,承办单位,来源,受理时间,办理时限,办结时间",
          "B1,Z01,县中心,2017-10-05 08:00,2017-10-04,",
          "B\u200b2,Z01,县中心,2017-10-05 08:00,2017-10-09,2017-10-01 09:00",
        ]),
        name: "orders-2.csv",
      },
      { path: writeCsvText(dir, "inf.csv", ["事件编号,单位,日期,事件类型,分值", "E9,Z01,2017-10-05,其他效能问题,1e400"]), name: "events-1.csv" },
    ];
    const utf32 = join(dir, "utf32.csv");
    const text = [..."事件编号,单位,日期,事件类型\r\nE8,Z01,2017-10-05,行政不作为\r\n"];
    const wide = Buffer.alloc(text.length * 4);
    for (const [i, ch] of text.entries()) wide.writeUInt32LE(ch.codePointAt(0) as number, i * 4);
    writeFileSync(utf32, Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), wide]));
    const result = await importFiles(t.db, [...files, { path: utf32, name: "events-2.csv" }], { actor: "测试员", address: "10.0.0.7" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.file, p.row, p.column, p.reason.slice(0, 10)])).toEqual([
      ["orders-1.csv", 0, "", "文件没有数据行（只有"],
      ["orders-2.csv", 2, "办理时限", "办理时限早于受理时间"],
      ["orders-2.csv", 3, "工单编号", "编号或名称中含有零宽"],
      ["orders-2.csv", 3, "办结时间", "办结时间早于受理时间"],
      ["events-1.csv", 2, "分值", "数字超出范围（不是有"],
      ["events-2.csv", 0, "", "文件编码为 UTF-"],
    ]);
    expect(await tableCounts(t.raw)).toEqual(before);
    // nothing stored, no batch: the attempt is in the audit log, with its files and the count of problems (an admin can
    // tell the file was checked and refused, by whom, from where)
    const [attempt] = (await t.raw.query(`SELECT * FROM "audit_log" ORDER BY "id" DESC LIMIT 1`)) as Record<string, unknown>[];
    expect(attempt).toMatchObject({ action: "import.refused", actor: "测试员", entity: "import_batches", address: "10.0.0.7" });
    expect(typeof attempt?.detail === "string" ? JSON.parse(attempt.detail) : attempt?.detail).toEqual({
      files: ["units.csv", "orders-1.csv", "orders-2.csv", "events-1.csv", "events-2.csv"],
      problems: 6,
    });
  });

  it("imports an XLSX of inline strings (as Apache POI SXSSF and openpyxl write it), not an empty file", async () => {
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${inlineCells(1, ["工单编号", "承办单位", "来源", "受理时间", "办理时限"])}${inlineCells(2, ["SX1", "唐山镇", "县中心", "2017-10-03 14:05", "2017-10-10"])}</sheetData></worksheet>`;
    const path = await writeXlsxParts(dir, "sxssf.xlsx", sheet);
    const result = await importFiles(t.db, [{ path, name: "工单.xlsx" }], { actor: "测试员" });
    expect(result).toMatchObject({ ok: true, files: [{ kind: "orders", rows: 1, inserted: 1 }] });
    expect((await storedOrders(t.raw)).find((o) => o.id === "SX1")).toMatchObject({ unit: "Z01", receivedAt: shanghaiEpoch(2017, 10, 3, 14, 5) });
  });

  it("imports rows hidden in the sheet (by hand, or by a filter) like the others, and says which they were", async () => {
    // people hide rows to leave them out: the data is what the sheet holds, but the report names them (warned of by
    // @kaohe/services); before, nothing said they were there
    const rows = [
      inlineCells(1, ["工单编号", "承办单位", "来源", "受理时间", "办理时限"]),
      inlineCells(2, ["HX1", "唐山镇", "县中心", "2017-10-03 14:05", "2017-10-10"]),
      inlineCells(3, ["HX2", "唐山镇", "县中心", "2017-10-03 15:05", "2017-10-10"], true),
      inlineCells(4, ["HX3", "唐山镇", "县中心", "2017-10-03 16:05", "2017-10-10"]),
      inlineCells(5, ["HX4", "唐山镇", "县中心", "2017-10-03 17:05", "2017-10-10"], true),
    ];
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`;
    const result = await importFiles(t.db, [{ path: await writeXlsxParts(dir, "hidden.xlsx", sheet), name: "筛选后.xlsx" }], { actor: "测试员" });
    expect(result).toMatchObject({ ok: true, files: [{ kind: "orders", rows: 4, inserted: 4, hidden: { count: 2, rows: [3, 5] } }] });
  });

  it("says which sheets of a workbook it read, with their rows, and which not; its progress counts the workbook's rows to the end", async () => {
    // the report said 12 行 alone, and the progress ended on the first sheet's 6 行，88% (a data clerk's test)
    const header = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
    const half = (prefix: string, day: number) => [
      inlineCells(1, header),
      ...[1, 2, 3].map((i) => inlineCells(i + 1, [`${prefix}${i}`, "唐山镇", "县中心", `2017-10-${String(day + i).padStart(2, "0")} 09:00`, "2017-10-25"])),
    ];
    const sheet = (rows: string[]) =>
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`;
    const path = await writeWorkbook(dir, "两个半月.xlsx", {
      sheets: [
        { name: "上半月", data: sheet(half("SA", 1)) },
        { name: "下半月", data: sheet(half("SB", 16)) },
        { name: "汇总", data: sheet([inlineCells(1, ["承办单位", "工单数"]), inlineCells(2, ["唐山镇", "6"])]) },
        { name: "字典", data: sheet([inlineCells(1, ["县中心"])]), state: "hidden" },
      ],
    });
    const progress: FileProgress[] = [];
    const units = { path: writeCsvText(dir, "units-sheets.csv", UNITS), name: "units.csv" };
    const result = await importFiles(t.db, [units, { path, name: "工单.xlsx" }], {
      actor: "测试员",
      onProgress: (p) => p.phase !== "waiting" && progress.push(p),
    });
    expect(result).toMatchObject({
      ok: true,
      files: [
        { file: "units.csv", sheets: null },
        {
          rows: 6,
          inserted: 6,
          sheets: {
            read: [
              { name: "上半月", rows: 3 },
              { name: "下半月", rows: 3 },
            ],
            skipped: [
              { name: "汇总", hidden: false },
              { name: "字典", hidden: true },
            ],
          },
        },
      ],
    });
    if (!result.ok) return;
    expect(sheetsText(result.files[1] as (typeof result.files)[number])).toBe("读取了工作表“上半月”（3 行）、“下半月”（3 行）；略过“汇总”、“字典”（隐藏）");
    // the rows only grow, over both sheets, and the last report is the report's rows, at 100%
    const rows = progress.filter((p) => p.file === "工单.xlsx").map((p) => p.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ rows: 6, fraction: 1, phase: "saving" });
    // a file of one table names no sheet
    const one = await importFiles(t.db, [{ path: await writeXlsxParts(dir, "一张.xlsx", sheet(half("SC", 1))), name: "一张.xlsx" }], { actor: "测试员" });
    expect(one).toMatchObject({ ok: true, files: [{ rows: 3, sheets: null }] });
  });
});

describe.each(databases)("importFiles into a store without units on $label", (target) => {
  const t = useDatabase(target);

  it("orders before any unit is imported say that the units list comes first, not only that each row's unit is unknown", async () => {
    // a new county's first import: its month's orders, before its units list
    const first = await importFiles(t.db, folder("no-units", { orders: [ORDER_HEADER, ORDERS[1] as string] }), { actor: "测试员" });
    expect(first.ok ? [] : first.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [
        2,
        "承办单位",
        "找不到该单位（按单位名称或单位编码）：还没有导入任何单位。请先导入单位名单（表头含单位编码、单位名称、类别三列的文件），或与本文件一同上传",
      ],
    ]);
    expect(await tableCounts(t.raw)).toMatchObject({ units: 0, orders: 0 });
    // once there are units, a unit not among them is said as before
    expect((await importFiles(t.db, folder("no-units-list", { units: UNITS }), { actor: "测试员" })).ok).toBe(true);
    const unknown = await importFiles(
      t.db,
      folder("no-units-unknown", { orders: [ORDER_HEADER, "GD902,不存在镇,县中心,投诉,2017-10-03,2017-10-10,,,否,否,否,0,否,否,,,,否,否,"] }),
      { actor: "测试员" },
    );
    expect(unknown.ok ? [] : unknown.problems.map((p) => p.reason)).toEqual(["找不到该单位（按单位名称或单位编码）"]);
  });
});

/**
 * A unit's page of a published month whose data changed since says what changed its records: each import after the
 * publication that wrote the unit's orders or events of the month (as many as stand now), and the corrections made to
 * them; not an import of another unit's records, nor of another month's, nor one undone.
 */
import { readFileSync } from "node:fs";
import { openStore, type Store } from "@kaohe/db";
import { databases, useDatabase, useTempDir, writeCsvText } from "@kaohe/db/testing";
import { periodWindow } from "@kaohe/rules-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changesSincePublication } from "../src/changes-since.ts";
import { undoImportBatch } from "../src/import-undo.ts";
import { importData } from "../src/import-warnings.ts";
import { publishPeriod } from "../src/publication.ts";
import { compileVersion, createDraft, publishRubricVersion } from "../src/rubrics.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const dir = useTempDir("kaohe-changes-since-");
const ACTOR = "考核办";
const MONTH = "2017-10";

const ORDER_HEADER = "工单编号,承办单位,来源,受理时间,办理时限,办结时间";
const order = (id: string, unit: string, day: number, closed: string) =>
  `${id},${unit},县中心,2017-10-${String(day).padStart(2, "0")} 09:00,2017-10-${String(day + 5).padStart(2, "0")} 17:00,${closed}`;
let files = 0;
const file = (kind: string, lines: string[]) => ({ path: writeCsvText(dir, `${kind}-${++files}.csv`, lines), name: `${kind}-${files}.csv` });

describe.each(databases)("changes since a month was published on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  let window: { start: number; end: number };
  const imported = async (...fs: ReturnType<typeof file>[]) => {
    const report = await importData(store, fs, { actor: ACTOR });
    if (!report.ok) throw new Error(JSON.stringify(report.problems));
    return report.files.map((f) => f.batchId as number);
  };
  const changes = async (unit: string) => {
    const listed = await changesSincePublication(store, MONTH, unit, window);
    return listed === null ? null : listed.map(({ kind, fileName, records }) => ({ kind, fileName, records }));
  };

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    const version = await publishRubricVersion(store, draft.id, "测试员");
    window = periodWindow(compileVersion(version), MONTH).window;
    await imported(file("units", ["单位编码,单位名称,类别", "T1,甲镇,镇", "T2,乙镇,镇"]));
    await imported(file("orders", [ORDER_HEADER, order("A1", "T1", 9, ""), order("A2", "T1", 10, "2017-10-12 10:00"), order("B1", "T2", 9, "")]));
  });
  afterAll(async () => {
    await store?.close();
  });

  it("is null for a month not published, and empty until something changes the unit's records", async () => {
    expect(await changes("T1")).toBeNull();
    await publishPeriod(store, MONTH, { actor: ACTOR });
    expect(await changes("T1")).toEqual([]);
  });

  it("lists each import since that wrote the unit's records of the month, with how many of them stand, and each correction", async () => {
    // A1 closed (a re-export: A2 the same, so not written), A3 new; 乙镇's B1 closed; an order of November
    const reExport = file("orders", [
      ORDER_HEADER,
      order("A1", "T1", 9, "2017-10-13 10:00"),
      order("A2", "T1", 10, "2017-10-12 10:00"),
      order("A3", "T1", 11, ""),
      order("B1", "T2", 9, "2017-10-20 10:00"),
    ]);
    await imported(reExport);
    await imported(file("orders", [ORDER_HEADER, "N1,T1,县中心,2017-11-02 09:00,2017-11-07 17:00,"]));
    const events = file("events", ["事件编号,单位,日期,事件类型", "E1,T1,2017-10-20,推诿扯皮"]);
    await imported(events);
    const [undone] = await imported(file("events", ["事件编号,单位,日期,事件类型", "E2,T1,2017-10-21,推诿扯皮"]));
    await undoImportBatch(store, undone as number, { actor: ACTOR });
    // a correction of A3 (as an upheld objection writes one), and one of 乙镇's B1
    for (const [unitCode, recordId] of [
      ["T1", "A3"],
      ["T2", "B1"],
    ] as const)
      await store.prisma.correction.create({
        data: { record: "orders", recordId, unitCode, field: "delayExcused", fromValue: false, toValue: true, status: "active", createdBy: ACTOR },
      });
    expect(await changes("T1")).toEqual([
      { kind: "orders", fileName: reExport.name, records: 2 },
      { kind: "events", fileName: events.name, records: 1 },
      { kind: "correction", fileName: null, records: 1 },
    ]);
    expect(await changes("T2")).toEqual([
      { kind: "orders", fileName: reExport.name, records: 1 },
      { kind: "correction", fileName: null, records: 1 },
    ]);
  });

  it("is empty again once the month is published anew", async () => {
    await publishPeriod(store, MONTH, { actor: ACTOR, reason: "更正后重新发布" });
    expect(await changes("T1")).toEqual([]);
  });
});

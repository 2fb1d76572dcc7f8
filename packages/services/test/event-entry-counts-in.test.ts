/**
 * 登记考核事件 says what an event of the day chosen counts in: the form defaulted to today, and a year-end finding
 * entered in January for last year's checklist counted in the new year with nothing said (a walk). Under the 2017
 * method: 行政不作为 is deducted in the month's 投诉件办理考核 (十个新突破), 工单不规范 in the year's 综合管理考核 (2.3).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { createScratchDatabase, type ScratchDatabase } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventTypesFor } from "../src/event-entry.ts";
import { importData } from "../src/import-warnings.ts";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";

const root = new URL("../../../", import.meta.url).pathname;

describe("what an entered event counts in, by its day", () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-event-counts-in-"));
  let scratch: ScratchDatabase;
  let store: Store;

  beforeAll(async () => {
    scratch = await createScratchDatabase("sqlite");
    store = await openStore(scratch.url);
    const draft = await createDraft(store, { text: readFileSync(`${root}rules/huantai/2017.kh`, "utf8"), author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
    writeFileSync(join(dir, "units.csv"), "单位编码,单位名称,类别\nHTZ01,唐山镇,镇\n");
    // the newest order: received 31 December 2018, closed 2 January 2019
    writeFileSync(
      join(dir, "orders.csv"),
      ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", "D1,唐山镇,县中心,2018-12-31 17:00,2019-01-07,2019-01-02 10:00"].join("\n"),
    );
    const files = ["units.csv", "orders.csv"].map((name) => ({ path: join(dir, name), name }));
    const report = await importData(store, files, { actor: "导入员" });
    if (!report.ok) throw new Error(JSON.stringify(report.problems));
  });
  afterAll(async () => {
    await store?.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a month's event type counts in the day's month, a yearly checklist's in the day's year; the newest order's day is given", async () => {
    const november = await eventTypesFor(store, "2018-11", "2018-11-15");
    const countsIn = (name: string) => november?.types.find((t) => t.name === name)?.countsIn;
    expect(countsIn("行政不作为")).toEqual(["2018年11月投诉件办理考核"]);
    expect(countsIn("工单不规范")).toEqual(["2018年度综合管理考核"]);
    // a bonus of the checklist too (11.1)
    expect(countsIn("主动协调解决")).toEqual(["2018年度综合管理考核"]);
    // the data's newest moment is D1's closing, 2 January 2019
    expect(november?.latestOrder).toBe("2019-01-02");
    // the same finding dated in January counts in the new year: the form says so (and that the day is after the data)
    const january = await eventTypesFor(store, "2019-01", "2019-01-10");
    expect(january?.types.find((t) => t.name === "工单不规范")?.countsIn).toEqual(["2019年度综合管理考核"]);
    // asked without a day, as before: nothing more
    const plain = await eventTypesFor(store, "2018-11");
    expect(plain?.types.find((t) => t.name === "行政不作为")).toEqual({
      name: "行政不作为",
      label: "因行政不作为造成投诉，经查证属实",
      points: 5,
      direction: "deduct",
    });
    expect(plain && "latestOrder" in plain).toBe(false);
  });
});

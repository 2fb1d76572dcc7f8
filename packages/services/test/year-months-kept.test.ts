/**
 * The year page asks for the year's table (scores.year) and then its sanctions column (scores.yearSanctions): the
 * column reads only the months the year counts, and those the table's scoring kept (`yearMonthsCounted`) while the data
 * stays the same. It scored the whole year a second time for them (a walk timed the year page at 4.4–5.9 s).
 */
import { readFileSync } from "node:fs";
import { shanghaiEpoch, type Unit } from "@kaohe/data";
import { openStore, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileVersion, createDraft, publishRubricVersion, versionInForce } from "../src/rubrics.ts";
import { scoreForPeriod } from "../src/score-views.ts";
import { scorePeriod, yearMonthsCounted } from "../src/scores.ts";
import { yearSanctionsInForce } from "../src/year-sanctions.ts";
import { testOrder } from "./support/orders.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const at = (y: number, m: number, d: number, h = 9) => shanghaiEpoch(y, m, d, h);
const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
];
// October and December have orders, November none: the year counts October and December
const orders = [10, 12].flatMap((m) =>
  units.map((u) =>
    testOrder({
      id: `${u.code}-${m}`,
      unit: u.code,
      receivedAt: at(2017, m, 5),
      dueAt: at(2017, m, 10, 17),
      closedAt: at(2017, m, u.code === "T1" ? 15 : 8, 10),
    }),
  ),
);

describe.each(databases)("the months a year counts, kept by its scoring, on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  /** the kept values asked for since, each with whether it was computed (not found kept) */
  let asked: { key: string; computed: boolean }[] = [];

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    await replaceRecords(store.raw, { units, orders, events: [] });
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
    const remember = store.raw.remember.bind(store.raw);
    store.raw.remember = (key, compute, bytes) => {
      const [kind, , own] = key.split("\u0000");
      const entry = { key: kind === "month-result" ? `${kind} ${own}` : (kind as string), computed: false };
      asked.push(entry);
      return remember(
        key,
        () => {
          entry.computed = true;
          return compute();
        },
        bytes,
      );
    };
  });
  afterAll(async () => {
    await store?.close();
  });

  it("the sanctions column after the year's table reads the months the table counted, kept, and scores nothing again", async () => {
    const year = await scoreForPeriod(store, "2017");
    expect(year.months).toEqual(["2017-10", "2017-12"]);
    asked = [];
    const sanctions = await yearSanctionsInForce(store, "2017", new Date(at(2018, 1, 20)));
    // the months counted taken as the year's scoring kept them, and no month scored again: each month counted read
    // once, for its sanctions (the year scored again read the four months in force, September to December, first)
    expect(asked.filter((a) => a.key === "year-months")).toEqual([{ key: "year-months", computed: false }]);
    expect(asked.filter((a) => a.computed)).toEqual([]);
    expect(asked.filter((a) => a.key.startsWith("month-result")).map((a) => a.key.slice(a.key.indexOf("|") + 1, a.key.indexOf("|") + 8))).toEqual([
      "2017-10",
      "2017-12",
    ]);
    // T1 closed late both months it had an order in: 书面说明 in the two months counted
    expect(sanctions.map((u) => [u.unitCode, u.text])).toEqual([["T1", "书面说明 2 个月"]]);
    const rubric = compileVersion(await versionInForce(store, "2017"));
    expect(await yearMonthsCounted(store, rubric, "2017")).toEqual(year.months);
  });

  it("asked first, scores the year itself, as the year's scoring would count its months", async () => {
    // the data written anew: nothing kept from the test before
    await replaceRecords(store.raw, { units, orders, events: [] });
    const rubric = compileVersion(await versionInForce(store, "2017"));
    asked = [];
    const months = await yearMonthsCounted(store, rubric, "2017");
    expect(asked.find((a) => a.key === "year-months")).toEqual({ key: "year-months", computed: true });
    expect(months).toEqual((await scorePeriod(store, rubric, "2017", { evidence: false })).months);
    expect(Object.isFrozen(months)).toBe(true);
  });
});

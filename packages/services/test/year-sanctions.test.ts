/**
 * The year's sanctions (办法五): how many of the year's counted months a unit owed a written explanation (书面说明),
 * and how many of those it handed in late (逾期提交) or never (逾期未交), on both databases, with the shipped 2017
 * rubric. Worked out by hand:
 *
 * The 2017 rubric asks 书面说明 when 超期件数 > 0 or 反弹件数 > 0 or 应办未办事件 > 0 (rules/huantai/2017.kh). Three
 * towns, one order each in October, November and December 2017 (the rubric is in force from September, which has no
 * orders: the year counts October to December, 3 months):
 *   T1 甲镇: its order closed after its deadline every month → owes one in October, November and December (3 months).
 *   T2 乙镇: on time but in November, when its order closed late → owes one in November only (1 month).
 *   T3 丙镇: always on time → owes none.
 * The months' cycles (explanation deadlines at the end of the 10th of the next month) and what was handed in:
 *   October (opened, deadline 2017-11-10): T1 submitted 2017-11-08, on time.
 *   November (opened, deadline 2017-12-10): T1 submitted 2017-12-12, after it → 逾期提交; T2 none, the deadline
 *     passed (today is 2018-01-20) → 逾期未交.
 *   December: never opened to the units, so no deadline: T1's is 待提交 — neither late nor missing.
 * So T1: 书面说明 3 个月, 逾期提交 1, 逾期未交 0; T2: 书面说明 1 个月, 逾期提交 0, 逾期未交 1; T3: nothing.
 */
import { readFileSync } from "node:fs";
import { type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { openStore, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDraft, publishRubricVersion } from "../src/rubrics.ts";
import { yearSanctions, yearSanctionsInForce, yearSanctionsText } from "../src/year-sanctions.ts";
import { testOrder } from "./support/orders.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const at = (y: number, m: number, d: number, h = 9) => shanghaiEpoch(y, m, d, h);
const NOW = new Date(at(2018, 1, 20));

const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
  { code: "T3", name: "丙镇", category: "镇", attributes: {} },
];

/** Received on the 5th of the month, due on the 10th; closed on the 8th, or on the 15th when `late`. */
const order = (unit: string, m: number, late: boolean): Order =>
  testOrder({ id: `${unit}-${m}`, unit, receivedAt: at(2017, m, 5), dueAt: at(2017, m, 10, 17), closedAt: at(2017, m, late ? 15 : 8, 10) });

const orders = [10, 11, 12].flatMap((m) => [order("T1", m, true), order("T2", m, m === 11), order("T3", m, false)]);

/** A month opened to the units, its explanations due at the end of the 10th of the next month (Beijing time). */
const cycle = (period: string, deadline: number) => ({
  period,
  stage: "preview",
  previewOpenedAt: new Date(deadline - 10 * 86_400_000),
  previewOpenedBy: "考核办",
  objectionDeadline: new Date(deadline),
  explanationDeadline: new Date(deadline),
  updatedBy: "考核办",
});

const explanation = (period: string, unitCode: string, submittedAt: number) => ({
  period,
  unitCode,
  text: "超期系交通管制所致，已整改。",
  reasons: [],
  status: "submitted",
  submittedBy: `${unitCode}联络员`,
  submittedAt: new Date(submittedAt),
});

describe.each(databases)("the year's sanctions on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;

  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    await replaceRecords(store.raw, { units, orders, events: [] });
    const draft = await createDraft(store, { text: RUBRIC_2017, author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
    await store.prisma.assessmentCycle.createMany({
      data: [cycle("2017-10", at(2017, 11, 10, 23) + 59 * 60_000), cycle("2017-11", at(2017, 12, 10, 23) + 59 * 60_000)],
    });
    await store.prisma.explanation.createMany({
      data: [explanation("2017-10", "T1", at(2017, 11, 8)), explanation("2017-11", "T1", at(2017, 12, 12))],
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("counts each unit's months of 书面说明 over the year's counted months, and those handed in late or never", async () => {
    const found = await yearSanctionsInForce(store, "2017", NOW);
    expect(found.map((u) => [u.unitCode, u.sanctions.map((s) => [s.name, s.months, s.explains, s.late, s.missing]), u.text])).toEqual([
      ["T1", [["书面说明", 3, true, 1, 0]], "书面说明 3 个月（逾期提交 1 次）"],
      ["T2", [["书面说明", 1, true, 0, 1]], "书面说明 1 个月（逾期未交 1 次）"],
    ]);
  });

  it("counts any sanction the rubric declares by months; one asking no explanation is never late nor missing", async () => {
    const sanction = (name: string) => ({ name, label: null, because: [] });
    const unit = { code: "T3", name: "丙镇", category: "镇" };
    // 约谈 in October and November (both past their explanation deadlines, T3 handed in nothing), 书面说明 in December
    const monthly = new Map([
      ["2017-10", [{ unit, sanctions: [sanction("约谈")] }]],
      ["2017-11", [{ unit, sanctions: [sanction("约谈")] }]],
      ["2017-12", [{ unit, sanctions: [sanction("书面说明")] }]],
    ]);
    const found = await yearSanctions(store, monthly, NOW);
    expect(found.get("T3")?.map((s) => [s.name, s.months, s.explains, s.late, s.missing])).toEqual([
      ["约谈", 2, false, 0, 0],
      // December was never opened: its explanation is 待提交, neither late nor missing
      ["书面说明", 1, true, 0, 0],
    ]);
    expect(yearSanctionsText(found.get("T3") ?? [])).toBe("约谈 2 个月；书面说明 1 个月");
  });
});

/**
 * The year's 《投诉动态》 lists a yearly checklist's deductions item by item (year-bulletin.ts, laid out by layout.ts).
 * A review noted that an item weighted, floored or both deducting and adding would print its points wrong: the
 * reasons all said 扣, their sum counted an addition as a deduction, and any difference from the item's figure was
 * put down to its points (本项最多扣 N 分). Tried on the 2017 rubric with three of its 综合管理 items rewritten:
 *
 *   2.3 10 points, base 100, weight 10%, deduct per 工单不规范 (2 each). 甲镇 3 × 2 = 6: (100 − 6) × 10% = 9.4, the item
 *       loses 0.6 of its 10: "0.60（按次计 6.00，按 10% 计入本项）" — its points (10 of a base of 100) do not bind.
 *   2.4 3 points, at least 1, deduct 1.5 per 例会制度缺项. 甲镇 2 × 1.5 = 3, all of the item (3 − 3 = 0, not beyond it),
 *       held at 1: loses 2 — "2.00（按次计 3.00，本项不低于 1 分）".
 *   3.1 3 points, deduct per 知识库未更新 (2 each), add 1 per 主动协调解决. 甲镇 one of each: 3 − 2 + 1 = 2, loses 1 —
 *       "扣2分；…加1分", "1.00": the reasons, net, are the item's figure.
 */
import { readFileSync } from "node:fs";
import { type HotlineEvent, type Order, shanghaiEpoch, type Unit } from "@kaohe/data";
import { openStore, type Store } from "@kaohe/db";
import { databases, replaceRecords, useDatabase } from "@kaohe/db/testing";
import { createDraft, publishRubricVersion, yearBulletinData } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Block, yearBulletinLayout } from "../src/bulletin/layout.ts";

const RUBRIC_2017 = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");

function variant(): string {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`not in the rubric: ${from}`);
    return text.replace(from, to);
  };
  let text = replace(
    RUBRIC_2017,
    `item 2.3 "按要求进行工单办理" 10 points {\n      deduct per 工单不规范\n    }`,
    `item 2.3 "按要求进行工单办理" 10 points {\n      base 100\n      weight 10%\n      deduct per 工单不规范\n    }`,
  );
  text = replace(
    text,
    `item 2.4 "建立定期工作例会制度" 3 points {\n      deduct per 例会制度缺项\n    }`,
    `item 2.4 "建立定期工作例会制度" 3 points {\n      at least 1\n      deduct 1.5 per 例会制度缺项\n    }`,
  );
  return replace(
    text,
    `item 3.1 "及时完善、更新数据资料库" 3 points {\n      deduct per 知识库未更新\n    }`,
    `item 3.1 "及时完善、更新数据资料库" 3 points {\n      deduct per 知识库未更新\n      add 1 per 主动协调解决\n    }`,
  );
}

const at = (m: number, d: number, h = 9) => shanghaiEpoch(2017, m, d, h);
const units: Unit[] = [
  { code: "T1", name: "甲镇", category: "镇", attributes: {} },
  { code: "T2", name: "乙镇", category: "镇", attributes: {} },
];
/** Received on October 9, due a week later, closed two days after receipt, called back satisfied: full marks each month. */
const order = (id: string, unit: string): Order => ({
  id,
  unit,
  source: "县中心",
  receivedAt: at(10, 9),
  dueAt: at(10, 16, 17),
  closedAt: at(10, 11, 10),
  kind: null,
  extendedTo: null,
  delayExcused: false,
  returned: false,
  returnAccepted: false,
  redoCount: 0,
  anonymous: false,
  visited: true,
  processSatisfaction: "满意",
  resultSatisfaction: "满意",
  closureType: null,
  rebound: false,
  leaderInstructed: false,
  attributes: {},
});
const event = (id: string, type: string, count: number): HotlineEvent => ({
  id,
  unit: "T1",
  date: at(10, 20),
  type,
  count,
  points: null,
  orderId: null,
  note: null,
  attributes: {},
});

describe.each(databases)("a yearly checklist's weighted, floored and two-way items in the year's bulletin on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    await replaceRecords(store.raw, {
      units,
      orders: [order("A1", "T1"), order("B1", "T2")],
      events: [event("E1", "工单不规范", 3), event("E2", "例会制度缺项", 2), event("E3", "知识库未更新", 1), event("E4", "主动协调解决", 1)],
    });
    const draft = await createDraft(store, { text: variant(), author: "测试员" });
    await publishRubricVersion(store, draft.id, "测试员");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("prints each reason with its own verb and the item's figure with what bound it", async () => {
    const d = await yearBulletinData(store, "2017");
    const table = yearBulletinLayout(d).blocks.find(
      (b): b is Extract<Block, { kind: "table" }> => b.kind === "table" && b.caption.endsWith("综合管理考核扣分情况"),
    );
    const rows = new Map(table?.rows.filter((r) => r[1] === "甲镇").map((r) => [r[3]?.split(" ")[2], r.slice(4)]));
    expect(rows.get("2.3")).toEqual(["不按规定格式和要求办理工单、未落实审核签名 3次，扣6分", "0.60（按次计 6.00，按 10% 计入本项）"]);
    expect(rows.get("2.4")).toEqual(["未建立定期例会制度或未定期研究部署 2次，扣3分", "2.00（按次计 3.00，本项不低于 1 分）"]);
    expect(rows.get("3.1")).toEqual(["未及时完善、更新问答式知识库 1次，扣2分；虽无法定职责但积极主动协调解决 1次，加1分", "1.00"]);
  });
});

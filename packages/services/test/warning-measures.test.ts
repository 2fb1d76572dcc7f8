/**
 * The counts behind the score table's warnings (the orders a period received, each orders population's size) score
 * nothing, so what a result rests on leaves them out: a rubric of events alone still reads no orders — its months'
 * fingerprints, and publishing's question whether the period has data, are what they were.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { compileRubric } from "@kaohe/rules-engine";
import { afterAll, beforeAll, expect, it } from "vitest";
import { anyOrderRead } from "../src/scores.ts";

const eventsOnly = compileRubric(`rubric "只考核事件" version "1"
  in force from 2017-09

category 镇 "镇"

event 推诿扯皮 "推诿扯皮" points 3

population 本期事件 "本期事件" = events where 日期 in period

monthly 月度 "月度考核" {
  item 事件 "考核事件" 100 points {
    deduct per 推诿扯皮
  }
}

ranking {
  monthly 月度
  within category
}
`);

let store: Store;
beforeAll(async () => {
  store = await openStore(`file:${join(mkdtempSync(join(tmpdir(), "kaohe-warning-measures-")), "k.db")}`);
});
afterAll(() => store?.close());

it("a rubric of events alone reads no orders, though the engine counts the orders received for its warnings", async () => {
  expect(eventsOnly.plan.measures.some((m) => m.record === "orders")).toBe(true);
  expect(await anyOrderRead(store, eventsOnly, "2018-03")).toBeNull();
});

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_DATA_AS_OF, generateDemoDataset } from "../../src/demo/generate-demo-dataset.ts";
import { HUANTAI_2017_EVENT_TYPES } from "../../src/demo/huantai-event-types.ts";
import { HUANTAI_UNITS } from "../../src/demo/huantai-units.ts";
import { writeDemoFiles } from "../../src/demo/write-demo-files.ts";
import { loadDataset } from "../../src/load-dataset.ts";
import { toShanghaiWallClock } from "../../src/shanghai-time.ts";
import { useTempDir } from "../support/temp-dir.ts";

const dir = await useTempDir();
const demo = generateDemoDataset();
const { orders, events, facts, units } = demo;
const share = (count: number) => count / orders.length;
/** a dataset generated (about a second each, idle) or written and read back: seconds on a busy machine; a limit, not a measurement */
const DATASET_TIMEOUT = 60_000;

describe("generateDemoDataset", () => {
  it("is deterministic for a seed and differs between seeds", { timeout: DATASET_TIMEOUT }, () => {
    expect(generateDemoDataset()).toEqual(demo);
    expect(generateDemoDataset(7).orders.length).not.toBe(orders.length);
  });

  it("has Huantai's real units: two street offices, seven towns and the county departments", () => {
    const byCategory = (c: string) => units.filter((u) => u.category === c).map((u) => u.name);
    expect(byCategory("街道")).toEqual(["索镇街道", "少海街道"]);
    expect(byCategory("镇")).toEqual(["唐山镇", "果里镇", "马桥镇", "新城镇", "起凤镇", "田庄镇", "荆家镇"]);
    expect(byCategory("县直部门").length).toBeGreaterThanOrEqual(28);
    expect(byCategory("县直部门")).toEqual(expect.arrayContaining(["县公安局", "县城市管理行政执法局", "县供电公司", "县自来水公司"]));
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
  });

  it("has 8,000–15,000 orders from 2017-09 to 2018-12, towns and streets busier than most departments", () => {
    expect(orders.length).toBeGreaterThanOrEqual(8000);
    expect(orders.length).toBeLessThanOrEqual(15000);
    const months = new Set(
      orders.map((o) => {
        const w = toShanghaiWallClock(o.receivedAt);
        return `${w.year}-${w.month}`;
      }),
    );
    expect(months.size).toBe(16);
    const volume = (category: string) => {
      const codes = new Set(units.filter((u) => u.category === category).map((u) => u.code));
      return orders.filter((o) => codes.has(o.unit)).length / codes.size;
    };
    expect(volume("镇")).toBeGreaterThan(2 * volume("县直部门"));
    expect(volume("街道")).toBeGreaterThan(2 * volume("县直部门"));
    expect(new Set(orders.map((o) => o.id)).size).toBe(orders.length);
  });

  it("has the mix of outcomes the rubric scores", () => {
    const closed = orders.filter((o) => o.closedAt !== null);
    const late = closed.filter((o) => (o.closedAt as number) > (o.extendedTo ?? o.dueAt));
    expect(share(closed.length)).toBeGreaterThan(0.95);
    expect(share(late.length)).toBeGreaterThan(0.03);
    expect(share(late.length)).toBeLessThan(0.15);
    expect(orders.some((o) => o.extendedTo !== null && o.closedAt !== null && o.closedAt > o.dueAt && o.closedAt <= o.extendedTo)).toBe(true);
    expect(late.some((o) => o.delayExcused)).toBe(true);
    // still open at export time, some not yet due
    expect(orders.some((o) => o.closedAt === null && o.dueAt > DEMO_DATA_AS_OF)).toBe(true);
    expect(orders.some((o) => o.returned && o.returnAccepted)).toBe(true);
    expect(orders.some((o) => o.returned && !o.returnAccepted)).toBe(true);
    expect(orders.every((o) => !o.returnAccepted || o.returned)).toBe(true);
    expect(orders.some((o) => o.redoCount === 2)).toBe(true);
    expect(share(orders.filter((o) => o.visited).length)).toBeGreaterThan(0.6);
    for (const level of ["满意", "基本满意", "一般", "不满意"]) {
      expect(orders.some((o) => o.processSatisfaction === level)).toBe(true);
      expect(orders.some((o) => o.resultSatisfaction === level)).toBe(true);
    }
    expect(orders.every((o) => o.visited || (o.processSatisfaction === null && o.resultSatisfaction === null))).toBe(true);
    expect(new Set(closed.map((o) => o.closureType)).size).toBeGreaterThanOrEqual(6);
    expect(orders.some((o) => o.rebound)).toBe(true);
    expect(orders.some((o) => o.leaderInstructed)).toBe(true);
    expect(new Set(orders.map((o) => o.source))).toEqual(new Set(["县中心", "市中心"]));
    expect(new Set(orders.map((o) => o.kind))).toEqual(new Set(["投诉", "咨询", "建议", "求助", "举报"]));
    expect(Object.keys(orders[0]?.attributes ?? {})).toEqual(["响应时长(小时)", "渠道"]);
  });

  it("has events of every type the 2017 rubric declares, dated in the period, some naming their order", () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of HUANTAI_2017_EVENT_TYPES) expect(types).toContain(type.code);
    expect(HUANTAI_2017_EVENT_TYPES.length).toBe(47);
    const orderIds = new Set(orders.map((o) => o.id));
    const linked = events.filter((e) => e.orderId !== null);
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.every((e) => orderIds.has(e.orderId as string))).toBe(true);
    for (const e of events) {
      const year = toShanghaiWallClock(e.date).year;
      expect([2017, 2018]).toContain(year);
      expect(e.points !== null).toBe(e.type === "其他效能问题" || e.type === "其他加分");
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("has facts for 2017 and 2018, mostly 是, a few 否, and a missing row or two", () => {
    expect(new Set(facts.map((f) => f.year))).toEqual(new Set([2017, 2018]));
    expect(new Set(facts.map((f) => f.item))).toEqual(new Set(["领导小组", "专线网络"]));
    const no = facts.filter((f) => f.value === false).length;
    expect(no).toBeGreaterThanOrEqual(2);
    expect(no).toBeLessThanOrEqual(6);
    const expected = HUANTAI_UNITS.length * 2 * 2;
    expect(expected - facts.length).toBeGreaterThanOrEqual(1);
    expect(expected - facts.length).toBeLessThanOrEqual(2);
  });
});

describe("writeDemoFiles", () => {
  it("writes CSV files with Chinese headers and a BOM that load back as the same records", { timeout: DATASET_TIMEOUT }, async () => {
    const paths = await writeDemoFiles(join(dir, "demo"), demo);
    const ordersText = await readFile(paths.orders, "utf8");
    expect(ordersText.startsWith("\uFEFF工单编号,承办单位,来源,诉求类型,受理时间,办理时限,延期至,办结时间")).toBe(true);
    expect((await readFile(paths.units, "utf8")).startsWith("\uFEFF单位编码,单位名称,类别")).toBe(true);
    // units are written by name, as the center's platform exports them
    expect(ordersText.split("\r\n")[1]).toMatch(/^HT20170900001,[^,]*(镇|街道|局|公司|中心),/);

    const loaded = await loadDataset(join(dir, "demo"));
    expect(loaded.problems).toBeUndefined();
    expect(loaded.dataset).toEqual(demo);
  });
});

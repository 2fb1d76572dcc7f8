/**
 * A unit with more orders than a result keeps ids of (EVIDENCE_LIMIT, 10,000): a county's unit with 37,088 orders
 * showed 查看工单（10000） beside 承办量 37088, and 查看失分的工单（834） opening a list of 6,661, both counted from lists
 * cut at 10,000. A button now names no number a cut list cannot know; the list it opens counts on the server.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFiles } from "@kaohe/db";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type App, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

let app: App;
explainFailures(() => app);
const byTestId = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  app = await startApp();
  // 12,000 orders of 甲镇 in 2018-03, one a minute from the 1st 00:00 (Beijing) on: the first 10,500 closed half an
  // hour later, the last 1,500 not. The lists kept are the first 10,000 by 受理时间 of each count, all of them closed:
  // their difference was 0, so the button opening the 1,500 lost ones was not shown at all
  const dir = mkdtempSync(join("/tmp", "kaohe-e2e-big-unit-"));
  const at = (i: number) => {
    const d = new Date(Date.UTC(2018, 2, 1) + i * 60_000);
    return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
  };
  const units = join(dir, "units.csv");
  writeFileSync(units, "单位编码,单位名称,类别\nT1,甲镇,镇\nT2,乙镇,镇\n");
  const orders = join(dir, "orders.csv");
  const lines = Array.from(
    { length: 12_000 },
    (_, i) => `BIG${String(i).padStart(5, "0")},甲镇,县中心,${at(i)},2018-03-31 17:00,${i < 10_500 ? at(i + 30) : ""}`,
  );
  writeFileSync(orders, ["工单编号,承办单位,来源,受理时间,办理时限,办结时间", ...lines, "SMALL1,乙镇,县中心,2018-03-05 09:00,2018-03-31 17:00,"].join("\n"));
  const imported = await importFiles(app.store, [{ path: units }, { path: orders }], { actor: "测试准备" });
  expect(imported.ok).toBe(true);
}, 180_000);
afterAll(async () => {
  await app?.close();
});

test("a count of more than 10,000 orders: its buttons say no cut number, the lost orders' list counts all 1,500", async () => {
  const { page } = app;
  const row = byTestId("unit-item-row-办结率考核");
  await page.goto(`${app.url}/units/T1?period=2018-03`);
  await page.waitForSelector(row, { timeout: 60_000 });
  await page.click(`${row} .ant-table-row-expand-icon`);
  // 承办量 12000 and 办结件数 10500: more than the 10,000 ids kept, said as such, not as 10000
  expect(await page.textContent(byTestId("drill-工单数"))).toBe("查看工单（10000 条以上）");
  expect(await page.textContent(byTestId("drill-办结件数"))).toBe("查看工单（10000 条以上）");
  // the lost ones: no number (it was 0 here, 834 in the county), the list counts them: 12,000 − 10,500
  const lost = byTestId("drill-lost-办结件数");
  expect(await page.textContent(lost)).toBe("查看失分的工单");
  await page.click(lost);
  await page.waitForSelector(`${byTestId("drilldown-table")} >> text=BIG10500`, { timeout: 60_000 });
  expect(await page.textContent(".ant-modal-body")).toContain("失分的工单：共 1500 条");
  await page.keyboard.press("Escape");
  // a unit of few orders as before: 乙镇's one order, not closed, is its one lost order
  await page.goto(`${app.url}/units/T2?period=2018-03`);
  await page.waitForSelector(row, { timeout: 60_000 });
  await page.click(`${row} .ant-table-row-expand-icon`);
  expect(await page.textContent(byTestId("drill-工单数"))).toBe("查看工单（1）");
  expect(await page.textContent(byTestId("drill-lost-办结件数"))).toBe("查看失分的工单（1）");
}, 180_000);

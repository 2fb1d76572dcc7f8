/**
 * The downloads as the center's administrator meets them, in Chromium on the demo data (2018-10 published,
 * 2018-11 open to the units): 《投诉动态》 from the ranking page — the lead edited, saved with the month by
 * downloading, Word and PDF saved by the browser — the year page's table and the drill-down's records.
 * What the files say is tested on the server (apps/server/test/bulletin.test.ts, exports.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getBulletinText, seedDemo } from "@kaohe/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type App, startApp } from "./support/app.ts";

let app: App;
const byTestId = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  app = await startApp();
  await seedDemo(app.store, { cycle: true });
});
afterAll(() => app?.close());

/** Click and keep what the browser downloads: its suggested name and bytes. */
async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: 90_000 }), page.click(selector)]);
  const path = join(app.downloads, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

test("《投诉动态》: the lead edited on the ranking page is saved with the month and the Word and PDF files download", async () => {
  const { page } = app;
  await page.goto(`${app.url}/ranking/2018-11`);
  await page.click(byTestId("bulletin-button"));
  await page.waitForSelector(byTestId("bulletin-lead"), { timeout: 90_000 });
  // the month is not published: the dialog says the files are a preview
  await page.waitForSelector(byTestId("bulletin-preview-notice"));
  const lead = "十一月份，全县民生热线运行平稳。请各单位对照通报的问题抓好整改。";
  await page.fill(byTestId("bulletin-lead"), lead);
  await app.shot("bulletin-dialog");

  // unsaved edits are saved before the download
  const pdf = await download(page, byTestId("bulletin-pdf"));
  expect(pdf.name).toBe("投诉动态-2018-11.pdf");
  expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect((await getBulletinText(app.store, "2018-11"))?.lead).toBe(lead);
  await page.waitForSelector(`${byTestId("bulletin-saved")}:has-text("上次保存")`);

  const docx = await download(page, byTestId("bulletin-docx"));
  expect(docx.name).toBe("投诉动态-2018-11.docx");
  // a Word file is a zip
  expect(docx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
});

test("the year's table and the records behind a number download from their pages", async () => {
  const { page } = app;
  await page.goto(`${app.url}/year/2017`);
  const year = await download(page, byTestId("year-export-button"));
  expect([year.name, year.bytes.subarray(0, 2).toString("latin1")]).toEqual(["年度考核-2017.xlsx", "PK"]);

  await page.goto(`${app.url}/units/HTZ01?period=2018-11`);
  // the item 按期办结 opened: its measures, each with its records
  await page.locator(".ant-table-row-expand-icon").nth(1).click({ timeout: 90_000 });
  await page.locator(byTestId("drill-超期件数")).first().click();
  await page.waitForSelector(byTestId("drilldown-table"));
  const records = await download(page, byTestId("drilldown-export-button"));
  expect([records.name, records.bytes.subarray(0, 2).toString("latin1")]).toEqual(["明细-唐山镇-2018-11-超期件数.xlsx", "PK"]);
});

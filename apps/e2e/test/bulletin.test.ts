/**
 * The downloads as the center's administrator meets them, in Chromium on the demo data (2018-10 published,
 * 2018-11 open to the units): 《投诉动态》 from the ranking page — the lead edited, saved with the month by
 * downloading, Word and PDF saved by the browser — the year page's table and the drill-down's records.
 * What the files say is tested on the server (apps/server/test/bulletin.test.ts, exports.test.ts); here, as the
 * 考核管理员 signs in, the latest month's files are opened and checked against the ranking page as it shows it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createUser, DEMO_PASSWORD, getBulletinText, seedDemo } from "@kaohe/services";
import { strFromU8, unzipSync } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { readDocx } from "../../server/test/docx-text.ts";
import { type App, signInContext, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

let app: App;
explainFailures(() => app);
const byTestId = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  app = await startApp();
  await seedDemo(app.store, { cycle: true });
});
afterAll(() => app?.close());

/** Click and keep what the browser downloads: its suggested name and bytes. */
async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  return downloadTo(app.downloads, page, selector);
}

async function downloadTo(dir: string, page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: 90_000 }), page.click(selector)]);
  const path = join(dir, d.suggestedFilename());
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

test("《投诉动态》 of a month whose last month is not published: the dialog tells the administrator before printing that it will not compare", async () => {
  const { page } = app;
  // the demo publishes October, not September
  await page.goto(`${app.url}/ranking/2018-10`);
  await page.click(byTestId("bulletin-button"));
  const notice = page.locator(byTestId("bulletin-previous-notice"));
  await notice.waitFor({ timeout: 90_000 });
  expect(await notice.innerText()).toContain("上月（2018年9月）结果尚未发布");
  expect(await page.locator(byTestId("bulletin-summary")).innerText()).toContain("2018年9月未发布：不作比较");
  await app.shot("bulletin-dialog-previous-unpublished");
  // nothing saved for October: its prefilled issue, date and lead may be saved as they are, to be the month's
  // (保存 stayed disabled until something was edited, though the form asks for the centre's actual 期号: a walk)
  expect(await getBulletinText(app.store, "2018-10")).toBeNull();
  const prefilled = Number(await page.inputValue(`:is(input${byTestId("bulletin-issue")}, ${byTestId("bulletin-issue")} input)`));
  const save = page.locator(byTestId("bulletin-save"));
  expect(await save.isDisabled()).toBe(false);
  await save.click();
  await page.waitForSelector(`${byTestId("bulletin-saved")}:has-text("上次保存")`);
  expect((await getBulletinText(app.store, "2018-10"))?.issue).toBe(prefilled);
  // saved, nothing is left to save until something is edited
  expect(await save.isDisabled()).toBe(true);
  await page.keyboard.press("Escape");

  // November compares with October, published: no such notice
  await page.goto(`${app.url}/ranking/2018-11`);
  await page.click(byTestId("bulletin-button"));
  await page.waitForSelector(byTestId("bulletin-summary"), { timeout: 90_000 });
  expect(await page.locator(byTestId("bulletin-summary")).innerText()).toContain("2018年10月（已发布）");
  expect(await page.locator(byTestId("bulletin-previous-notice")).count()).toBe(0);
  await page.keyboard.press("Escape");
});

test("名次变化 on the ranking, as the bulletin: against last month's published places only, and not for a unit without orders", async () => {
  const { page } = app;
  const settled = async () => {
    await page.locator(`${byTestId("ranking-table")}:visible`).waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid="rank-change-loading"]'), undefined, { timeout: 90_000 });
  };
  const arrows = () => page.locator(`${byTestId("ranking-table")} :is(.kh-up, .kh-down)`).count();
  // October: September is scored (a preview the administrator may see) but not published: no change is shown
  await page.goto(`${app.url}/ranking/2018-10`);
  await settled();
  expect(await arrows()).toBe(0);
  // said in words, as the bulletin says them, why in the tooltip ("—" is a place unchanged: a leader read it so)
  const firstRowMove = page.locator(`${byTestId("ranking-table")}:visible ${byTestId("rank-not-compared")}`).first();
  expect(await firstRowMove.textContent()).toBe("不比较");
  await firstRowMove.hover();
  await page.waitForSelector('.ant-tooltip:has-text("未发布")');
  // November against October, published: the towns move
  await page.goto(`${app.url}/ranking/2018-11`);
  await settled();
  expect(await arrows()).toBeGreaterThan(0);
  // among the county departments, units without a single order in October or November are not compared
  await page.click(byTestId("category-tab-县直部门"));
  await settled();
  // (the tab's table is drawn after the click: waited for, not counted at once)
  const notCompared = page.locator(`${byTestId("rank-not-compared")}:visible`);
  await notCompared.first().waitFor({ timeout: 90_000 });
  expect(await notCompared.first().textContent()).toBe("不比较");
  await notCompared.first().hover();
  await page.waitForSelector('.ant-tooltip:has-text("无工单，不比较名次")');
});

test("the year's 《投诉动态》 downloads from the year page with the lead edited there, said to be the preview while the year is not published", async () => {
  const { page } = app;
  await page.goto(`${app.url}/year/2018`);
  await page.click(byTestId("year-bulletin-button"));
  await page.waitForSelector(byTestId("year-bulletin-preview-notice"), { timeout: 90_000 });
  // as the month's: the generated lead offered, edited, and saved with the year by downloading
  expect(await page.inputValue(byTestId("year-bulletin-lead"))).toMatch(/^2018年度，参加考核的/);
  const lead = "2018年度，全县民生热线工作总体平稳。请各单位对照年度通报抓好整改。";
  await page.fill(byTestId("year-bulletin-lead"), lead);
  await app.shot("year-bulletin-dialog");
  const docx = await download(page, byTestId("year-bulletin-docx"));
  expect(docx.name).toBe("投诉动态-2018年度-预览.docx");
  expect((await getBulletinText(app.store, "2018"))?.lead).toBe(lead);
  await page.waitForSelector(`${byTestId("year-bulletin-saved")}:has-text("上次保存")`);
  // the file prints it after the preview notice, where the generated lead was
  const paragraphs = readDocx(new Uint8Array(docx.bytes)).paragraphs;
  expect(paragraphs.slice(3, 5)).toEqual(["预览稿：本年度考核结果尚未发布，以下数据在发布前可能因异议处理、数据更正而变化。", lead]);
  const xml = strFromU8(unzipSync(new Uint8Array(docx.bytes))["word/document.xml"] as Uint8Array);
  expect(xml).toContain("各类别年终考核排名");
  const pdf = await download(page, byTestId("year-bulletin-pdf"));
  expect([pdf.name, pdf.bytes.subarray(0, 5).toString("latin1")]).toEqual(["投诉动态-2018年度-预览.pdf", "%PDF-"]);
});

test("the year's table and the records behind a number download from their pages", async () => {
  const { page } = app;
  await page.goto(`${app.url}/year/2017`);
  const year = await download(page, byTestId("year-export-button"));
  // 2017 is not published here: the file says it is a preview
  expect([year.name, year.bytes.subarray(0, 2).toString("latin1")]).toEqual(["年度考核-2017-预览.xlsx", "PK"]);

  await page.goto(`${app.url}/units/HTZ01?period=2018-11`);
  // the item 按期办结 opened: its measures, each with its records
  await page.locator(".ant-table-row-expand-icon").nth(1).click({ timeout: 90_000 });
  await page.locator(byTestId("drill-超期件数")).first().click();
  await page.waitForSelector(byTestId("drilldown-table"));
  const records = await download(page, byTestId("drilldown-export-button"));
  expect([records.name, records.bytes.subarray(0, 2).toString("latin1")]).toEqual(["明细-唐山镇-2018-11-超期件数.xlsx", "PK"]);
});

// ------------------------------------------------------------------ the files opened

/** A PDF's text, every page, as pdfjs extracts it (the same library the server's test reads it with; offline, from npm). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, isEvalSupported: false, useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    text += content.items.map((x) => ("str" in x ? x.str : "")).join("");
  }
  await pdf.destroy();
  return text;
}

test("the latest month as the 考核管理员 sees it: 《投诉动态》 in Word and PDF say the title, the issue and a unit's score as the ranking shows it", async () => {
  // the demo's administrator, as README names them: user kaohe, the demo password
  await createUser(app.store, { username: "kaohe", displayName: "考核管理员", role: "admin", unitCode: null, password: DEMO_PASSWORD }, "测试准备");
  const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", acceptDownloads: true, timezoneId: "Asia/Shanghai" });
  try {
    await signInContext(context, app.url, "kaohe", DEMO_PASSWORD);
    const page = await context.newPage();
    // the ranking without a month opens the latest month with data
    await page.goto(`${app.url}/ranking`);
    await page.waitForURL(/\/ranking\/\d{4}-\d{2}/, { timeout: 60_000 });
    const month = new URL(page.url()).pathname.split("/").pop() as string;
    expect(month).toBe("2018-12");
    // the first unit of the first tab, its name and its score as the page prints them
    const row = page.locator('[data-testid="ranking-table"] tr[data-testid^="rank-row-"]').first();
    await row.waitFor({ timeout: 90_000 });
    const unitName = (await row.locator('[data-testid^="unit-link-"]').innerText()).trim();
    const score = (await row.locator("td").nth(2).innerText()).trim();
    expect(unitName).toMatch(/[\u4e00-\u9fff]/);
    expect(score).toMatch(/^\d+\.\d{2}$/);

    await page.click(byTestId("bulletin-button"));
    await page.waitForSelector(byTestId("bulletin-lead"), { timeout: 90_000 });
    // antd puts the test id on the input itself, or on its wrapper
    const issue = await page
      .locator(`input${byTestId("bulletin-issue")}, ${byTestId("bulletin-issue")} input`)
      .first()
      .inputValue();
    expect(issue).toMatch(/^\d+$/);
    const issueText = `${month.slice(0, 4)}年第${issue}期`;

    const docx = await downloadTo(app.downloads, page, byTestId("bulletin-docx"));
    expect(docx.name).toBe(`投诉动态-${month}.docx`);
    const word = readDocx(docx.bytes);
    for (const said of ["投诉动态", issueText, unitName, score]) expect(word.text, said).toContain(said);
    // the unit's score in the same table row as its name
    const rowXml = [...word.xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((r) => r.includes(`>${unitName}<`));
    expect(rowXml, `a table row for ${unitName}`).toBeDefined();
    expect(rowXml).toContain(`>${score}<`);

    const pdf = await downloadTo(app.downloads, page, byTestId("bulletin-pdf"));
    expect(pdf.name).toBe(`投诉动态-${month}.pdf`);
    const text = (await pdfText(pdf.bytes)).replace(/\s/g, "");
    for (const said of ["投诉动态", issueText, unitName, score]) expect(text, said).toContain(said);
    // in the PDF too, the score follows the unit's name on its row (rank, name, score …)
    expect(text).toMatch(new RegExp(`${unitName}[^\\u4e00-\\u9fff]{0,12}${score.replace(".", "\\.")}`));
  } finally {
    await context.close();
  }
});

/**
 * The month as the center walks it, in a real browser: a bad file refused,
 * the month's files imported, the ranking in the order worked out by hand
 * (support/month-files.ts), the orders behind a deduction, a draft rubric
 * edited (a typo diagnosed, then fixed), the draft compared with the version
 * in force, the month published, and the report exported and read back.
 * Screenshots of every page go to screenshots/ (git-ignored).
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, startApp } from "./support/app.ts";
import { writeBadOrders, writeLongOrders, writeMonthFiles } from "./support/month-files.ts";
import { PageTimings } from "./support/timings.ts";

let app: App;
const files = mkdtempSync(join("/tmp", "kaohe-e2e-files-"));
/** how long each page took until its table showed: printed at the end */
const timings = new PageTimings();

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  timings.print("一个月的工作 / the month's work");
  await app?.close();
});

const byTestId = (id: string) => `[data-testid="${id}"]`;

describe.sequential("一个月的工作 / the month's work", () => {
  test("a file with bad rows is refused, every problem shown, nothing stored", async () => {
    const { page } = app;
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [writeBadOrders(files)]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-failed"), { timeout: 60_000 });
    const problems = await page.textContent(byTestId("problems-table"));
    expect(problems).toContain("2018-03-40");
    expect(problems).toContain("不存在的镇");
    await app.shot("data-import-failed");
    expect(await app.store.prisma.order.count()).toBe(0);
  });

  test("the month's files import with progress and per-file counts", async () => {
    const { page } = app;
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), writeMonthFiles(files));
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await page.textContent(byTestId("import-report"))).toContain("orders.csv");
    await app.shot("data-import-done");
    expect(await app.store.prisma.order.count()).toBe(17);
    expect(await page.textContent(byTestId("imports-list"))).toContain("orders.csv");
  });

  test("the ranking shows the towns in the order worked out by hand", async () => {
    const { page } = app;
    await page.goto(`${app.url}/ranking/2018-03`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: 30_000 });
    const rows = await page.$$eval('[data-testid^="rank-row-T"]', (els) => els.map((e) => e.getAttribute("data-testid")));
    expect(rows).toEqual(["rank-row-T1", "rank-row-T3", "rank-row-T2"]);
    const t2 = await page.textContent(byTestId("rank-row-T2"));
    expect(t2).toContain("92.50");
    expect(t2).toContain("乙镇");
    await app.shot("ranking");
  });

  test("drilling into 乙镇 finds the late order behind its 按期办结 deduction", async () => {
    const { page } = app;
    const row = byTestId("unit-item-row-按期办结");
    await timings.open(page, `${app.url}/units/T2?period=2018-03`, "/units/T2 单位详情", row);
    expect(await page.textContent(row)).toContain("15.00");
    await app.shot("unit-detail");
    await page.click(`${row} .ant-table-row-expand-icon`);
    await page.click(byTestId("drill-超期件数"));
    await page.waitForSelector(`${byTestId("drilldown-table")} >> text=HT-B3`, { timeout: 30_000 });
    await app.shot("unit-drilldown");
  });

  let draftId = 0;
  test("a draft rubric: a typo is diagnosed as you type, then fixed and saved", async () => {
    const { page, store } = app;
    const inForce = await store.prisma.rubricVersion.findFirst({ where: { status: "published" } });
    if (!inForce) throw new Error("no published rubric");
    await page.goto(`${app.url}/rubrics`);
    await page.click(byTestId(`rubric-copy-${inForce.id}`));
    await page.waitForURL(/\/rubrics\/\d+$/, { timeout: 30_000 });
    draftId = Number(page.url().split("/").pop());
    const draft = await store.prisma.rubricVersion.findUnique({ where: { id: draftId } });
    if (!draft) throw new Error("the draft was not created");
    // the draft deducts 30 instead of 5 per verified 行政不作为
    const changed = draft.text.replace("deduct per 行政不作为\n", "deduct 30 per 行政不作为\n");
    expect(changed).not.toBe(draft.text);
    const editor = `${byTestId("rubric-editor")} .cm-content`;
    await page.click(editor);
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(changed.replace("deduct 30 per 行政不作为", "dedcut 30 per 行政不作为"));
    await page.waitForSelector(`${byTestId("diagnostic-item")}[data-severity="error"]`, { timeout: 15_000 });
    // clicking the diagnostic jumps to the line, where the typo is underlined (a zero-width range shows as a point)
    await page.click(`${byTestId("diagnostic-item")}[data-severity="error"]`);
    await page.waitForSelector(".cm-lintRange-error, .cm-lintPoint-error", { state: "attached", timeout: 15_000 });
    await app.shot("rubric-editor-typo");
    await page.click(editor);
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(changed);
    await page.waitForFunction((sel) => !document.querySelector(sel), `${byTestId("diagnostic-item")}[data-severity="error"]`, { timeout: 15_000 });
    await page.click(byTestId("save-button"));
    await page.waitForFunction(async (id) => {
      const r = await fetch(`/trpc/rubrics.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
      const j = await r.json();
      return j.result.data.text.includes("deduct 30 per 行政不作为");
    }, draftId);
    await app.shot("rubric-editor-saved");
  });

  test("comparing the draft with the version in force shows 丙镇 falling behind 乙镇", async () => {
    const { page } = app;
    // arriving with the draft and the month in the address runs the comparison with the version in force
    await timings.open(page, `${app.url}/compare?b=${draftId}&period=2018-03`, "/compare 版本对比", byTestId("compare-row-T3"));
    // 丙镇: 十个新突破 (100 − 30) × 30% = 21 instead of 28.5 → 91.00 (−7.50), second → third
    const t3 = await page.textContent(byTestId("compare-row-T3"));
    expect(t3).toContain("98.50");
    expect(t3).toContain("91.00");
    expect(t3).toMatch(/[−-]7\.50/);
    expect(t3).toContain("↓");
    // 乙镇 keeps 92.50 and moves up to second
    const t2 = await page.textContent(byTestId("compare-row-T2"));
    expect(t2).toContain("92.50");
    await app.shot("compare");
  });

  test("publishing the month freezes it and says who published", async () => {
    const { page } = app;
    await timings.open(page, `${app.url}/ranking/2018-03`, "/ranking 发布前 before publishing", byTestId("rank-row-T1"));
    await page.click(byTestId("publish-button"));
    const confirm = page.locator(".ant-modal-confirm-btns .ant-btn-primary, .ant-modal-footer .ant-btn-primary").first();
    await confirm.waitFor({ state: "visible", timeout: 30_000 });
    await confirm.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="publication-status"]')?.textContent?.includes("已发布"), undefined, {
      timeout: 60_000,
    });
    await app.shot("ranking-published");
    expect(await app.store.prisma.publishedResult.count()).toBe(1);
  });

  test("the exported report reads back with one sheet per category, towns in rank order", async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(byTestId("export-button"))]);
    const path = join(app.downloads, "report.xlsx");
    await download.saveAs(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name).sort()).toEqual(["县直部门", "街道", "镇", "书面说明与异议"].sort());
    const towns = wb.getWorksheet("镇");
    expect(String(towns?.getCell(2, 1).value)).toContain("已发布");
    expect([5, 6, 7].map((r) => towns?.getRow(r).getCell(2).value)).toEqual(["甲镇", "丙镇", "乙镇"]);
  });

  test("an import goes on when the page is reloaded, and the page follows it again", async () => {
    const { page } = app;
    const before = await app.store.prisma.order.count();
    const rows = 300_000;
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [writeLongOrders(files, rows)]);
    await page.click(byTestId("start-import"));
    // the server is reading the file: leave the page (reload) in the middle of it
    await page.waitForFunction(() => /已读 [\d,]+ 行/.test(document.querySelector('[data-testid="import-progress-text"]')?.textContent ?? ""), undefined, {
      timeout: 60_000,
    });
    await page.reload();
    await page.waitForSelector(byTestId("import-resumed"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("import-resumed"))).toMatch(/于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 开始.*刷新本页不影响导入/);
    await app.shot("data-import-resumed");
    await page.waitForSelector(byTestId("import-success"), { timeout: 180_000 });
    expect(await app.store.prisma.order.count()).toBe(before + rows);
  });

  test("the other pages render: year-end results and the rubric list", async () => {
    const { page } = app;
    await timings.open(page, `${app.url}/year/2018`, "/year 年度考核", byTestId("year-table"));
    await page.waitForLoadState("networkidle");
    await app.shot("year");
    await timings.open(page, `${app.url}/rubrics`, "/rubrics 规则", byTestId("rubrics-table"));
    await app.shot("rubrics");
  });
});

/**
 * The data page, as the center's administrator uses it in Chromium: the
 * columns of each kind of file and its templates (downloaded, filled in,
 * imported), a file whose kind cannot be told imported as the kind chosen and
 * what it holds that will not count told, a failed import's problem list
 * downloaded, an import batch undone, the holiday calendar imported (known by
 * its name, listed as such, not undone), and units of a category the rubric
 * does not know told on import and on the month's ranking.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Download } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

let app: App;
explainFailures(() => app);
let files: string;
beforeAll(async () => {
  files = mkdtempSync(join("/tmp", "kaohe-e2e-data-"));
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const byTestId = (id: string) => `[data-testid="${id}"]`;

/** 甲镇 (T1, as the template test imports it) on the data page, whatever ran before. */
async function importJiaZhen(): Promise<void> {
  const units = join(files, "units-甲镇.csv");
  writeFileSync(units, "\uFEFF单位编码,单位名称,类别\r\nT1,甲镇,镇\r\n");
  await app.page.goto(`${app.url}/data`);
  await app.page.setInputFiles(byTestId("upload-input"), [units]);
  await app.page.click(byTestId("start-import"));
  await app.page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
}

/** Click and keep what the browser downloads. */
async function download(selector: string): Promise<{ name: string; path: string }> {
  const [file] = (await Promise.all([app.page.waitForEvent("download"), app.page.click(selector)])) as [Download, unknown];
  const path = join(app.downloads, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

describe.sequential("数据页 / the data page", () => {
  test("each kind's columns are listed; the templates download, and filled in they import", async () => {
    const { page } = app;
    await page.goto(`${app.url}/data`);
    await page.click(byTestId("open-file-formats"));
    // no unit stored yet: the drawer opens on 责任单位, the file a new center imports first (it opened on 工单)
    await page.waitForSelector(byTestId("columns-units"));
    expect(await page.textContent(".ant-drawer .ant-tabs-tab-active")).toBe("责任单位");
    const tab = (label: string) => page.locator(".ant-drawer .ant-tabs-tab").filter({ hasText: label }).click();
    await tab("工单");
    await page.waitForSelector(byTestId("columns-orders"));
    const orders = await page.textContent(byTestId("columns-orders"));
    for (const text of ["工单编号", "必填", "receivedAt", "2017-10-03 14:05", "县中心、市中心、省热线", "只写日期表示当天结束"]) expect(orders).toContain(text);
    await app.shot("data-file-formats");

    await tab("责任单位");
    const units = await download(byTestId("template-units-csv"));
    expect(units.name).toBe("责任单位导入模板.csv");
    const unitsBytes = readFileSync(units.path);
    expect([...unitsBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // its columns, 别名 among them (a unit's other names: a walk found it named under 承办单位 only), filled as a person would
    expect(unitsBytes.toString("utf8").slice(1).trim()).toBe("单位编码,单位名称,类别,起始月份,截止月份,别名");
    writeFileSync(units.path, `${unitsBytes.toString("utf8")}T1,甲镇,镇,,,甲镇政府\r\n`);

    await tab("工单");
    const ordersTemplate = await download(byTestId("template-orders-xlsx"));
    expect(ordersTemplate.name).toBe("工单导入模板.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(ordersTemplate.path);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error("the template has no sheet");
    expect(sheet.name).toBe("工单");
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row: Record<string, string> = {
      工单编号: "HT-M1",
      承办单位: "甲镇",
      来源: "县中心",
      受理时间: "2018-03-02 09:00",
      办理时限: "2018-03-09",
      办结时间: "2018-03-05 10:00",
    };
    header.forEach((h, i) => {
      const v = row[String(h)];
      if (v) sheet.getRow(2).getCell(i + 1).value = v;
    });
    await book.xlsx.writeFile(ordersTemplate.path);
    await page.keyboard.press("Escape");

    await page.setInputFiles(byTestId("upload-input"), [units.path, ordersTemplate.path]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await app.store.prisma.order.findUnique({ where: { id: "HT-M1" } })).toMatchObject({ unit: "T1", source: "县中心" });
  });

  test("a file neither its name nor its header tells: the kinds are shown against its header, and it imports as the kind chosen", async () => {
    const { page } = app;
    const path = join(files, "三月补充.csv");
    writeFileSync(path, "\uFEFF事件编号,单位,日期,事件类型,年度,事项,值\r\nSJ-M1,甲镇,2018-03-20,群众表扬,2018,领导小组,是\r\n");
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [path]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("choose-kinds"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("kind-chooser"))).toContain("表头同时含有几类文件的全部必需列");
    expect(await page.isDisabled(byTestId("continue-import"))).toBe(true);
    await page.locator('[aria-label="三月补充.csv 的数据种类"]').click();
    await page.waitForSelector(".ant-select-item-option");
    await app.shot("data-choose-kind");
    await page.locator(".ant-select-item-option").filter({ hasText: "考核事件" }).click();
    await page.click(byTestId("continue-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await app.store.prisma.event.findUnique({ where: { id: "SJ-M1" } })).toMatchObject({ unit: "T1", type: "群众表扬" });
    // stored, and the page says it will not count: the rubric in force declares no such type
    expect(await page.textContent(byTestId("import-warnings"))).toContain("1 条事件的类型“群众表扬”在 2018-03 施行的规则");
  });

  test("a failed import's problem list downloads as CSV, row by row in Chinese", async () => {
    const { page } = app;
    const path = join(files, "orders-坏.csv");
    writeFileSync(
      path,
      "\uFEFF工单编号,承办单位,来源,受理时间,办理时限\r\nHT-X1,不存在的镇,县中心,2018-03-02 09:00,2018-03-09\r\nHT-X2,甲镇,县中心,2018-03-40 09:00,2018-03-09\r\n",
    );
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [path]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-failed"), { timeout: 60_000 });
    await app.shot("data-problems");
    const list = await download(byTestId("problems-download-csv"));
    expect(list.name).toMatch(/^导入问题清单-\d{8}-\d{4}\.csv$/);
    const lines = readFileSync(list.path, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toBe("文件,行,列,值,问题");
    expect(lines.slice(1)).toEqual([
      "orders-坏.csv,2,承办单位,不存在的镇,找不到该单位（按单位名称或单位编码）",
      expect.stringMatching(/^orders-坏\.csv,3,受理时间,2018-03-40 09:00,/),
    ]);
    const xlsx = await download(byTestId("problems-download-xlsx"));
    expect(xlsx.name).toMatch(/\.xlsx$/);
  });

  test("signing out while a file is uploading asks first; staying keeps the upload going (it went without a word, the file lost)", async () => {
    const { page } = app;
    const path = join(files, "orders-上传中.csv");
    writeFileSync(path, "\uFEFF工单编号,承办单位,来源,受理时间,办理时限\r\nHT-U1,不存在的镇,县中心,2018-03-02 09:00,2018-03-09\r\n");
    await page.goto(`${app.url}/data`);
    // the upload held on its way (a large file over a slow county link), let go once asked
    let release: () => void = () => {};
    const held = new Promise<void>((ok) => {
      release = ok;
    });
    await page.route("**/upload", async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.setInputFiles(byTestId("upload-input"), [path]);
      await page.click(byTestId("start-import"));
      await page.click(byTestId("user-menu"));
      await page.click(byTestId("sign-out"));
      const ask = page.locator(".ant-modal-confirm:visible", { hasText: "退出登录，正在上传、尚未开始导入的文件将会丢失" });
      await ask.waitFor({ timeout: 30_000 });
      await ask.locator(".ant-btn:not(.ant-btn-dangerous)").click();
      await ask.waitFor({ state: "hidden", timeout: 30_000 });
      expect(new URL(page.url()).pathname).toBe("/data");
      // still signed in, and the upload goes on to its import (refused for its unknown unit: the next test's batch
      // is the one to undo)
      release();
      await page.waitForSelector(byTestId("import-failed"), { timeout: 60_000 });
    } finally {
      release();
      await page.unroute("**/upload");
    }
  });

  test("an import batch is undone after a confirmation, listed as undone, and its orders are gone", async () => {
    const { page } = app;
    await page.goto(`${app.url}/data`);
    const batch = await app.store.prisma.importBatch.findFirst({ where: { kind: "orders" }, orderBy: { id: "desc" } });
    await page.click(byTestId(`batch-undo-${batch?.id}`));
    await page.waitForSelector(byTestId("undo-confirm"));
    expect(await page.textContent(byTestId("undo-confirm"))).toContain("将删除本批次新增的 1 条工单记录");
    await page.click(byTestId("undo-confirm-ok"));
    await page.waitForSelector(byTestId(`batch-undone-${batch?.id}`), { timeout: 30_000 });
    await app.shot("data-batch-undone");
    expect(await app.store.prisma.order.count()).toBe(0);
    expect(await app.store.prisma.auditLog.count({ where: { action: "import.undo" } })).toBe(1);
  });

  test("the holiday calendar: its template, a file named 节假日安排 known as such before it is sent, imported, listed as 节假日安排, and not to be undone", async () => {
    const { page } = app;
    await page.goto(`${app.url}/data`);
    await page.click(byTestId("open-file-formats"));
    await page.waitForSelector(byTestId("columns-orders"));
    await page.locator(".ant-drawer .ant-tabs-tab").filter({ hasText: "节假日安排" }).click();
    await page.waitForSelector(byTestId("columns-calendar"));
    // the names that say a calendar, as the importer reads them
    expect(await page.textContent(byTestId("columns-calendar"))).toContain("文件名以“calendar”或“节假日”或“工作日”开头即按节假日安排文件导入");
    const template = await download(byTestId("template-calendar-csv"));
    expect(template.name).toBe("节假日安排导入模板.csv");
    await page.keyboard.press("Escape");
    const path = join(files, "节假日安排-2018.csv");
    writeFileSync(path, `${readFileSync(template.path, "utf8")}2018-10-01,休,国庆节\r\n2018-09-29,班,国庆节调休\r\n`);
    await page.setInputFiles(byTestId("upload-input"), [path]);
    expect(await page.textContent(byTestId("picked-files"))).toContain("节假日安排");
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await page.textContent(byTestId("import-report"))).toContain("节假日安排");
    expect(await app.store.prisma.holiday.count()).toBe(2);
    const batch = await app.store.prisma.importBatch.findFirst({ where: { kind: "calendar" }, orderBy: { id: "desc" } });
    const log = page.locator(`${byTestId("imports-list")} tr`).filter({ hasText: "节假日安排-2018.csv" });
    expect(await log.textContent()).toContain("节假日安排");
    expect(await log.textContent()).not.toContain("未知");
    // said on the row, not only on hover: a grey 撤销导入 read as "not now" (a new county's walk)
    expect(await page.textContent(byTestId(`batch-undo-${batch?.id}`))).toBe("不可撤销");
    expect(await page.isDisabled(byTestId(`batch-undo-${batch?.id}`))).toBe(true);
    await page.hover(byTestId(`batch-undo-${batch?.id}`), { force: true });
    await page.waitForSelector(".ant-tooltip:not(.ant-tooltip-hidden)");
    expect(await page.textContent(".ant-tooltip:not(.ant-tooltip-hidden)")).toContain("节假日安排的导入不能撤销：如需更正，请导入改正后的节假日安排文件");
    await app.shot("data-calendar-imported");
  });

  test("an address naming no real month or year says so in words, with the way to one that is", async () => {
    const { page } = app;
    for (const [path, title] of [
      ["/ranking/2018-13", "“2018-13”不是有效的月份"],
      ["/year/20188", "“20188”不是有效的年度"],
      ["/units/T1?period=2018-13", "“2018-13”不是有效的考核期"],
    ]) {
      await page.goto(`${app.url}${path}`);
      await page.waitForSelector(byTestId("bad-period"));
      expect(await page.textContent(byTestId("bad-period"))).toContain(title);
      // no raw validation text (输入有误：period：…) anywhere on the page
      expect(await page.textContent("body")).not.toMatch(/输入有误|period：/);
    }
    await app.shot("bad-period");
  });

  test("units of a category the rubric does not declare: the import says they are in no ranking, and so do the month's ranking and the year's results", async () => {
    const { page } = app;
    const path = join(files, "units-开发区.csv");
    writeFileSync(path, "\uFEFF单位编码,单位名称,类别\r\nK1,开发区管委会,开发区\r\n");
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [path]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await page.textContent(byTestId("import-warnings"))).toContain("1 个单位的类别“开发区”在规则");
    await app.shot("data-import-warnings");
    await page.goto(`${app.url}/ranking/2018-03`);
    await page.waitForSelector(byTestId("unassessed-notice"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("unassessed-notice"))).toContain("1 个单位不在任何排名中：类别“开发区”在本月施行的规则中未定义");
    expect(await page.textContent(byTestId("unassessed-notice"))).toContain("开发区管委会");
    await app.shot("ranking-unassessed");
    // the year's results leave it out too, and say so
    await page.goto(`${app.url}/year/2018`);
    await page.waitForSelector(byTestId("unassessed-notice"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("unassessed-notice"))).toContain("1 个单位不在任何排名中：类别“开发区”在本年度施行的规则中未定义");
  });

  test("a units file taking a unit assessed now out of every ranking (乡镇 for 镇) is asked about first: 取消 stores nothing, 仍要导入 imports it", async () => {
    const { page } = app;
    const path = join(files, "units-乡镇.csv");
    writeFileSync(path, "\uFEFF单位编码,单位名称,类别\r\nT1,甲镇,乡镇\r\n");
    const attempt = async () => {
      await page.goto(`${app.url}/data`);
      await page.setInputFiles(byTestId("upload-input"), [path]);
      await page.click(byTestId("start-import"));
      await page.waitForSelector(byTestId("unassessing-confirm"), { timeout: 60_000 });
      expect(await page.textContent(byTestId("unassessing-confirm"))).toMatch(
        /^本次导入将把 1 个正在参加考核的单位改为规则“[^”]+”（\d+）中没有定义的类别：镇 → 乡镇 1 个（甲镇）（规则中的类别：[^）]*镇[^）]*）。这些单位将不参加考核、不在任何排名中/,
      );
    };
    await attempt();
    await app.shot("data-unassessing-confirm");
    await page.click(byTestId("unassessing-confirm-cancel"));
    // nothing stored: the card says so, with nothing left to confirm
    await page.waitForSelector(byTestId("import-unconfirmed"));
    await page.waitForFunction(() => !document.querySelector('[data-testid="unassessing-import"]'), undefined, { timeout: 10_000 });
    expect(await page.textContent(byTestId("import-progress-text"))).toBe("已检查 units-乡镇.csv：需要确认，没有导入任何数据");

    await attempt();
    await page.click(byTestId("unassessing-confirm-ok"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await page.textContent(byTestId("import-success"))).toContain("更新 1");
    expect(await page.textContent(byTestId("import-warnings"))).toContain("1 个单位的类别“乡镇”在规则");
    // back to 镇 for the tests after (from a category not assessed: imported unasked)
    await importJiaZhen();
  });

  test("two exports chosen newest first, 以后出现的行为准: the later export (by name) wins, and the page says which rows replaced earlier ones", async () => {
    const { page } = app;
    const header = "工单编号,承办单位,来源,受理时间,办理时限,办结时间";
    const earlier = join(files, "工单2018-03-a.csv");
    const later = join(files, "工单2018-03-b.csv");
    writeFileSync(earlier, `${header}\r\nHT-R1,甲镇,县中心,2018-03-28 08:00,2018-04-04,\r\n`);
    writeFileSync(later, `${header}\r\nHT-R1,甲镇,县中心,2018-03-28 08:00,2018-04-04,2018-04-03 16:00\r\n`);
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [later, earlier]);
    await page.click(byTestId("later-row-wins"));
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await app.store.prisma.order.findUnique({ where: { id: "HT-R1" } })).toMatchObject({ closedAt: expect.anything() });
    const repeats = await page.textContent(byTestId("import-repeats"));
    expect(repeats).toContain("同类文件按文件名顺序读取");
    expect(repeats).toContain("工单2018-03-b.csv：1 行的编号与前面的行（本文件或排在前面的文件）相同、内容不同，以这些行为准");
  });

  test("a platform's export ending in a 合计 row and 制表人 is imported without them, and the page lists them (it was refused until they were deleted by hand)", async () => {
    const { page } = app;
    const path = join(files, "工单2018-03-合计.csv");
    const header = "工单编号,承办单位,来源,受理时间,办理时限";
    writeFileSync(path, `${header}\r\nHT-S1,甲镇,县中心,2018-03-28 08:00,2018-04-04\r\n合计：1件,,,,\r\n制表人：张三,,,,\r\n`);
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [path]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await app.store.prisma.order.findUnique({ where: { id: "HT-S1" } })).not.toBeNull();
    expect(await page.textContent(byTestId("import-skipped"))).toContain(
      "工单2018-03-合计.csv：第 3 行（合计行：“合计：1件”）、第 4 行（表格末尾的说明：“制表人：张三”）不是记录，没有导入",
    );
  });

  test("a workbook whose second sheet holds more orders with no header is refused naming it; with the header copied, the page says which sheets were read and which not", async () => {
    // the header on the first sheet alone (a long list split across sheets): the second's orders were passed over and the
    // page said 导入成功 (a data clerk's test)
    const { page } = app;
    await importJiaZhen();
    const header = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
    const order = (id: string, day: number) => [id, "甲镇", "县中心", `2018-03-${String(day).padStart(2, "0")} 09:00`, "2018-03-25"];
    const write = async (name: string, headerOnSecond: boolean) => {
      const book = new ExcelJS.Workbook();
      book.addWorksheet("Sheet1").addRows([header, order("HT-W1", 2), order("HT-W2", 3)]);
      book.addWorksheet("Sheet2").addRows([...(headerOnSecond ? [header] : []), order("HT-W3", 16), order("HT-W4", 17)]);
      book.addWorksheet("汇总").addRows([
        ["承办单位", "工单数"],
        ["甲镇", 4],
      ]);
      const path = join(files, name);
      await book.xlsx.writeFile(path);
      return path;
    };
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [await write("工单2018-03-分表.xlsx", false)]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-failed"), { timeout: 60_000 });
    expect(await page.textContent(byTestId("import-failed"))).toContain(
      "工作表“Sheet2”没有表头行，而其中 2 行与工作表“Sheet1”的数据行一样（同样的 5 列，各列是同类的值）",
    );
    expect(await app.store.prisma.order.count({ where: { id: { startsWith: "HT-W" } } })).toBe(0);

    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [await write("工单2018-03-分表-改.xlsx", true)]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await app.store.prisma.order.count({ where: { id: { startsWith: "HT-W" } } })).toBe(4);
    expect(await page.textContent(byTestId("import-sheets"))).toContain("工单2018-03-分表-改.xlsx：读取了工作表“Sheet1”（2 行）、“Sheet2”（2 行）；略过“汇总”");
  });

  // (last: the unit it adds is in the rankings of January and February)
  test("a unit abolished after February: the import tells of its March order, March's ranking says it is gone, and its page says why", async () => {
    const { page } = app;
    const units = join(files, "units-撤并.csv");
    const orders = join(files, "工单2018-03-庚镇.csv");
    // 甲镇 (as the template test imported it) stays: March's ranking has a table
    writeFileSync(units, "\uFEFF单位编码,单位名称,类别,截止月份\r\nT1,甲镇,镇,\r\nT8,庚镇,镇,2018-02\r\n");
    writeFileSync(orders, "\uFEFF工单编号,承办单位,来源,受理时间,办理时限\r\nHT-G1,庚镇,县中心,2018-03-10 08:00,2018-03-20\r\n");
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [units, orders]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    expect(await page.textContent(byTestId("import-warnings"))).toContain(
      "1 件工单在承办单位参加考核的月份之外（起始月份之前或截止月份之后），不计入任何排名：庚镇（截止月份 2018-02）工单 1 件（HT-G1）",
    );
    await page.goto(`${app.url}/ranking/2018-03`);
    await page.waitForSelector(byTestId("joining-leaving-notice"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("joining-leaving-notice"))).toContain("本月起不再参加考核，不在本月排名中：庚镇（截止月份 2018-02）");
    expect(await page.textContent(byTestId("ranking-table"))).not.toContain("庚镇");
    await app.shot("ranking-joining-leaving");
    await page.goto(`${app.url}/units/T8?period=2018-03`);
    await page.waitForSelector("text=无法显示该单位的考核结果", { timeout: 30_000 });
    expect(await page.textContent("body")).toContain("单位“庚镇”参加考核至 2018-02，2018年3月不在其考核期内");
  });

  test("an event entered in a form (登记考核事件): the types of the month's rubric offered, imported as a one-row file, listed and stored", async () => {
    const { page } = app;
    await importJiaZhen();
    // an order of March, closed on 20 March: the newest data
    const orders = join(files, "orders-甲镇-2018-03.csv");
    writeFileSync(orders, "\uFEFF工单编号,承办单位,来源,受理时间,办理时限,办结时间\r\nHT-EV1,甲镇,县中心,2018-03-02 09:00,2018-03-25,2018-03-20 10:00\r\n");
    await page.setInputFiles(byTestId("upload-input"), [orders]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    await page.click(byTestId("open-event-entry"));
    const dialog = page.locator(byTestId("event-entry"));
    await dialog.waitFor({ timeout: 30_000 });
    // the day defaults to today, after every order imported (2018's): said, as a finding of last year entered in
    // January counted in the new year with nothing said (a walk)
    await dialog.locator(byTestId("event-date-after-data")).waitFor({ timeout: 30_000 });
    // the day first: the types offered are those of its month's rubric
    const date = dialog.locator(byTestId("event-date"));
    await date.click();
    await date.fill("2018-03-15");
    await date.press("Enter");
    await dialog.locator(byTestId("event-unit")).click();
    await page.keyboard.type("甲镇");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "甲镇（T1）" }).click();
    await dialog.locator(byTestId("event-type")).click();
    await page.keyboard.type("行政不作为");
    const option = page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "（行政不作为，每次扣 5 分）" });
    await option.click();
    // what it counts in, by the day chosen: the month's assessment (deducted in 十个新突破)
    await dialog.locator(byTestId("event-counts-in")).filter({ hasText: "按此日期，该事件计入2018年3月投诉件办理考核" }).waitFor({ timeout: 30_000 });
    // 15 March is within the data (to 20 March): nothing to warn of
    expect(await dialog.locator(byTestId("event-date-after-data")).count()).toBe(0);
    await dialog.locator(byTestId("event-note")).fill("经查证属实：<b>推诿</b>");
    // a typed 0 is refused where it is typed, not turned into 1 (antd's min did that on blur) and registered
    await dialog.locator(byTestId("event-count")).fill("0");
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await dialog.locator("text=次数应为 1 到 10000 的整数").waitFor({ timeout: 10_000 });
    await dialog.locator(byTestId("event-count")).fill("1");
    await app.shot("data-event-entry");
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    // listed among the imports like any file once imported, to be undone like one
    await page.waitForFunction(() => document.body.textContent?.includes("考核事件登记-甲镇-行政不作为-DJ20180315-"), undefined, { timeout: 60_000 });
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    const stored = await app.store.prisma.event.findFirst({ where: { unit: "T1", type: "行政不作为", note: "经查证属实：<b>推诿</b>" } });
    expect(stored?.id).toMatch(/^DJ20180315-[0-9A-F]{12}$/);
    expect(Number(stored?.date)).toBe(Date.parse("2018-03-15T00:00:00+08:00"));
    await app.shot("data-event-entered");
  });

  test("a unit's yearly facts in a form (填报年度事项): the year's rubric's items with what is scored without a row, imported as the unit's facts file", async () => {
    const { page } = app;
    await importJiaZhen();
    await page.click(byTestId("open-fact-entry"));
    const dialog = page.locator(byTestId("fact-entry"));
    await dialog.waitFor({ timeout: 30_000 });
    const year = dialog.locator(byTestId("fact-year"));
    await year.click();
    await year.fill("2018年");
    await year.press("Enter");
    await dialog.locator(byTestId("fact-unit")).click();
    await page.keyboard.type("甲镇");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "甲镇（T1）" }).click();
    // the 2017 method's checklist, each item with what it is without a row (是: counted as done)
    const item = dialog.locator(".ant-form-item").filter({ hasText: "（领导小组）" });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain("成立民生热线工作领导小组，主要领导负总责（领导小组）");
    expect(await item.textContent()).toContain("未填报（未填报时按“是”计）");
    await item.locator("label").filter({ hasText: "否" }).click();
    await app.shot("data-fact-entry");
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await page.waitForFunction(() => document.body.textContent?.includes("年度事项填报-甲镇-2018-"), undefined, { timeout: 60_000 });
    await page.waitForSelector(byTestId("import-success"), { timeout: 60_000 });
    // only the item set is stored: 专线网络 was left as it was (no row: counted as 是)
    const stored = await app.store.prisma.fact.findMany({ where: { unit: "T1", year: 2018 }, select: { item: true, value: true, month: true } });
    expect(stored).toEqual([{ item: "领导小组", value: "否", month: null }]);
    // opened again, the form keeps the year chosen (it went back to today's: the second entry of a sitting was filed
    // under 2026, a walk) and shows what is now stored
    await page.click(byTestId("open-fact-entry"));
    await dialog.locator(byTestId("fact-year")).waitFor({ timeout: 30_000 });
    expect(await dialog.locator(byTestId("fact-year")).inputValue()).toBe("2018年");
    await dialog.locator(byTestId("fact-unit")).click();
    await page.keyboard.type("甲镇");
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: "甲镇（T1）" }).click();
    await dialog.locator(".ant-form-item").filter({ hasText: "已填报：否" }).waitFor({ timeout: 30_000 });
  });
});

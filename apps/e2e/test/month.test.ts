/**
 * The month as the center walks it, in a real browser: a bad file refused,
 * the month's files imported, the ranking (opened on the latest month with
 * data, 名次变化 loading until the previous month is known, a unit without
 * orders marked) in the order worked out by hand (support/month-files.ts),
 * printed as content only on A4 landscape, the orders behind a deduction, a
 * draft rubric copied (its name, version and first month asked), edited (a
 * typo diagnosed, then fixed), compared with the version in force (and a
 * comparison without differences saying why), the month published, and the
 * report exported and read back; the ranking's tabs, the comparison's tabs and
 * the report's sheets in one category order; the center's name asked of the
 * first 系统管理员.
 * Screenshots of every page go to screenshots/ (git-ignored).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFiles } from "@kaohe/db";
import { createDraft, createUser, publishPeriod, undoImportBatch, updateDraft } from "@kaohe/services";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, E2E_CENTER, E2E_PASSWORD, keepScreenshot, screenshotDir, signInPage, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";
import { writeBadOrders, writeLongOrders, writeMonthFiles } from "./support/month-files.ts";
import { PageTimings } from "./support/timings.ts";

let app: App;
explainFailures(() => app);
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

/** The stored category order (镇, 街道, 县直部门 first, as the store keeps them). */
const storedCategoryOrder = async () =>
  (await app.store.prisma.category.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: { name: true } })).map((c) => c.name);
/** The ranking's category tabs, in the order shown. */
const rankingTabs = (page: Page) => page.$$eval('[data-testid^="category-tab-"]', (els) => els.map((e) => e.getAttribute("data-testid")?.slice(13)));
/** The comparison's group tabs, in the order shown (without 所有单位). */
const compareTabs = (page: Page) =>
  page.$$eval('[data-testid="group-tabs"] .ant-tabs-tab', (els) =>
    els.map((e) => (e.textContent ?? "").replace(/（\d+）$/, "")).filter((t) => !t.startsWith("所有单位")),
  );

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
    // 不存在的镇 on rows 3, 4 and 5 is one problem naming them (was a row each); with 甲镇 (no units yet) and the date
    // on row 2, five problems told as three
    expect(problems).toContain("3 行：第 3、4、5 行");
    expect(await page.textContent(byTestId("problem-count"))).toBe("共 5 处，同一列、同一值、同一原因的合为一条，共 3 条");
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
    // the list of imports is fetched again once the job is done: its row comes a moment after 导入完成, not with it
    // (read at once, it raced the refetch and failed one CI run)
    await page
      .locator(`${byTestId("imports-list")} tr`)
      .filter({ hasText: "orders.csv" })
      .first()
      .waitFor({ timeout: 10_000 });
  });

  test("the ranking shows the towns in the order worked out by hand", async () => {
    const { page } = app;
    // the previous month's scoring held back: until it is known, 名次变化 shows it is loading (never a "—" that turns into arrows)
    let release = () => {};
    const held = new Promise<void>((ok) => {
      release = ok;
    });
    const previousMonth = (url: URL) => url.pathname.includes("scores.month") && url.search.includes("2018-02") && !url.search.includes("2018-03");
    await page.route(previousMonth, async (route) => {
      await held;
      await route.continue();
    });
    // /ranking opens the latest month with data
    await page.goto(`${app.url}/ranking`);
    await page.waitForURL(/\/ranking\/2018-03$/, { timeout: 30_000 });
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: 30_000 });
    expect(await page.$$eval(`${byTestId("ranking-table")} [data-testid="rank-change-loading"]`, (els) => els.length)).toBe(3);
    release();
    await page.waitForFunction(() => !document.querySelector('[data-testid="rank-change-loading"]'), undefined, { timeout: 30_000 });
    await page.unroute(previousMonth);
    const rows = await page.$$eval('[data-testid^="rank-row-T"]', (els) => els.map((e) => e.getAttribute("data-testid")));
    expect(rows).toEqual(["rank-row-T1", "rank-row-T3", "rank-row-T2"]);
    const t2 = await page.textContent(byTestId("rank-row-T2"));
    expect(t2).toContain("92.50");
    expect(t2).toContain("乙镇");
    // the tabs in the stored category order
    expect(await rankingTabs(page)).toEqual(await storedCategoryOrder());
    await app.shot("ranking");
    // 县民政局 has no order this month: it scores 100 and ranks, marked 本月无工单; 县教育局 is not marked
    await page.click(byTestId("category-tab-县直部门"));
    await page.waitForSelector(byTestId("rank-row-D2"));
    expect(await page.textContent(byTestId("rank-row-D2"))).toContain("本月无工单");
    expect(await page.textContent(byTestId("rank-row-D1"))).not.toContain("本月无工单");
    await app.shot("ranking-no-orders");
  });

  test("printing a ranking, a unit or the year prints the content only, on A4 landscape", async () => {
    const { page } = app;
    for (const [path, ready] of [
      ["/ranking/2018-03", "rank-row-T1"],
      ["/units/T2?period=2018-03", "unit-item-row-按期办结"],
      ["/year/2018", "year-table"],
    ] as const) {
      await page.goto(`${app.url}${path}`);
      await page.waitForSelector(byTestId(ready), { timeout: 60_000 });
      await page.emulateMedia({ media: "print" });
      // no menu, no user corner, no buttons or pickers; the content and the center's name stay
      expect(await page.isVisible(".ant-layout-sider"), path).toBe(false);
      expect(await page.isVisible(byTestId("user-menu")), path).toBe(false);
      const visibleButtons = await page.$$eval(
        ".ant-btn:not(.ant-btn-link), .ant-picker",
        (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length,
      );
      expect(visibleButtons, path).toBe(0);
      expect(await page.isVisible(byTestId(ready)), path).toBe(true);
      expect(await page.textContent(byTestId("center-name"))).toBe(E2E_CENTER);
      await app.shot(`print-${path.split("/")[1]}`);
      await page.emulateMedia({ media: "screen" });
    }
    // printed after scrolling down: a table's header, stuck below the screen's header, is in its place on paper (it
    // floated 64 px down over the rows)
    await page.goto(`${app.url}/ranking/2018-03`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: 30_000 });
    await page.mouse.wheel(0, 900);
    await page.emulateMedia({ media: "print" });
    const [head, firstRow] = await Promise.all([page.locator(".ant-table-thead").first().boundingBox(), page.locator(byTestId("rank-row-T1")).boundingBox()]);
    expect((head?.y ?? 0) + (head?.height ?? 0)).toBeLessThanOrEqual((firstRow?.y ?? 0) + 1);
    // the page's column of cards is a block on paper: as a flex column (antd's vertical Space) a printer cannot split
    // it, and it went whole to page 2, page 1 holding only the center's name
    const columns = await page.$$eval(".kh-app-content .ant-space-vertical", (els) => els.map((e) => getComputedStyle(e).display));
    expect(columns.length).toBeGreaterThan(0);
    expect(new Set(columns)).toEqual(new Set(["block"]));
    await page.emulateMedia({ media: "screen" });
    // the page size comes from the CSS (@page): A4 landscape, 842 × 595 points
    await page.goto(`${app.url}/ranking/2018-03`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: 30_000 });
    // why equal scores have the places they have: the 2017 rubric's order, in words (order by score desc, volume desc; ties shared)
    expect(await page.textContent(byTestId("ranking-rule"))).toBe(
      "排名规则：按得分从高到低排名；得分相同的，按承办量从大到小；仍相同的并列名次（如 1、2、2、4）",
    );
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(box, "a page size in the PDF").not.toBeNull();
    expect(Math.round(Number(box?.[1]))).toBe(842);
    expect(Math.round(Number(box?.[2]))).toBe(595);
  });

  test("drilling into 乙镇 finds the late order behind its 按期办结 deduction", async () => {
    const { page } = app;
    const row = byTestId("unit-item-row-按期办结");
    await timings.open(page, `${app.url}/units/T2?period=2018-03`, "/units/T2 单位详情", row);
    expect(await page.textContent(row)).toContain("15.00");
    // the shipped 2017 method is in force from 2017-09, the data is of March 2018: the months before hold no order of
    // any unit, and the trend leaves them a gap said 无数据 (it drew them at full marks and first place), as the year
    // leaves them out
    await page.waitForSelector(byTestId("trend-no-data"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("trend-no-data"))).toBe(
      "2017年9月至2018年2月各单位都没有工单数据，图中标为“无数据”：不计分、不排名，也不计入年终成绩。",
    );
    const chart = await page.waitForSelector(`${byTestId("trend-chart")} canvas`, { timeout: 30_000 });
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    // seven months, 2017-09 … 2018-03, across the grid (48 px left, 56 px right): the first's tooltip, then the last's
    const at = (i: number) => (box ? box.x + 48 + ((i + 0.5) * (box.width - 104)) / 7 : 0);
    const tooltip = (text: string) =>
      page.waitForFunction((t) => (document.querySelector('[data-testid="trend-chart"]')?.textContent ?? "").includes(t), text, { timeout: 10_000 });
    await page.mouse.move(at(0), (box?.y ?? 0) + (box?.height ?? 0) / 2);
    await tooltip("2017年9月无数据：各单位本月都没有工单，不计分、不排名");
    await page.mouse.move(at(6), (box?.y ?? 0) + (box?.height ?? 0) / 2);
    await tooltip("2018年3月得分：92.50排名：镇 第 3 / 3 名");
    await app.shot("unit-detail");
    await page.click(`${row} .ant-table-row-expand-icon`);
    await page.click(byTestId("drill-超期件数"));
    await page.waitForSelector(`${byTestId("drilldown-table")} >> text=HT-B3`, { timeout: 30_000 });
    await app.shot("unit-drilldown");
    await page.keyboard.press("Escape");
  });

  test("a month the trend says 无数据 opens as one: no ranking of full marks, what to import, nothing to publish", async () => {
    // February 2018 is in the shipped method's period and holds no order: its page showed every unit at full marks,
    // tied first, under a warning that the ranking meant nothing (a month the trend marks 无数据 links there)
    const { page } = app;
    await page.goto(`${app.url}/ranking/2018-02`);
    await page.waitForSelector(byTestId("no-data"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("no-data"))).toContain("2018年2月无数据");
    const reason = await page.textContent(byTestId("no-data-reason"));
    expect(reason).toContain("2018年2月没有工单（没有一个单位有本月受理的工单）");
    expect(reason).toContain("不计分、不排名，也不计入年终成绩");
    expect(reason).toContain("请在“数据”页导入本月的工单文件");
    expect(reason).toContain(".tsv");
    expect(await page.locator(byTestId("ranking-table")).count()).toBe(0);
    expect(await page.locator(byTestId("no-orders-notice")).count()).toBe(0);
    // the rubric in force is still said, the import a click away; nothing of it is published or exported
    await page.waitForSelector(byTestId("rubric-used"), { timeout: 30_000 });
    expect(await page.locator(`${byTestId("no-data-import")}`).count()).toBe(1);
    expect(await page.isDisabled(byTestId("publish-button"))).toBe(true);
    expect(await page.isDisabled(byTestId("export-button"))).toBe(true);
    // nor opened to the units: they would see full marks to object to
    expect(await page.isDisabled(byTestId("open-preview"))).toBe(true);
    await app.shot("ranking-no-data");
    // the unit's page of that month: no full marks and first place either
    await page.goto(`${app.url}/units/T2?period=2018-02`);
    await page.waitForSelector(byTestId("unit-no-data"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("unit-no-data"))).toContain("2018年2月没有工单（没有一个单位有本月受理的工单）");
    expect(await page.locator(byTestId("unit-score")).count()).toBe(0);
    // a year none of whose months has an order (2019), as the year's page says it: not the unit's full-marks year
    await page.goto(`${app.url}/units/T2?period=2019`);
    await page.waitForSelector(byTestId("unit-no-data"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("unit-no-data"))).toContain("2019年度各月都没有工单（没有一个单位有本年受理的工单）");
    expect(await page.locator(byTestId("unit-score")).count()).toBe(0);
    // March, with its orders, as before
    await page.goto(`${app.url}/units/T2?period=2018-03`);
    await page.waitForSelector(byTestId("unit-item-row-办结率考核"), { timeout: 30_000 });
  });

  test("乙镇's 办结率 lists the order that cost it points, HT-B3, in a dialog whose columns fit at 1366 px", async () => {
    // 办结率 = 办结件数 / 承办量 = 3 / 4: of 乙镇's four orders HT-B3, closed two days late, is not 办结 (support/month-files.ts).
    // The console listed only the 4 and the 3: which one was missing a leader found comparing the lists by hand
    const { page } = app;
    const row = byTestId("unit-item-row-办结率考核");
    await page.click(`${row} .ant-table-row-expand-icon`);
    const lost = byTestId("drill-lost-办结件数");
    expect(await page.textContent(lost)).toBe("查看失分的工单（1）");
    await page.click(lost);
    await page.waitForSelector(`${byTestId("drilldown-table")} >> text=HT-B3`, { timeout: 30_000 });
    expect(await page.$$eval(`${byTestId("drilldown-table")} .ant-table-row`, (rows) => rows.length)).toBe(1);
    expect(await page.textContent(".ant-modal-title")).toContain("承办量中不属于办结件数的工单");
    // every column in view, 情况 (the visit's result) too, not scrolled off the right (the table was 1,400 px in a
    // 1,180 px dialog, even at 1920 px)
    const [scrollWidth, clientWidth] = await page.$eval(`${byTestId("drilldown-table")} .ant-table-body`, (e) => [e.scrollWidth, e.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const right = async (selector: string) => page.$eval(selector, (e) => e.getBoundingClientRect().right);
    expect(await right(`${byTestId("drilldown-table")} th:has-text("情况")`)).toBeLessThanOrEqual(
      await right(`${byTestId("drilldown-table")} .ant-table-body`),
    );
    await app.shot("unit-drilldown-lost");
    await page.keyboard.press("Escape");
  });

  test("an address naming a count the rubric has not says so once, in the dialog, with nothing to search or export", async () => {
    // a crafted link (?measure=<b>) showed the refusal twice, a toast and the dialog's, under a search box and 导出
    const { page } = app;
    await page.goto(`${app.url}/units/T2?period=2018-03&measure=${encodeURIComponent("<b>")}`);
    const error = page.locator(byTestId("drilldown-error"));
    await error.waitFor({ timeout: 30_000 });
    const said = await error.innerText();
    expect(said).toContain("地址中的计数不存在");
    expect(said).toContain("规则中没有名为“<b>”的计数");
    // a toast would have come with the error: given it a moment
    await page.waitForTimeout(500);
    expect(await page.locator(".ant-message-notice").count()).toBe(0);
    expect(await page.locator(`.ant-modal ${byTestId("drilldown-export-button")}`).count()).toBe(0);
    expect(await page.locator(byTestId("drilldown-search")).count()).toBe(0);
    await page.keyboard.press("Escape");
  });

  let draftId = 0;
  test("a year none of whose months has data opens as one: no ranking of full marks, what to import, nothing to publish", async () => {
    // 2019 is in the shipped method's period and none of its months holds an order: its page showed every unit tied
    // first at full marks, publishable, opened and exported on a confirmation (a new county's first run, 2026)
    const { page } = app;
    await page.goto(`${app.url}/year/2019`);
    await page.waitForSelector(byTestId("year-no-data"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("year-no-data"))).toContain("2019年度无数据");
    const reason = await page.textContent(byTestId("no-data-reason"));
    expect(reason).toContain("没有一个单位有本年受理的工单");
    expect(reason).toContain("请在“数据”页导入本年各月的工单文件");
    expect(await page.locator(byTestId("year-table")).count()).toBe(0);
    expect(await page.locator(byTestId("no-months-notice")).count()).toBe(0);
    await page.waitForSelector(byTestId("rubric-used"), { timeout: 30_000 });
    expect(await page.locator(byTestId("no-data-import")).count()).toBe(1);
    expect(await page.isDisabled(byTestId("publish-button"))).toBe(true);
    expect(await page.isDisabled(byTestId("year-export-button"))).toBe(true);
    expect(await page.isDisabled(byTestId("year-bulletin-button"))).toBe(true);
    await page.waitForSelector(byTestId("open-preview"), { timeout: 30_000 });
    expect(await page.isDisabled(byTestId("open-preview"))).toBe(true);
    await app.shot("year-no-data");
    // 2018, some of whose months hold orders: its ranking as before
    await page.goto(`${app.url}/year/2018`);
    await page.waitForSelector(byTestId("year-table"), { timeout: 30_000 });
    expect(await page.locator(byTestId("year-no-data")).count()).toBe(0);
  });

  test("a draft rubric: a typo is diagnosed as you type, then fixed and saved", async () => {
    const { page, store } = app;
    const inForce = await store.prisma.rubricVersion.findFirst({ where: { status: "published" } });
    if (!inForce) throw new Error("no published rubric");
    await page.goto(`${app.url}/rubrics`);
    await page.click(byTestId(`rubric-copy-${inForce.id}`));
    // the copy's name, version and first month are asked: by default the month after the latest with data (2018-04)
    await page.waitForSelector(byTestId("copy-draft-form"), { timeout: 30_000 });
    const fromInput = `input${byTestId("copy-draft-from")}, ${byTestId("copy-draft-from")} input`;
    expect(await page.inputValue(fromInput)).toBe("2018年4月");
    // the version named by its year is offered the year it starts in (2017-草稿1 was offered: a walk)
    expect(await page.inputValue(byTestId("copy-draft-version"))).toBe("2018");
    // and follows the month while nobody typed one: from 2017-12, in 2017, the draft's name (2018 stayed: a walk)
    await page.click(fromInput);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2017-12");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.inputValue(byTestId("copy-draft-version")), { timeout: 10_000 }).toBe("2017-草稿1");
    // a revision in force from the month being assessed, typed as people type months (the picker shows 2018年3月,
    // and read only that: 2018-03 was dropped for the default and the draft made in force from 2018-04): the dialog
    // says that month has data
    await page.fill(byTestId("copy-draft-version"), "2018-修订");
    await page.click(fromInput);
    // 2018-11 typed is November (2018-1 on the way was taken for January, and the 1 after it made it unreadable: a walk)
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2018-11");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.inputValue(fromInput), { timeout: 10_000 }).toBe("2018年11月");
    await page.click(fromInput);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2018-03");
    await page.keyboard.press("Enter");
    await page.waitForSelector(byTestId("copy-draft-covers-data"));
    // the revision's own document number (文号), written into its header (the copy kept its source's: a walk)
    await page.fill(byTestId("copy-draft-document"), "测试发〔2018〕3号");
    await app.shot("rubric-copy-dialog");
    await page.click(byTestId("copy-draft-confirm"));
    await page.waitForURL(/\/rubrics\/\d+$/, { timeout: 30_000 });
    draftId = Number(page.url().split("/").pop());
    const draft = await store.prisma.rubricVersion.findUnique({ where: { id: draftId } });
    if (!draft) throw new Error("the draft was not created");
    expect([draft.name, draft.version, draft.effectiveFrom]).toEqual([inForce.name, "2018-修订", "2018-03"]);
    expect(draft.text).toMatch(/(document|文号) "测试发〔2018〕3号"/);
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
    // the tabs in the stored category order, as the ranking's
    expect(await compareTabs(page)).toEqual(await storedCategoryOrder());
    await app.shot("compare");
  });

  test("on a phone (390 px) the comparison's summary figures stand apart, each title on one line", async () => {
    const { page } = app;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${app.url}/compare?b=${draftId}&period=2018-03`);
      await page.waitForSelector(byTestId("compare-row-T3"), { timeout: 60_000 });
      const figures = await page.$$eval(`${byTestId("compare-summary")} .kh-cmp-stat`, (els) =>
        els.map((e) => {
          const box = e.getBoundingClientRect();
          /** the text as laid out: its extent, and how many lines it took */
          const text = (selector: string) => {
            const range = document.createRange();
            range.selectNodeContents(e.querySelector(selector) as Element);
            const r = range.getBoundingClientRect();
            return { left: r.left, right: r.right, lines: new Set(Array.from(range.getClientRects(), (l) => Math.round(l.top))).size };
          };
          return { box: { left: box.left, right: box.right }, title: text(".kh-cmp-stat-title"), value: text(".kh-cmp-stat-value") };
        }),
      );
      expect(figures).toHaveLength(5);
      for (const f of figures) {
        // a figure within its own column: −7.50 had run past it into the next one's
        expect(f.value.left).toBeGreaterThanOrEqual(f.box.left - 0.5);
        expect(f.value.right).toBeLessThanOrEqual(f.box.right + 0.5);
        expect(f.value.lines).toBe(1);
        // 参与对比的单位 had broken into three lines of two or three characters
        expect(f.title.lines).toBe(1);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.locator(byTestId("compare-summary")).scrollIntoViewIfNeeded();
      await keepScreenshot(page, { path: join(screenshotDir, "phone-compare.png") });
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  });

  test("the comparison opens on the month being viewed, says why a comparison finds no difference, and names a veto beside the rank it moved", async () => {
    const { page } = app;
    // the ranking of March was the last month looked at: the comparison opens on it
    await page.goto(`${app.url}/ranking/2018-03`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: 30_000 });
    await page.goto(`${app.url}/compare?b=${draftId}`);
    await page.waitForSelector(byTestId("compare-row-T3"), { timeout: 60_000 });
    expect(await page.textContent(byTestId("compare-period"))).toBe("2018年3月");
    // a draft that changes only 不作为情节严重, of which March has none: the same results, and why
    const { store } = app;
    const draft = await store.prisma.rubricVersion.findUniqueOrThrow({ where: { id: draftId } });
    const same = await createDraft(store, {
      author: "测试准备",
      text: draft.text
        .replace('version "2018-修订"', 'version "2018-无差别"')
        .replace("deduct 30 per 行政不作为\n", "deduct per 行政不作为\n")
        .replace("deduct per 不作为情节严重\n", "deduct 20 per 不作为情节严重\n"),
    });
    expect(same.version).toBe("2018-无差别");
    await page.goto(`${app.url}/compare?b=${same.id}&period=2018-03`);
    await page.waitForSelector(byTestId("compare-same"), { timeout: 60_000 });
    const why = await page.textContent(byTestId("compare-same"));
    expect(why).toContain("两个版本在2018年3月的得分与名次完全相同");
    expect(why).toContain("该期无 不作为情节严重 事件");
    await app.shot("compare-no-difference");
    // the draft saved meanwhile (another tab, a colleague) to deduct 20 per 行政不作为, of which 丙镇 has one in March:
    // 对比 asked again computes again (the result of the text before was shown for 5 minutes)
    await updateDraft(store, same.id, { text: same.text.replace("deduct per 行政不作为\n", "deduct 20 per 行政不作为\n"), author: "测试准备" });
    await page.click(byTestId("compare-button"));
    await page.waitForSelector(byTestId("compare-same"), { state: "detached", timeout: 60_000 });
    // 丙镇's March event: 十个新突破 (100 − 20) × 30% = 24 for the (100 − 5) × 30% = 28.5 of the version in force
    expect(await page.textContent(byTestId("compare-row-T3"))).toMatch(/98\.50.*94\.00/);
    // an address naming no real month, or a version that does not exist, is said so, not replaced unsaid
    await page.goto(`${app.url}/compare?b=${same.id}&period=2019-99`);
    await page.waitForSelector("text=“2019-99”不是有效的考核期", { timeout: 30_000 });
    await page.goto(`${app.url}/compare?a=99999&b=${same.id}&period=2018-03`);
    await page.waitForSelector(byTestId("compare-unknown-version"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("compare-unknown-version"))).toContain("地址中的规则版本 #99999 不存在");

    // a draft scoring as the version in force, with a veto ranking last a unit with a verified 行政不作为: 丙镇 (its one
    // event of March) keeps 98.50 and falls from second to third, and its rank says which veto did it
    const vetoing = await createDraft(store, {
      author: "测试准备",
      text: draft.text
        .replace('version "2018-修订"', 'version "2018-否决"')
        .replace("deduct 30 per 行政不作为\n", "deduct per 行政不作为\n")
        .replace("\nrate 超期率", "\nmeasure 不作为事件 = sum 本期事件 of 次数 where 事件类型 = 行政不作为\nrate 超期率")
        .replace("  sanction 书面说明", '  veto "行政不作为查证属实，排名列末位" if 不作为事件 > 0 then last\n  sanction 书面说明'),
    });
    await page.goto(`${app.url}/compare?b=${vetoing.id}&period=2018-03`);
    await page.waitForSelector(byTestId("compare-row-T3"), { timeout: 60_000 });
    const t3 = page.locator(byTestId("compare-row-T3"));
    expect(await t3.textContent()).toMatch(/98\.50.*98\.50/);
    expect(await t3.locator(byTestId("vetoed-B")).textContent()).toMatch(/^3\s*否决$/);
    expect(await t3.locator(byTestId("vetoed-A")).count()).toBe(0);
    await t3.locator(byTestId("vetoed-B")).hover();
    await page.waitForSelector("text=按版本 B 一票否决：行政不作为查证属实，排名列末位", { timeout: 10_000 });

    // B the version in force, chosen on purpose: A is not put on it as well (said to be the same version: a walk); the
    // one published version has none before it, so A is asked for
    const inForce = await store.prisma.rubricVersion.findFirstOrThrow({ where: { status: "published" } });
    await page.goto(`${app.url}/compare?b=${inForce.id}&period=2018-03`);
    await page.locator(byTestId("compare-default-a"), { hasText: "没有更早发布的版本：请选择版本 A" }).waitFor({ timeout: 30_000 });
    expect(await page.getByText("A 与 B 是同一个版本").count()).toBe(0);
  });

  test("publishing the month freezes it and says who published; publishing again says nothing would change", async () => {
    const { page } = app;
    await timings.open(page, `${app.url}/ranking/2018-03`, "/ranking 发布前 before publishing", byTestId("rank-row-T1"));
    await page.click(byTestId("publish-button"));
    const confirm = page.locator(".ant-modal-confirm-btns .ant-btn-primary, .ant-modal-footer .ant-btn-primary").first();
    await confirm.waitFor({ state: "visible", timeout: 30_000 });
    // never opened to the units: the dialog says they had no preview, no objections, no explanations, and asks so
    expect(await page.locator(byTestId("publish-never-opened")).textContent()).toContain("没有向各单位开放预览");
    expect(await confirm.textContent()).toBe("不经预览，直接发布");
    await confirm.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="publication-status"]')?.textContent?.includes("已发布"), undefined, {
      timeout: 60_000,
    });
    await app.shot("ranking-published");
    expect(await app.store.prisma.publishedResult.count()).toBe(1);
    // publishing again right away: the dialog says nothing would change (same data, same version), and cancelling keeps one publication
    // the button stays busy until the page has read the publication back
    await page.waitForFunction(() => !document.querySelector('[data-testid="publish-button"]')?.classList.contains("ant-btn-loading"), undefined, {
      timeout: 30_000,
    });
    // the pointer leaves where the dialog's button was, as a person's hand does (it had rested on the status tag, whose
    // tooltip then lay over the 发布 button: one CI run in several)
    await page.mouse.move(0, 0);
    await page.click(byTestId("publish-button"));
    await page.waitForFunction(() => document.querySelector('[data-testid="republish-effect"]')?.textContent?.includes("各单位得分与名次不变"), undefined, {
      timeout: 30_000,
    });
    await page.click(byTestId("republish-cancel"));
    expect(await app.store.prisma.publishedResult.count()).toBe(1);
  });

  test("the exported report reads back with one sheet per category, towns in rank order", async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(byTestId("export-button"))]);
    const path = join(app.downloads, "report.xlsx");
    await download.saveAs(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    // one order everywhere: the report's sheets, the ranking's tabs and the comparison's tabs follow the stored category order
    const order = await storedCategoryOrder();
    expect(order).toEqual(["镇", "街道", "县直部门"]);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...order, "书面说明与异议"]);
    expect(await rankingTabs(page)).toEqual(order);
    const towns = wb.getWorksheet("镇");
    expect(String(towns?.getCell(2, 1).value)).toContain("已发布");
    expect(String(towns?.getCell(2, 1).value)).toContain(E2E_CENTER);
    expect([5, 6, 7].map((r) => towns?.getRow(r).getCell(2).value)).toEqual(["甲镇", "丙镇", "乙镇"]);
    // 县民政局, without orders, is marked in the notes
    const departments = wb.getWorksheet("县直部门");
    const rows = [5, 6].map((r) => departments?.getRow(r).values as unknown[]);
    expect(rows.find((r) => r.includes("县民政局"))).toContain("本月无工单");
    expect(rows.find((r) => r.includes("县教育局"))).not.toContain("本月无工单");
  });

  test("an import goes on when the page is reloaded, and the page follows it again", async () => {
    const { page } = app;
    const before = await app.store.prisma.order.count();
    // (long enough to be read for several seconds on this project's 2-core machines: 300,000 rows took 38 s of the run)
    const rows = 150_000;
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [writeLongOrders(files, rows)]);
    await page.click(byTestId("start-import"));
    // the server is reading the file: leave the page (reload) in the middle of it
    await page.waitForFunction(() => /已读 [\d,]+ 行/.test(document.querySelector('[data-testid="import-progress-text"]')?.textContent ?? ""), undefined, {
      timeout: 60_000,
    });
    await page.reload();
    // the reloaded page follows the import this tab started, whether it is still running or finished meanwhile (on a
    // fast machine 150,000 rows can be stored before the page is back): either way it says so, then shows the outcome
    await page.waitForSelector(byTestId("import-resumed"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("import-resumed"))).toMatch(/于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 开始.*刷新本页不影响导入/);
    await app.shot("data-import-resumed");
    // the outcome, whichever it is: a refusal fails here with what the page said (the rows name the units the month's
    // files imported above), not with the test's time running out
    const outcome = await page.waitForSelector(`${byTestId("import-success")}, ${byTestId("import-failed")}`, { timeout: 80_000 });
    expect({ shown: await outcome.getAttribute("data-testid"), text: await outcome.textContent() }).toMatchObject({ shown: "import-success" });
    expect(await app.store.prisma.order.count()).toBe(before + rows);
  });

  test("this month, still running, says so: its ranking is of the orders so far, and publishing it asks first", async () => {
    const { page } = app;
    // the month today falls in (Beijing time): its window has not ended
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    // with no order yet it has no data: said so, and not offered to publish
    await timings.open(page, `${app.url}/ranking/${month}`, "/ranking 本月 this month", byTestId("unfinished-notice"));
    await page.waitForSelector(byTestId("no-data"), { timeout: 30_000 });
    expect(await page.isDisabled(byTestId("publish-button"))).toBe(true);
    // one order received now (taken back at the end, whatever happens): the month has data, its ranking is of the orders
    // so far
    const now = new Date(Date.now() + 8 * 3_600_000).toISOString();
    const dir = mkdtempSync(join(tmpdir(), "kaohe-e2e-now-"));
    writeFileSync(
      join(dir, "orders.csv"),
      `工单编号,承办单位,来源,受理时间,办理时限\nE2ENOW1,T1,县中心,${now.slice(0, 10)} ${now.slice(11, 16)},${now.slice(0, 10)}\n`,
    );
    expect((await importFiles(app.store, [{ path: join(dir, "orders.csv") }], { actor: "测试准备" })).ok).toBe(true);
    const batch = await app.store.prisma.importBatch.findFirstOrThrow({ orderBy: { id: "desc" } });
    try {
      await page.reload();
      await page.waitForSelector(byTestId("ranking-table"), { timeout: 30_000 });
      expect(await page.textContent(byTestId("unfinished-notice"))).toContain("本月尚未结束");
      await page.mouse.move(0, 0);
      await page.click(byTestId("publish-button"));
      await page.waitForSelector(byTestId("publish-unfinished-warning"), { timeout: 30_000 });
      expect(await page.textContent(byTestId("publish-unfinished-warning"))).toContain("此后受理的工单不会计入");
      expect(await page.textContent(byTestId("confirm-unfinished-publish"))).toContain("确认提前发布");
      await app.shot("publish-unfinished-month");
      await page.click(".ant-modal-confirm-btns .ant-btn:not(.ant-btn-primary)");
      expect(await app.store.prisma.publishedResult.count({ where: { period: month } })).toBe(0);
    } finally {
      await undoImportBatch(app.store, batch.id, { actor: "测试准备" });
    }
    expect(await app.store.prisma.order.count({ where: { id: "E2ENOW1" } })).toBe(0);
  });

  test("a month none of whose days has come (a typed address) is shown, never offered to open to the units or to publish", async () => {
    const { page } = app;
    await timings.open(page, `${app.url}/ranking/2099-12`, "/ranking 未开始的月份 a month not begun", byTestId("not-begun-notice"));
    expect(await page.textContent(byTestId("not-begun-notice"))).toContain("本月尚未开始（考核周期自 2099-12-01 起）");
    expect(await page.$(byTestId("unfinished-notice"))).toBeNull();
    await page.waitForSelector(byTestId("cycle-summary"));
    expect(await page.isDisabled(byTestId("publish-button"))).toBe(true);
    expect(await page.$(byTestId("open-preview"))).toBeNull();
    // nor its reports (the server refuses them: a 2099 report had every unit first at 100 分)
    expect(await page.isDisabled(byTestId("bulletin-button"))).toBe(true);
    expect(await page.isDisabled(byTestId("export-button"))).toBe(true);
    // and no ranking: every unit at full marks, ranked 1 … n, was shown beneath the notice
    expect(await page.$(byTestId("category-tabs"))).toBeNull();
    await app.shot("month-not-begun");
  });

  test("a month before the first version in force is said to have none, with the way to the latest month, not as a failure", async () => {
    const { page } = app;
    await timings.open(page, `${app.url}/ranking/2016-01`, "/ranking 规则施行前 before any version", byTestId("result-not-in-force"));
    expect(await page.textContent(byTestId("result-not-in-force"))).toContain("2016年1月没有已发布且施行中的规则版本：请先在“规则”中发布一个版本");
    // nothing to retry, and no error popped up over it
    expect(await page.$(byTestId("result-retry"))).toBeNull();
    expect(await page.$(".ant-message-error")).toBeNull();
  });

  test("the other pages render: year-end results (publishing the year names its unpublished months) and the rubric list", async () => {
    const { page } = app;
    await timings.open(page, `${app.url}/year/2018`, "/year 年度考核", byTestId("year-table"));
    await page.waitForLoadState("networkidle");
    await app.shot("year");
    // the year counts March (published above) and May (the long import, never opened): publishing the year names May
    expect(await page.textContent(byTestId("year-months"))).toContain("3月");
    // the months over and not counted, before the data begins (January, February: the 2017 method is in force all
    // 2018) as well as after it, in one note
    expect(await page.textContent(byTestId("ended-without-data"))).toContain("2018年1月至2月、4月、6月至12月已结束，但没有工单数据，未计入年终成绩");
    // which of them the units have seen, on the page itself, not only in the publish dialog
    await page.waitForSelector(byTestId("year-month-stages"));
    expect(await page.textContent(byTestId("year-month-stages"))).toBe("已发布 3月未开放 5月");
    await page.click(byTestId("publish-button"));
    await page.waitForSelector(byTestId("publish-months-unpublished"), { timeout: 30_000 });
    const note = await page.textContent(byTestId("publish-months-unpublished"));
    expect(note).toContain("5月（未开放）");
    expect(note).not.toContain("3月");
    // no checklist rows were imported for 2018: every unit's items are taken as 是, said before publishing
    const facts = await page.textContent(byTestId("publish-missing-facts"));
    expect(facts).toContain("2 个综合管理事项缺少部分或全部单位的记录，按规则的缺省值计");
    // every unit lacks them: said so, not five names and 等
    expect(facts?.match(/”（全部单位）/g)).toHaveLength(2);
    await app.shot("year-publish-unpublished-months");
    await page.click(".ant-modal-confirm-btns .ant-btn:not(.ant-btn-primary)");
    expect(await app.store.prisma.publishedResult.count({ where: { period: "2018" } })).toBe(0);

    // published, then the data changes: the page says which figures are frozen and which are scored now, and a
    // unit's drawer gives both year-end scores (its details are today's)
    await publishPeriod(app.store, "2018", { actor: "测试准备" });
    const code = ((await page.getAttribute(`${byTestId("year-table")} tbody tr[data-testid^="year-row-"]`, "data-testid")) ?? "").slice("year-row-".length);
    const dir = mkdtempSync(join(tmpdir(), "kaohe-e2e-year-"));
    writeFileSync(join(dir, "events.csv"), `事件编号,单位,日期,事件类型,次数,分值,关联工单,说明\nE2EYEAR1,${code},2018-03-05,现场协调缺席,,,,\n`);
    expect((await importFiles(app.store, [{ path: join(dir, "events.csv") }], { actor: "测试准备" })).ok).toBe(true);
    await page.reload();
    await page.waitForSelector(byTestId("freshness-notice"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("freshness-notice"))).toContain("单位明细中的年终成绩构成、各月得分与综合管理各项按当前数据计算");
    await page.click(byTestId(`year-detail-${code}`));
    await page.waitForSelector(byTestId("year-drawer-stale"), { timeout: 30_000 });
    expect(await page.textContent(byTestId("year-drawer-stale"))).toMatch(/发布后数据有变动：按当前数据，年终成绩为 [\d.]+，发布时为 [\d.]+/);
    await app.shot("year-published-data-changed");
    await page.keyboard.press("Escape");
    await timings.open(page, `${app.url}/rubrics`, "/rubrics 规则", byTestId("rubrics-table"));
    await app.shot("rubrics");
  });

  test("the center's name: asked of the first 系统管理员 to sign in when none is set, then in the header, audited", async () => {
    await app.store.prisma.setting.deleteMany({ where: { key: "centerName" } });
    await createUser(app.store, { username: "xt-first", displayName: "系统管理员甲", role: "sysadmin", password: E2E_PASSWORD }, "测试准备");
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    try {
      const page = await context.newPage();
      await signInPage(page, app.url, "xt-first");
      await page.waitForSelector(byTestId("center-name-input"), { timeout: 30_000 });
      await keepScreenshot(page, { path: join(screenshotDir, "center-name-first-use.png") });
      // a name pasted too long is kept whole in the field and refused in words, not cut short unsaid
      const tooLong = "淄博市桓台县民生热线服务中心".padEnd(61, "中");
      await page.locator(byTestId("center-name-input")).focus();
      await page.keyboard.insertText(tooLong);
      expect(await page.inputValue(byTestId("center-name-input"))).toBe(tooLong);
      await page.click(byTestId("center-name-save"));
      await page.waitForSelector('.ant-form-item-explain-error:has-text("中心名称请控制在 60 字以内")');
      expect(await app.store.prisma.setting.count({ where: { key: "centerName" } })).toBe(0);
      await page.fill(byTestId("center-name-input"), "淄博市桓台县民生热线服务中心");
      await page.click(byTestId("center-name-save"));
      await page.waitForSelector(".ant-message-notice", { timeout: 90_000 });
      expect(await page.textContent(".ant-message-notice")).toContain("中心名称已设为");
      await page.waitForFunction(() => document.querySelector('[data-testid="center-name"]')?.textContent === "淄博市桓台县民生热线服务中心", undefined, {
        timeout: 30_000,
      });
      const entry = await app.store.prisma.auditLog.findFirst({ where: { action: "settings.centerName" }, orderBy: { id: "desc" } });
      expect(entry?.actor).toContain("xt-first");
      expect(entry?.detail).toEqual({ from: null, to: "淄博市桓台县民生热线服务中心" });
    } finally {
      await context.close();
    }
    // the center's administrator (not a 系统管理员) is not asked and cannot change it, and reads it in the header
    await app.page.goto(`${app.url}/ranking/2018-03`);
    await app.page.waitForSelector(byTestId("center-name"));
    await app.page.waitForFunction(() => document.querySelector('[data-testid="center-name"]')?.textContent === "淄博市桓台县民生热线服务中心");
    expect(await app.page.isVisible(byTestId("center-name-edit"))).toBe(false);
  });
});

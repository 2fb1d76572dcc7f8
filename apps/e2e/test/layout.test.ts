/**
 * What each page keeps in view on a phone (390 px) and on a county office's laptop (1366 × 768), on the demo data
 * (2018-10 published, 2018-11 open to the units). Found by a helper walking the console at three sizes: each test is
 * one thing that ran off the screen, or was squeezed to a character a line, before.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDraft, createUser, DEMO_USERS, seedDemo } from "@kaohe/services";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cellHead, compoundFile, record, u16, workbookStream, xlString } from "../../../packages/data/test/support/xls-writer.ts";
import { type App, keepScreenshot, screenshotDir, signInContext, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";
import { lines, phonePage } from "./support/layout.ts";

let app: App;
explainFailures(() => app);
const contexts: BrowserContext[] = [];
const byTestId = (id: string) => `[data-testid="${id}"]`;
const T = 45_000;
const user = (name: string) => {
  const u = DEMO_USERS.find((x) => x.username === name);
  if (!u) throw new Error(`the demo has no ${name}`);
  return u;
};

beforeAll(async () => {
  app = await startApp();
  await seedDemo(app.store, { cycle: true });
  for (const u of DEMO_USERS) await createUser(app.store, u, "测试准备");
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await app?.close();
});

const phone = (name: string) => phonePage(app.browser, app.url, contexts, name, user(name).password);

/** The element's box: left and right edges on the screen. */
async function edges(page: Page, selector: string): Promise<{ left: number; right: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return { left: box.x, right: box.x + box.width };
}

/** A popup (picker, select) that opened: within the screen, which did not grow sideways for it. */
async function withinScreen(page: Page, popup: string): Promise<void> {
  await page.locator(popup).first().waitFor({ timeout: T });
  const { left, right } = await edges(page, popup);
  expect([Math.round(left) >= 0, Math.round(right) <= 390], `${popup}: ${left}–${right}`).toEqual([true, true]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe.sequential("on a phone (390 px)", () => {
  test("the year's table shows each unit's 年终成绩 beside its name (it was cut to 97…)", async () => {
    const page = await phone("lingdao");
    await page.goto(`${app.url}/year/2018`);
    await page.waitForSelector(`${byTestId("year-table")} tbody tr.ant-table-row`, { timeout: T });
    const header = page.locator(`${byTestId("year-table")} th`, { hasText: "年终成绩" });
    const box = await header.first().boundingBox();
    expect(box && box.x + box.width <= 390, JSON.stringify(box)).toBe(true);
  });

  test("a unit's items show 得分 / 满分 beside the item's name (it was cut to 30.00 / 3)", async () => {
    const page = await phone("tangshan");
    await page.goto(`${app.url}/units/HTZ01?period=2018-10`);
    await page.waitForSelector(`${byTestId("unit-items")} tbody tr.ant-table-row`, { timeout: T });
    const header = page.locator(`${byTestId("unit-items")} th`, { hasText: "得分 / 满分" });
    const box = await header.first().boundingBox();
    expect(box && box.x + box.width <= 390, JSON.stringify(box)).toBe(true);
  });

  test("the written explanations' 须说明的情况 reads on a line or two, not a character a line (12 lines before)", async () => {
    const page = await phone("kaohe");
    await page.goto(`${app.url}/review/2018-11`);
    await page.waitForSelector(`${byTestId("review-explanations")} tbody tr[data-testid^="explanation-row-"]`, { timeout: T });
    const why = await lines(page, `${byTestId("review-explanations")} tbody tr[data-testid^="explanation-row-"] td:nth-child(3)`);
    expect(Object.keys(why).length).toBeGreaterThan(0);
    for (const [text, n] of Object.entries(why)) expect(n, text).toBeLessThanOrEqual(2);
  });

  test("the language manual reads across the screen, its contents above it (it was left 100 px beside them)", async () => {
    const page = await phone("guize");
    await page.goto(`${app.url}/reference`);
    await page.waitForSelector(".kh-manual-body h2", { timeout: T });
    const { left, right } = await edges(page, ".kh-manual-body");
    expect(right - left).toBeGreaterThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test("the audit log's dates are picked one at a time, within the screen (the range's two months ran to 597 px)", async () => {
    const page = await phone("xitong");
    await page.goto(`${app.url}/audit`);
    await page
      .locator(`${byTestId("audit-dates")} .ant-picker`)
      .first()
      .click();
    await withinScreen(page, ".ant-picker-dropdown:visible .ant-picker-panel-container");
  });

  test("the comparison's version list opens within the screen (560 px wide, it began 199 px off the left edge)", async () => {
    const page = await phone("kaohe");
    await page.goto(`${app.url}/compare`);
    await page.locator(`${byTestId("version-b-select")}`).click();
    await withinScreen(page, ".ant-select-dropdown:visible");
  });

  test("the comparison's table shows each unit's two scores beside its name (only the name and category fitted; the scores were off to the right)", async () => {
    const v2017 = await app.store.prisma.rubricVersion.findFirstOrThrow({ where: { version: "2017", status: "published" } });
    const draft = await createDraft(app.store, {
      text: v2017.text.replace('version "2017"', 'version "2017-手机"').replace("points 5\n", "points 6\n"),
      author: "测试准备",
    });
    const page = await phone("kaohe");
    await page.goto(`${app.url}/compare?a=${v2017.id}&b=${draft.id}&period=2018-10`);
    await page.waitForSelector(`${byTestId("compare-table")} tbody tr.ant-table-row`, { timeout: T });
    for (const title of ["得分 A", "得分 B"]) {
      const box = await page
        .locator(`${byTestId("compare-table")} th`, { hasText: title })
        .first()
        .boundingBox();
      expect(box && box.x + box.width <= 390, `${title}: ${JSON.stringify(box)}`).toBe(true);
    }
  });

  test("comparing two rubrics' texts: one column, the version lists within the drawer (380 px lists ran off it; two columns were a few characters a line)", async () => {
    const page = await phone("guize");
    await page.goto(`${app.url}/rubrics`);
    await page.click(byTestId("text-compare-button"));
    await page.waitForSelector(byTestId("text-compare-drawer"), { timeout: T });
    await page.locator(`${byTestId("text-compare-b")}`).click();
    await page.locator(".ant-select-dropdown:visible .ant-select-item-option").nth(1).click();
    await page.waitForSelector(byTestId("text-diff"), { timeout: T });
    const drawer = await edges(page, ".ant-drawer-content-wrapper:visible");
    for (const id of ["text-compare-a", "text-compare-b"]) {
      const { right } = await edges(page, byTestId(id));
      expect(right, id).toBeLessThanOrEqual(drawer.right);
    }
    // one column of text (合并显示), not two side by side (左右对照)
    expect(await page.locator(`${byTestId("text-compare-drawer")} .ant-segmented-item-selected`).textContent()).toBe("合并显示");
  });

  test("the rubric editor's title and toolbar wrap within the screen (保存 was at 395–477 px), and the editor keeps most of a screen (it had 240 px)", async () => {
    const page = await phone("guize");
    await page.goto(`${app.url}/rubrics`);
    await page.locator('a[href^="/rubrics/"]').first().click();
    await page.waitForSelector(byTestId("rubric-name"), { timeout: T });
    expect((await lines(page, byTestId("rubric-name")))[(await page.textContent(byTestId("rubric-name")))?.trim() ?? ""]).toBeLessThanOrEqual(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const editor = await page.locator(byTestId("rubric-editor")).boundingBox();
    expect(editor?.height ?? 0, JSON.stringify(editor)).toBeGreaterThanOrEqual(0.6 * 844);
    // long lines wrap within it: it does not scroll sideways (the lines' starts went out of view at the cursor)
    const scroller = await page.evaluate(() => {
      const s = document.querySelector('[data-testid="rubric-editor"] .cm-scroller');
      return s ? { scroll: s.scrollWidth, client: s.clientWidth } : null;
    });
    expect(scroller && scroller.scroll <= scroller.client, JSON.stringify(scroller)).toBe(true);
    await keepScreenshot(page, { path: `${screenshotDir}/layout-phone-editor.png` });
  });
});

describe.sequential("on a laptop (1366 × 768)", () => {
  let page: Page;
  beforeAll(async () => {
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    await signInContext(context, app.url, "xitong", user("xitong").password);
    page = await context.newPage();
  });

  test("the users table shows every column, 停用 whole (it was cut, the table scrolled)", async () => {
    await page.goto(`${app.url}/users`);
    await page.waitForSelector(byTestId("toggle-user-kaohe"), { timeout: T });
    const table = await edges(page, `${byTestId("users-table")} .ant-table-container`);
    const button = await edges(page, byTestId("toggle-user-kaohe"));
    expect(button.right, JSON.stringify({ table, button })).toBeLessThanOrEqual(table.right);
    const scrolls = await page.$eval(
      `${byTestId("users-table")} .ant-table-content, ${byTestId("users-table")} .ant-table-body`,
      (el) => el.scrollWidth > el.clientWidth,
    );
    expect(scrolls).toBe(false);
  });

  test("a unit's year drawer: its item table's header stays at the table's top (it floated 64 px down the drawer)", async () => {
    await page.goto(`${app.url}/year/2018`);
    await page
      .locator(`${byTestId("year-table")} [data-testid^="year-detail-"]`)
      .first()
      .click();
    const drawer = page.locator(byTestId("year-unit-drawer"));
    await drawer
      .locator(`${byTestId("unit-items")} tbody tr.ant-table-row`)
      .first()
      .waitFor({ timeout: T });
    expect(await drawer.locator(".ant-table-sticky-holder").count()).toBe(0);
  });

  test("printed, a ranking's table has its head in the table (a page two repeats it): on screen it is a sticky table of its own", async () => {
    await page.goto(`${app.url}/ranking/2018-10`);
    const rows = `${byTestId("ranking-table")} tbody tr.ant-table-row`;
    await page.waitForSelector(rows, { timeout: T });
    const headInRowsTable = () => page.evaluate((sel) => Boolean(document.querySelector(sel)?.closest("table")?.querySelector("thead th")), rows);
    expect(await headInRowsTable()).toBe(false);
    const tabs = await page.locator('[data-testid^="category-tab-"]').count();
    await page.emulateMedia({ media: "print" });
    try {
      await page.waitForFunction((sel) => Boolean(document.querySelector(sel)?.closest("table")?.querySelector("thead th")), rows, { timeout: T });
      expect(await headInRowsTable()).toBe(true);
      // every category, one after another (the open tab alone printed under a strip naming three: a walk)
      expect(await page.locator('[data-testid^="print-group-"]').count()).toBe(tabs);
      expect(await page.locator(`[data-testid^="print-group-"] ${byTestId("ranking-table")}`).count()).toBe(tabs);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
    await page.waitForFunction((sel) => !document.querySelector(sel)?.closest("table")?.querySelector("thead th"), rows, { timeout: T });
  });

  test("a unit's year: 综合管理考核 (20% × 综合管理) links to 综合管理's own items (it said 20% × 82 and no more)", async () => {
    await page.goto(`${app.url}/units/HTZ01?period=2018`);
    const link = page.locator(`${byTestId("unit-items")} ${byTestId("unit-item-link")}`);
    await link.waitFor({ timeout: T });
    expect(await link.allTextContents()).toEqual(["查看综合管理考核明细 →"]);
    // a year's page belongs to 年度考核 in the menu (月度排名 was lit)
    expect(await page.locator(".ant-menu-item-selected").allTextContents()).toEqual(["年度考核"]);
    // nothing of the year-end's own items opens: the card does not say to open one
    expect(await page.locator(byTestId("unit-items")).locator("xpath=ancestor::div[contains(@class,'ant-card')]").first().textContent()).not.toContain(
      "展开一项",
    );
    await link.click();
    await page.waitForURL((u) => u.searchParams.get("assessment") === "综合管理", { timeout: T });
    await page.locator(`${byTestId("unit-items")} tbody tr.ant-table-row`, { hasText: "成立民生热线工作领导小组" }).waitFor({ timeout: T });
  });
});

describe("on a laptop (1366 × 768), importing", () => {
  test("a problem's file names its workbook and its sheet whole, the sheet on a line of its own (工单_serial_bad.xls 工作表“下半月” was cut), as the import reports the sheet (a name with 工作表“ in it was cut there)", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    await signInContext(context, app.url, "kaohe", user("kaohe").password);
    const page = await context.newPage();
    // an .xls of two sheets, a month's halves, a date that is none on the second; the second's name has ` 工作表“` in it
    // (the console cut the label at its last ` 工作表“`: the workbook line read “工单_serial_bad.xls 工作表“下半月”)
    const header = ["工单编号", "承办单位", "来源", "受理时间", "办理时限"];
    const sheet = (name: string, rows: string[][]) => ({
      name,
      records: [header, ...rows].flatMap((cells, r) => cells.map((text, c) => record(0x0204, cellHead(r, c), xlString(text)))),
    });
    const path = join(mkdtempSync(join(tmpdir(), "kaohe-layout-")), "工单_serial_bad.xls");
    writeFileSync(
      path,
      compoundFile(
        workbookStream(
          [record(0x00e0, u16(0), u16(0), Buffer.alloc(16))],
          [
            sheet("上半月", [["LY1", "唐山镇", "县中心", "2018-10-03 09:00", "2018-10-10"]]),
            sheet("下半月 工作表“补录", [["LY2", "唐山镇", "县中心", "2018-10-40 09:00", "2018-10-25"]]),
          ],
        ),
      ),
    );
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [path]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-failed"), { timeout: 60_000 });
    const cell = page.locator(`${byTestId("problems-table")} ${byTestId("problem-file")}`).first();
    expect(await cell.innerText()).toBe("工单_serial_bad.xls\n工作表“下半月 工作表“补录”");
    // nothing of it hidden: its cell neither cut nor scrolled
    const fits = await cell.evaluate((el) => {
      const td = el.closest("td") as HTMLElement;
      return { td: [td.scrollWidth, td.clientWidth], own: [el.scrollWidth, el.clientWidth] };
    });
    expect(fits.td[0], JSON.stringify(fits)).toBeLessThanOrEqual(fits.td[1] as number);
    expect(fits.own[0], JSON.stringify(fits)).toBeLessThanOrEqual(fits.own[1] as number);
    await cell.scrollIntoViewIfNeeded();
    await keepScreenshot(page, { path: `${screenshotDir}/layout-1366-import-problems.png` });
  });
});

describe("on a 1280 × 720 screen", () => {
  test("a month's ranking fits its card: no sideways scrollbar, 标记 whole (its columns came to 1000 px in a card of 992)", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    await signInContext(context, app.url, "lingdao", user("lingdao").password);
    const page = await context.newPage();
    await page.goto(`${app.url}/ranking/2018-10`);
    await page.waitForSelector(`${byTestId("ranking-table")} tbody tr.ant-table-row`, { timeout: T });
    const widths = await page.$eval(`${byTestId("ranking-table")} .ant-table-body`, (el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(widths.client);
    const table = await edges(page, `${byTestId("ranking-table")} .ant-table-container`);
    const marks = await edges(page, `${byTestId("ranking-table")} th:has-text("标记")`);
    expect(marks.right, JSON.stringify({ table, marks })).toBeLessThanOrEqual(table.right);
    await keepScreenshot(page, { path: `${screenshotDir}/layout-1280-ranking.png` });
  });
});

describe("on a small laptop (1024 px)", () => {
  test("a month's facts on 说明与异议 wrap between phrases, never inside one (开放预览 read 演示⏎数据, 异议截止 剩余⏎7 天)", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1024, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    await signInContext(context, app.url, "tangshan", user("tangshan").password);
    const page = await context.newPage();
    await page.goto(`${app.url}/responses/2018-11`);
    await page.waitForSelector(byTestId("explanation-deadline"), { timeout: T });
    // each phrase of each fact (a time, 剩余 7 天, who opened the month), and the lines its characters are laid out on
    const phrases = await page.$$eval(`${byTestId("cycle-facts")} .ant-descriptions-item-content`, (cells) =>
      cells.flatMap((cell) => {
        const chars: { ch: string; top: number }[] = [];
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? "";
          for (let i = 0; i < text.length; i++) {
            const range = document.createRange();
            range.setStart(n, i);
            range.setEnd(n, i + 1);
            const r = range.getClientRects()[0];
            chars.push({ ch: text[i] as string, top: r ? Math.round(r.top + r.height / 2) : -1 });
          }
        }
        const text = chars.map((c) => c.ch).join("");
        return [...text.matchAll(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}|剩余 \d+ 天|演示数据/g)].map((m) => {
          const tops = chars
            .slice(m.index, m.index + m[0].length)
            .filter((c) => c.ch.trim() !== "")
            .map((c) => c.top);
          return [m[0], new Set(tops).size] as const;
        });
      }),
    );
    expect(phrases.map(([p]) => p)).toEqual(expect.arrayContaining(["演示数据", expect.stringMatching(/^剩余 \d+ 天$/)]));
    for (const [phrase, rows] of phrases) expect([phrase, rows]).toEqual([phrase, 1]);
    await keepScreenshot(page, { path: `${screenshotDir}/layout-1024-responses.png` });
  });
});

/**
 * What the console offers those who may only read: a unit user (乙镇's liaison) and the 只读 leader walk every page
 * they can reach and are invited to nothing their role cannot do — no 复制为新草稿 or 新建草稿 on the rubric pages, no
 * 请先发布… or 请先在“数据”页导入… hints, no 编辑导言 in the bulletin, no 阅读 (to acknowledge) of an explanation, no
 * way back to a ranking a unit may not see yet, no 提出异议 once the objection period is over. What they can do is
 * still there (the unit's 提出异议 while objections are open). A unit's month arrows, the ranking's and the years'
 * step through the periods the user can see a result of, and stop at either end saying why.
 *
 * March 2018 (support/month-files.ts, and a unit of a category the rubric does not declare) is opened to the units;
 * 乙镇 owes a written explanation for its late order and has submitted it; January is published; February has
 * orders but was never opened to the units (nor published); April has none; the year has no facts file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFiles } from "@kaohe/db";
import { createUser, openPreview, publishPeriod, submitExplanation } from "@kaohe/services";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, E2E_PASSWORD, keepScreenshot, screenshotDir, signInContext, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";
import { writeMonthFiles } from "./support/month-files.ts";

const PERIOD = "2018-03";
const UNIT_USER = "yi-liaison";
const VIEWER = "ld-leader";
/** Generous for a busy 2-core machine, but finite. */
const T = 45_000;

/** Words that invite an action: editing rubrics, publishing, importing, editing the bulletin, typing in a rubric. */
const INVITES = [
  "复制为新草稿",
  "新建草稿",
  "草稿可以随时修改",
  "请先发布",
  "请先在“数据”页导入",
  "请在“数据”页导入",
  "请在“数据”页改正",
  "在规则中声明",
  "编辑导言",
  "尚未保存",
  "每行为一段",
  "输入时自动检查",
  "导入热线平台导出",
  "请在月度排名页重新发布",
];

let app: App;
explainFailures(() => app);
const contexts: BrowserContext[] = [];
const byTestId = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  app = await startApp();
  const dir = mkdtempSync(join("/tmp", "kaohe-e2e-offers-"));
  const [units, orders, events] = writeMonthFiles(dir);
  // a unit of a category the rubric does not declare: the ranking says it is in no ranking
  const extraUnits = join(dir, "units-开发区.csv");
  writeFileSync(extraUnits, "\uFEFF单位编码,单位名称,类别\nK1,开发区管委会,开发区\n");
  const imported = await importFiles(app.store, [{ path: units as string }, { path: extraUnits }, { path: orders as string }, { path: events as string }], {
    actor: "测试准备",
  });
  expect(imported.ok ? null : imported.problems.slice(0, 3)).toBeNull();
  // January and February: a few orders each; January opened to the units and published, February never opened
  const earlier = join(dir, "orders-2018-01-02.csv");
  const order = (id: string, month: string) => `${id},乙镇,县中心,投诉,2018-${month}-05 09:00,2018-${month}-12,2018-${month}-07 16:00,0,否,,`;
  writeFileSync(
    earlier,
    `\uFEFF工单编号,承办单位,来源,诉求类型,受理时间,办理时限,办结时间,退回重办次数,已回访,过程满意度,结果满意度\n${[order("J-1", "01"), order("F-1", "02")].join("\n")}\n`,
  );
  expect((await importFiles(app.store, [{ path: earlier, kind: "orders" }], { actor: "测试准备" })).ok).toBe(true);
  await openPreview(app.store, "2018-01", { actor: "测试准备" });
  await publishPeriod(app.store, "2018-01", { actor: "测试准备" });
  await openPreview(app.store, PERIOD, { actor: "测试准备" });
  await createUser(app.store, { username: UNIT_USER, displayName: "乙镇联络员", role: "unit", unitCode: "T2", password: E2E_PASSWORD }, "测试准备");
  await createUser(app.store, { username: VIEWER, displayName: "县领导", role: "viewer", password: E2E_PASSWORD }, "测试准备");
  // 乙镇's HT-B3 was closed late: it owes a written explanation, and has written it
  await submitExplanation(app.store, { period: PERIOD, unitCode: "T2", text: "HT-B3 因现场核查延误两天办结，已加强督办。", files: [], actor: "乙镇联络员" });
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await app?.close();
});

/** Each user's browser session (its cookies and its cache), signed in once: see sessionAs. */
const sessions = new Map<string, BrowserContext>();

/**
 * A new page (its own sessionStorage) in the user's browser session, signed in over HTTP on the first call: a later
 * test's first page is then drawn from the cache (a page load in a fresh session took 1.5 to 3 s of a busy machine,
 * 0.3 to 0.7 s from the cache). Nothing here ends a session or changes a user.
 */
async function sessionAs(username: string): Promise<Page> {
  let context = sessions.get(username);
  if (!context) {
    context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    sessions.set(username, context);
    await signInContext(context, app.url, username);
  }
  return context.newPage();
}

/** The page once `ready` shows, and the words in it (dialogs and drawers included) that invite an action. */
async function invitesOn(page: Page, path: string | null, ready: string): Promise<string[]> {
  if (path !== null) await page.goto(`${app.url}${path}`);
  await page.waitForSelector(ready, { timeout: T });
  // the page's queries settled (an alert shown once a second query answers)
  await page.waitForFunction(() => !document.querySelector(".ant-skeleton-active, .ant-spin-spinning"), undefined, { timeout: T });
  const text = await page.evaluate(() => document.body.innerText);
  return INVITES.filter((w) => text.includes(w));
}

const publishedRubric = async () => (await app.store.prisma.rubricVersion.findFirstOrThrow({ where: { status: "published" } })).id;

describe.sequential("a unit user and the 只读 leader are offered only what they can do", () => {
  test("the 只读 leader: rubrics, ranking, bulletin, a month without orders, the year, the data, the review page", async () => {
    const page = await sessionAs(VIEWER);
    // the leader's ranking is the latest published month (January), not March's preview, which could be taken for the
    // final ranks at a glance (a walk): said, with the way to March
    await page.goto(`${app.url}/ranking`);
    await page.waitForURL((u) => u.pathname === "/ranking/2018-01", { timeout: T });
    const newer = page.locator(byTestId("newer-preview-notice"));
    await newer.waitFor({ timeout: T });
    expect(await newer.locator(".ant-alert-title").textContent()).toBe(
      "这是最近已发布的2018年1月排名。2018年3月的结果尚未发布，是按目前数据计算的预览，发布前可能变化。",
    );
    await page.click(byTestId("newer-preview-link"));
    await page.waitForURL((u) => u.pathname === `/ranking/${PERIOD}`, { timeout: T });
    await page.waitForSelector(byTestId("ranking-table"), { timeout: T });
    const found: Record<string, string[]> = {};
    found.rubrics = await invitesOn(page, "/rubrics", '[data-testid^="rubric-row-"]');
    found.rubric = await invitesOn(page, `/rubrics/${await publishedRubric()}`, byTestId("diagnostics-errors"));
    // the version in force is not offered a comparison with the version in force: itself
    expect(await page.locator(byTestId("compare-in-force-link")).count()).toBe(0);
    found.ranking = await invitesOn(page, `/ranking/${PERIOD}`, byTestId("unassessed-notice"));
    // the bulletin: the leader downloads it as it stands (February, before it, is not published)
    await page.hover(byTestId("bulletin-button"));
    await page.waitForSelector(".ant-tooltip", { timeout: T });
    const bulletinTip = await page.locator(".ant-tooltip").innerText();
    await page.click(byTestId("bulletin-button"));
    found.bulletin = await invitesOn(page, null, byTestId("bulletin-previous-notice"));
    await keepScreenshot(page, { path: join(screenshotDir, "offers-viewer-bulletin.png") });
    // a month without data (no unit has an order in it): said so, in place of a ranking (and nothing offered to import)
    found.noOrders = await invitesOn(page, "/ranking/2018-04", byTestId("no-data"));
    // 发布记录, greyed out, says why (it said nothing)
    await page.hover(byTestId("publication-history-button"), { force: true });
    const historyTip = page.locator(".ant-tooltip:visible");
    await historyTip.waitFor({ timeout: T });
    expect(await historyTip.innerText()).toBe("本月尚未发布，还没有发布记录");
    found.year = await invitesOn(page, "/year/2018", byTestId("missing-facts-notice"));
    found.data = await invitesOn(page, "/data", byTestId("import-not-allowed"));
    // 乙镇's explanation, waiting to be acknowledged: the leader looks at it (阅读 is the center's, to acknowledge)
    found.review = await invitesOn(page, `/review/${PERIOD}`, byTestId("explanation-open-T2"));
    const reviewButton = await page.locator(byTestId("explanation-open-T2")).innerText();
    await page.click(byTestId("explanation-open-T2"));
    await page.waitForSelector(byTestId("explanation-drawer"), { timeout: T });
    const drawer = await page.locator(byTestId("explanation-drawer")).innerText();
    await keepScreenshot(page, { path: join(screenshotDir, "offers-viewer-explanation.png") });
    expect({
      found,
      bulletinTip,
      reviewButton,
      awaits: drawer.includes("待考核办阅知"),
      acknowledge: await page.locator(byTestId("acknowledge")).count(),
    }).toEqual({
      found: { rubrics: [], rubric: [], ranking: [], bulletin: [], noOrders: [], year: [], data: [], review: [] },
      bulletinTip: "本月《投诉动态》：下载 Word 或 PDF",
      reviewButton: "查看",
      awaits: true,
      acknowledge: 0,
    });
  });

  test("a unit user: the rubrics, the unit's page of a month not yet published, the objections while they are open", async () => {
    const page = await sessionAs(UNIT_USER);
    const found: Record<string, string[]> = {};
    found.rubrics = await invitesOn(page, "/rubrics", '[data-testid^="rubric-row-"]');
    found.rubric = await invitesOn(page, `/rubrics/${await publishedRubric()}`, byTestId("diagnostics-errors"));
    // March is open to the units but not published: its ranking is not theirs to see, so no way back to it
    found.unit = await invitesOn(page, `/units/T2?period=${PERIOD}`, byTestId("unit-score"));
    // the publication read (未发布) before the link's absence means anything
    await page.waitForSelector(byTestId("publication-status"), { timeout: T });
    const backLinks = await page.locator(byTestId("back-link")).count();
    // objections are open: the unit may raise one
    found.responses = await invitesOn(page, `/responses/${PERIOD}`, byTestId("raise-objection"));
    expect({ found, backLinks }).toEqual({ found: { rubrics: [], rubric: [], unit: [], responses: [] }, backLinks: 0 });
  });

  test("once the month is published: the unit user is no longer offered 提出异议, and is led back to the ranking", async () => {
    await publishPeriod(app.store, PERIOD, { actor: "测试准备" });
    const page = await sessionAs(UNIT_USER);
    await page.goto(`${app.url}/responses/${PERIOD}`);
    const card = page.locator(byTestId("objections-card"));
    await card.getByText("本月结果已发布，异议期已结束").waitFor({ timeout: T });
    // published before its objection deadline (days ahead): the objections ended at the publication, said with its time,
    // not beside a deadline still to come
    const published = await app.store.prisma.publishedResult.findFirstOrThrow({ where: { period: PERIOD, supersededAt: null } });
    const beijing = new Date(published.publishedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
    expect(await page.locator(byTestId("objection-deadline")).textContent()).toBe(`发布时结束（${beijing}）`);
    expect(await page.locator(byTestId("raise-objection")).count()).toBe(0);
    await keepScreenshot(page, { path: join(screenshotDir, "offers-unit-published.png") });
    await page.goto(`${app.url}/units/T2?period=${PERIOD}`);
    await page.waitForSelector(byTestId("back-link"), { timeout: T });
    await page.click(byTestId("back-link"));
    await page.waitForSelector(byTestId("ranking-table"), { timeout: T });
  });

  test("a unit's month arrows step through the months the user can see a result of, disabled at either end", async () => {
    /** Click an arrow, and the month it led to (its result shown, or why not) with the arrows' state there. */
    const step = async (page: Page, arrow: "prev" | "next" | null) => {
      const before = new URL(page.url()).searchParams.get("period");
      if (arrow) {
        await page.click(byTestId(`month-picker-${arrow}`));
        await page.waitForURL((u) => u.searchParams.get("period") !== before, { timeout: T });
      }
      await page.waitForSelector(`${byTestId("unit-score")}, .ant-result`, { timeout: T });
      // the picker shows the month asked for, and the months are known (the arrows wait for them, saying so)
      const month = new URL(page.url()).searchParams.get("period") ?? "";
      const shown = `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
      await page.waitForFunction(
        (shown) => {
          const picker = document.querySelector('[data-testid="month-picker"]');
          const input = picker instanceof HTMLInputElement ? picker : picker?.querySelector("input");
          return input?.value === shown && !document.querySelector(".ant-skeleton-active, [aria-label*='正在读取']");
        },
        shown,
        { timeout: T },
      );
      return {
        month: new URL(page.url()).searchParams.get("period"),
        prev: await page.locator(byTestId("month-picker-prev")).isEnabled(),
        next: await page.locator(byTestId("month-picker-next")).isEnabled(),
      };
    };
    // 乙镇's user: March (opened, now published) and January (published); February, never opened, is stepped over
    const unit = await sessionAs(UNIT_USER);
    await unit.goto(`${app.url}/units/T2?period=${PERIOD}`);
    const walked = [await step(unit, null)];
    walked.push(await step(unit, "prev"));
    walked.push(await step(unit, "next"));
    expect(walked).toEqual([
      { month: PERIOD, prev: true, next: false },
      { month: "2018-01", prev: false, next: true },
      { month: PERIOD, prev: true, next: false },
    ]);
    await keepScreenshot(unit, { path: join(screenshotDir, "offers-unit-months.png") });
    // the 只读 leader: every month the rubric is in force (from 2017-09), up to the latest with orders (March)
    const viewer = await sessionAs(VIEWER);
    await viewer.goto(`${app.url}/units/T2?period=${PERIOD}`);
    const seen = [await step(viewer, null), await step(viewer, "prev")];
    await viewer.goto(`${app.url}/units/T2?period=2017-09`);
    seen.push(await step(viewer, null));
    expect(seen).toEqual([
      { month: PERIOD, prev: true, next: false },
      { month: "2018-02", prev: true, next: true },
      { month: "2017-09", prev: false, next: true },
    ]);
  });

  test("the ranking's month arrows and the years' step through what the user can see, and say why not at either end", async () => {
    /** The arrows of a picker once the periods are known: each one's name (what its tooltip says too), "×" when disabled. */
    const arrowsOf = (page: Page, picker: string) => async () => {
      const prev = page.locator(byTestId(`${picker}-prev`));
      const next = page.locator(byTestId(`${picker}-next`));
      const said = async (arrow: typeof prev) => `${(await arrow.isEnabled()) ? "" : "×"}${await arrow.getAttribute("aria-label")}`;
      return [await said(prev), await said(next)];
    };
    // 乙镇's user: the rankings of January and March, both published; February (never opened) stepped over
    const unit = await sessionAs(UNIT_USER);
    await unit.goto(`${app.url}/ranking/${PERIOD}`);
    await expect.poll(arrowsOf(unit, "month-picker"), { timeout: T }).toEqual(["上一个可查看的月份（2018年1月）", "×下一月（没有更晚的可查看月份）"]);
    await unit.click(byTestId("month-picker-prev"));
    await unit.waitForURL((u) => u.pathname === "/ranking/2018-01", { timeout: T });
    await unit.waitForSelector(byTestId("ranking-table"), { timeout: T });
    await expect.poll(arrowsOf(unit, "month-picker"), { timeout: T }).toEqual(["×上一月（没有更早的可查看月份）", "下一个可查看的月份（2018年3月）"]);
    await unit.hover(`${byTestId("month-picker-prev")}`, { force: true });
    await keepScreenshot(unit, { path: join(screenshotDir, "offers-unit-ranking-arrows.png") });
    // no year is published: the unit's year page (opened by its address) steps nowhere
    await unit.goto(`${app.url}/units/T2?period=2018`);
    await unit.waitForSelector(byTestId("not-published"), { timeout: T });
    await expect.poll(arrowsOf(unit, "year-picker"), { timeout: T }).toEqual(["×上一年（没有更早的可查看年度）", "×下一年（没有更晚的可查看年度）"]);

    // the 只读 leader: the years the rubric is in force (from 2017-09) up to the latest with orders (2018-03)
    const viewer = await sessionAs(VIEWER);
    await viewer.goto(`${app.url}/year/2018`);
    await expect.poll(arrowsOf(viewer, "year-picker"), { timeout: T }).toEqual(["上一年（2017年度）", "×下一年（没有更晚的可查看年度）"]);
    await viewer.click(byTestId("year-picker-prev"));
    await viewer.waitForURL((u) => u.pathname === "/year/2017", { timeout: T });
    await expect.poll(arrowsOf(viewer, "year-picker"), { timeout: T }).toEqual(["×上一年（没有更早的可查看年度）", "下一年（2018年度）"]);
    await viewer.goto(`${app.url}/units/T2?period=2017`);
    await expect.poll(arrowsOf(viewer, "year-picker"), { timeout: T }).toEqual(["×上一年（没有更早的可查看年度）", "下一年（2018年度）"]);
    // the rankings: February too (a preview), nothing after March nor before September 2017
    await viewer.goto(`${app.url}/ranking/${PERIOD}`);
    await expect.poll(arrowsOf(viewer, "month-picker"), { timeout: T }).toEqual(["上一月（2018年2月）", "×下一月（没有更晚的可查看月份）"]);
    await viewer.goto(`${app.url}/ranking/2017-09`);
    await expect.poll(arrowsOf(viewer, "month-picker"), { timeout: T }).toEqual(["×上一月（没有更早的可查看月份）", "下一月（2017年10月）"]);
    // the review page alike
    await viewer.goto(`${app.url}/review/${PERIOD}`);
    await expect.poll(arrowsOf(viewer, "month-picker"), { timeout: T }).toEqual(["上一月（2018年2月）", "×下一月（没有更晚的可查看月份）"]);
  });
});

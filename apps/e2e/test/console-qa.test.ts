/**
 * What a tester found in the console on the demo data (2018-10 published, 2018-11 open to the units), walked in
 * Chromium: 唐山镇's user on a phone reads their submitted explanation whole.
 */
import {
  createDraft,
  createUser,
  DEMO_USERS,
  publishPeriod,
  publishRubricVersion,
  raiseObjection,
  seedDemo,
  submitExplanation,
  withdrawObjection,
  withdrawRubricVersion,
} from "@kaohe/services";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, keepScreenshot, screenshotDir, signInContext, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";
import { lines, phonePage } from "./support/layout.ts";

let app: App;
explainFailures(() => app);
const contexts: BrowserContext[] = [];
const byTestId = (id: string) => `[data-testid="${id}"]`;
const T = 45_000;
const tangshan = DEMO_USERS.find((u) => u.username === "tangshan");
if (!tangshan) throw new Error("the demo has no tangshan");

beforeAll(async () => {
  app = await startApp();
  await seedDemo(app.store, { cycle: true });
  await createUser(app.store, tangshan, "测试准备");
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await app?.close();
});

const phone = (username: string, password: string) => phonePage(app.browser, app.url, contexts, username, password);

describe.sequential("a unit user on a phone", () => {
  test("reads the explanation they submitted whole: who, when and the file each on its line, not a few characters a line", async () => {
    await submitExplanation(app.store, {
      period: "2018-11",
      unitCode: "HTZ01",
      text: "11 月有工单超期办结，原因是人员调整；已明确专人负责，确保按期办结。",
      files: [{ fileName: "情况说明.pdf", mediaType: "application/pdf", content: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") }],
      actor: `${tangshan.displayName}（${tangshan.username}）`,
    });
    const page = await phone(tangshan.username, tangshan.password);
    await page.goto(`${app.url}/responses/2018-11`);
    const submitted = page.locator(byTestId("explanation-submitted"));
    await submitted.waitFor({ timeout: T });
    await keepScreenshot(page, { path: `${screenshotDir}/qa-phone-explanation.png`, fullPage: true });
    const texts = await lines(page, `${byTestId("explanation-submitted")} .ant-descriptions-item-content`);
    const at = Object.keys(texts).find((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(t));
    expect(at, JSON.stringify(texts)).toBeDefined();
    expect(texts[at as string]).toBe(1);
    expect(texts[`${tangshan.displayName}（${tangshan.username}）`]).toBe(1);
    const file = Object.keys(texts).find((t) => t.includes("情况说明.pdf"));
    expect(texts[file as string]).toBe(1);
  });
});

describe.sequential("addresses that name nothing", () => {
  test("the unit's page leads to its year's result, and /year tells a unit's user, before the year is published, where that is (it sent them to the 系统管理员)", async () => {
    const page = await phone(tangshan.username, tangshan.password);
    await page.goto(`${app.url}/units/HTZ01?period=2018-10`);
    await page.click(byTestId("unit-year-link"));
    await page.waitForURL((u) => u.searchParams.get("period") === "2018", { timeout: T });
    await page.waitForSelector(byTestId("unit-months-link"), { timeout: T });
    await keepScreenshot(page, { path: `${screenshotDir}/qa-phone-unit-year.png`, fullPage: true });
    // the year's ranking is its category's once published (the demo's 2018 is not), and the unit's own year is on its
    // page once opened to the units (the demo's 2018 is not): said, with no button to a page that says only that
    await page.goto(`${app.url}/year/2018`);
    const unpublished = page.locator(byTestId("not-published"));
    await unpublished.filter({ hasText: "尚未向各单位开放" }).waitFor({ timeout: T });
    const said = await unpublished.textContent();
    expect(said).toContain("向各单位开放后可在本单位的页面查看本单位的年度成绩");
    expect(said).not.toContain("系统管理员");
    expect(await page.locator(byTestId("not-published-own-unit")).count()).toBe(0);
    // the header's button still leads there, to the page saying when it will show the year
    await page.click(byTestId("own-unit-link"));
    await page.waitForURL((u) => u.pathname === "/units/HTZ01" && u.searchParams.get("period") === "2018", { timeout: T });
    // another page says why in its own words, not that it lists every unit
    await page.goto(`${app.url}/data`);
    await page.locator(byTestId("forbidden")).filter({ hasText: "数据页用于导入热线数据" }).waitFor({ timeout: T });
  });

  test("/units/NOPE: one not-found state inside the console, no header of a unit that is not, a way back to the ranking", async () => {
    const { page } = app;
    await page.goto(`${app.url}/units/NOPE?period=2018-11`);
    const missing = page.locator(byTestId("unit-not-found"));
    await missing.waitFor({ timeout: T });
    expect(await missing.textContent()).toContain("没有编码为“NOPE”的单位");
    // the console's menu and header are kept; no unit's header, no second telling of it in a message
    await page.locator(byTestId("menu-ranking")).waitFor({ timeout: T });
    expect(await page.locator(byTestId("unit-name")).count()).toBe(0);
    await page.waitForLoadState("networkidle");
    expect(await page.locator(".ant-message-notice").count()).toBe(0);
    expect(((await page.textContent("body")) ?? "").split("没有编码为").length - 1).toBe(1);
    await keepScreenshot(page, { path: `${screenshotDir}/qa-unit-not-found.png` });
    await page.click(byTestId("unit-not-found-back"));
    await page.waitForURL((u) => u.pathname === "/ranking/2018-11", { timeout: T });
  });

  test("an address no page has says so, in the console, with the way home (it was sent home without a word)", async () => {
    const { page } = app;
    for (const path of ["/ranking/2018-10/extra", "/nonexistent/path"]) {
      await page.goto(`${app.url}${path}`);
      await page.locator(byTestId("not-found")).waitFor({ timeout: T });
      expect(new URL(page.url()).pathname).toBe(path);
      expect(await page.textContent(byTestId("not-found"))).toContain("页面不存在");
      await page.locator(byTestId("menu-ranking")).waitFor({ timeout: T });
    }
    await page.click(byTestId("not-found-home"));
    await page.waitForURL((u) => u.pathname !== "/nonexistent/path", { timeout: T });
  });
});

describe.sequential("a unit user's ranking and year pages", () => {
  test("a period not opened to the units is not called 未发布（预览） beside 考核周期：未开放; one opened to them still is", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 800 } });
    contexts.push(context);
    await signInContext(context, app.url, tangshan.username, tangshan.password);
    const page = await context.newPage();
    // 2019-01 (no data, never opened) and the year 2018 (not opened): the stage says 未开放, and nothing says 预览
    for (const path of ["/ranking/2019-01", "/year/2018"]) {
      await page.goto(`${app.url}${path}`);
      await page.locator(byTestId("not-published")).waitFor({ timeout: T });
      await page.locator(`${byTestId("cycle-summary")} ${byTestId("cycle-stage")}`, { hasText: "未开放" }).waitFor({ timeout: T });
      await page.waitForLoadState("networkidle");
      expect(await page.locator(byTestId("publication-status")).count(), path).toBe(0);
      expect(await page.textContent("body"), path).not.toContain("预览");
    }
    await keepScreenshot(page, { path: `${screenshotDir}/qa-unit-year-not-open.png` });
    // 2018-11, opened to the units: their own preview is theirs to read (on their unit's page), and said so here
    await page.goto(`${app.url}/ranking/2018-11`);
    await page.locator(byTestId("not-published")).waitFor({ timeout: T });
    expect(await page.locator(byTestId("publication-status")).textContent({ timeout: T })).toBe("未发布（预览）");
  });
});

describe.sequential("the center deciding an objection that asks for no correction", () => {
  test("is told that accepting it moves nothing, not offered 预览影响 to score the month again and find that out", async () => {
    const o = await raiseObjection(app.store, {
      period: "2018-11",
      unitCode: "HTZ01",
      subject: "other",
      changes: [],
      reason: "11 月 2 日平台故障导致多件工单派发延迟，请中心核查。",
      files: [],
      actor: `${tangshan.displayName}（${tangshan.username}）`,
    });
    const { page } = app;
    await page.goto(`${app.url}/review/2018-11?objection=${o.id}`);
    const drawer = page.locator(byTestId("objection-drawer"));
    await drawer.waitFor({ timeout: T });
    expect(await drawer.locator(byTestId("no-effect")).textContent({ timeout: T })).toContain("采纳后仅记录处理意见，各单位得分与名次不变");
    expect(await drawer.locator(byTestId("preview-effect")).count()).toBe(0);
    // deciding it is as before
    await drawer.locator(byTestId("accept-objection")).waitFor({ timeout: T });
    await keepScreenshot(page, { path: `${screenshotDir}/qa-objection-no-correction.png` });
    // taken back, as the unit may: the month's undecided objections are the next tests' to count
    await withdrawObjection(app.store, o.id, { unitCode: "HTZ01", actor: `${tangshan.displayName}（${tangshan.username}）` });
  });
});

describe.sequential("comparing a new draft", () => {
  test("a draft in force from the month after the data is previewed over the latest month, saying so; units it leaves out are named", async () => {
    const { page, store } = app;
    const v2017 = await store.prisma.rubricVersion.findFirstOrThrow({ where: { version: "2017", status: "published" } });
    // as a new draft starts: in force from 2019-01, the month after the demo's last (2018-12); and without 街道
    const text = v2017.text
      .replace('version "2017"', 'version "2019-草稿"')
      .replace("in force from 2017-09", "in force from 2019-01")
      .replace(/^category 街道 .*\n/m, "");
    const draft = await createDraft(store, { text, author: "测试准备" });
    expect(draft.effectiveFrom).toBe("2019-01");
    await page.goto(`${app.url}/compare?b=${draft.id}&period=2018-12`);
    const preview = page.locator(byTestId("compare-preview"));
    await preview.waitFor({ timeout: T });
    // compared, not refused with 施行期间为 2019-01 起，不适用于 2018-12
    expect(await page.locator(byTestId("compare-error")).count()).toBe(0);
    await page.locator(byTestId("compare-results")).waitFor({ timeout: T });
    const said = (await preview.textContent()) ?? "";
    expect(said).toContain("预览：版本 B“");
    expect(said).toContain("自 2019年1月 施行，这里按2018年12月的数据试算");
    expect(said).toContain("草稿发布后只用于 2019年1月 起的月份");
    const warning = page.locator(byTestId("compare-warning"));
    expect(await warning.textContent()).toMatch(/^版本 B：2 个单位的类别“街道”未在规则中声明，未计分：/);
    await keepScreenshot(page, { path: `${screenshotDir}/qa-compare-new-draft.png` });
  });
});

describe.sequential("a month's preview whose rubric counts no order", () => {
  test("the ranking says which population holds no order of any unit while the month has orders", async () => {
    const { page, store } = app;
    const v2017 = await store.prisma.rubricVersion.findFirstOrThrow({ where: { version: "2017", status: "published" } });
    // in force from 2018-12 (not published as a month), its population a condition no order meets
    const text = v2017.text
      .replace('version "2017"', 'version "2018-头诉"')
      .replace("in force from 2017-09", "in force from 2018-12")
      .replace("= orders where 受理时间 in period and not (回退 and 回退认可)", '= orders where 受理时间 in period and 诉求类型 = "头诉"');
    expect(text).toContain("头诉");
    const draft = await createDraft(store, { text, author: "测试准备" });
    await publishRubricVersion(store, draft.id, "测试准备");
    try {
      await page.goto(`${app.url}/ranking/2018-12`);
      // (beside it, that the demo's data ends before December's assessment time)
      const warning = page.locator(byTestId("period-warning")).filter({ hasText: "考核范围" });
      await warning.waitFor({ timeout: T });
      expect(await warning.textContent()).toMatch(
        /^考核范围“本期工单”（本期受理工单）对每个单位都没有工单，而2018年12月受理了 \d+ 件工单：读它的计数 工单数、/,
      );
      // not told to import the month's orders: it has them
      expect(await page.locator("text=本月无工单数据").count()).toBe(0);
      await keepScreenshot(page, { path: `${screenshotDir}/qa-ranking-empty-population.png` });
      // the demo's data ends before December's assessment time: said again where the month is acted on, before
      // opening it to the units and before publishing it
      await page.click(byTestId("open-preview"));
      await page.locator(byTestId("preview-data-before-as-of")).waitFor({ timeout: T });
      await page.keyboard.press("Escape");
      await page.click(byTestId("publish-button"));
      await page.locator(byTestId("publish-data-before-as-of")).filter({ hasText: "（考核时点）" }).waitFor({ timeout: T });
      await page.keyboard.press("Escape");
      // the month under the version in force before: nothing to say
      await page.goto(`${app.url}/ranking/2018-11`);
      await page.locator("text=唐山镇").first().waitFor({ timeout: T });
      await page.waitForLoadState("networkidle");
      expect(await page.locator(byTestId("period-warning")).count()).toBe(0);
    } finally {
      await withdrawRubricVersion(store, draft.id, { actor: "测试准备", reason: "测试完毕" });
    }
  });
});

describe.sequential("a year closed on data that ends before December's assessment time", () => {
  test("the year page and its publish dialog say so, naming December, as the month's do (the year said nothing: a walk), and that the year was never opened", async () => {
    const { page } = app;
    // the demo's data ends on 31 December; December is assessed as of 31 January and averaged into the year
    await page.goto(`${app.url}/year/2018`);
    const warning = page.locator(byTestId("period-warning")).filter({ hasText: "考核时点" });
    await warning.waitFor({ timeout: T });
    expect(await warning.textContent()).toMatch(/早于计入本年度的 2018年12月 的考核时点（2019-01-31 24:00）：该月有 \d+ 件工单在数据中尚未办结/);
    await page.click(byTestId("publish-button"));
    const note = page.locator(byTestId("publish-data-before-as-of"));
    await note.waitFor({ timeout: T });
    expect(await note.textContent()).toContain("数据早于计入本年度的月份的考核时点");
    expect(await note.textContent()).toContain("2018年12月");
    // the year never opened to the units: said, as of a month (it was published without a word of it: a walk)
    expect(await page.locator(byTestId("publish-never-opened")).textContent()).toContain("2018年度没有向各单位开放预览");
    expect(await page.locator(byTestId("confirm-unopened-publish")).count()).toBe(1);
    await keepScreenshot(page, { path: `${screenshotDir}/qa-year-data-before-as-of.png` });
    await page.keyboard.press("Escape");
  });
});

describe.sequential("malformed addresses", () => {
  test("/ranking?month=2018-13 says the month is not valid, as /ranking/2018-13 does; ?month=2018-10 opens that month's address", async () => {
    const { page } = app;
    await page.goto(`${app.url}/ranking?month=2018-13`);
    const bad = page.locator(byTestId("bad-period"));
    await bad.waitFor({ timeout: T });
    expect(await bad.textContent()).toContain("“2018-13”不是有效的月份");
    await page.goto(`${app.url}/ranking?month=2018-10&group=${encodeURIComponent("镇")}`);
    await page.waitForURL((u) => u.pathname === "/ranking/2018-10" && !u.searchParams.has("month") && u.searchParams.get("group") === "镇", { timeout: T });
    await page.goto(`${app.url}/year?year=20188`);
    expect(await page.locator(byTestId("bad-period")).textContent({ timeout: T })).toContain("“20188”不是有效的年度");
  });

  test("a link with a broken escape (/units/%E0%A4, /responses/%E4%B8) is said to be wrong inside the console, its menu kept", async () => {
    const { page } = app;
    for (const path of ["/units/%E0%A4", "/responses/%E4%B8", "/ranking/%E0"]) {
      await page.goto(`${app.url}${path}`);
      const said = page.locator(byTestId("malformed-address"));
      await said.waitFor({ timeout: T });
      expect(await said.textContent()).toContain("地址有误");
      await page.locator(byTestId("menu-ranking")).waitFor({ timeout: T });
    }
    await keepScreenshot(page, { path: `${screenshotDir}/qa-malformed-address.png` });
    await page.click(byTestId("malformed-home"));
    await page.waitForURL((u) => u.pathname.startsWith("/ranking"), { timeout: T });
    await page.locator(byTestId("malformed-address")).waitFor({ state: "detached", timeout: T });
  });
});

describe.sequential("the data page at 1366 px", () => {
  test("导入记录: 操作人 shows the whole 显示名（登录名）, and the name in a tooltip", async () => {
    const who = "考核办（演示）（kaohe）";
    await app.store.prisma.importBatch.updateMany({ data: { createdBy: who } });
    const { page } = app;
    await page.goto(`${app.url}/data`);
    const cell = page.locator(`${byTestId("imports-list")} ${byTestId("batch-created-by")}`).first();
    await cell.waitFor({ timeout: T });
    expect(await cell.textContent()).toBe(who);
    // not cut: the cell holds the name's full width
    const fits = await cell.evaluate((el) => {
      const td = el.closest("td") as HTMLElement;
      const inner = td.querySelector(".ant-table-cell-content") ?? td;
      return { text: el.getBoundingClientRect().width, cell: (inner as HTMLElement).clientWidth, scroll: (inner as HTMLElement).scrollWidth };
    });
    expect(fits.scroll, JSON.stringify(fits)).toBeLessThanOrEqual(fits.cell);
    await keepScreenshot(page, { path: `${screenshotDir}/qa-data-imports.png`, fullPage: true });
    await cell.hover();
    await page.locator(".ant-tooltip:visible", { hasText: who }).waitFor({ timeout: T });
  });
});

describe.sequential("publishing with an objection undecided (last: it publishes 2018-11)", () => {
  test("publishing December while November is still open to the units says the month compares with none until November is published", async () => {
    const { page } = app;
    await page.goto(`${app.url}/ranking/2018-12`);
    await page.locator(byTestId("publish-button")).waitFor({ timeout: T });
    // the page's own queries done (the dialog's notes are read as it opens)
    await page.waitForLoadState("networkidle");
    await page.click(byTestId("publish-button"));
    const dialog = page.locator(".ant-modal-confirm:visible");
    const note = dialog.locator(byTestId("publish-previous-unpublished"));
    await note.waitFor({ timeout: T });
    expect(await note.textContent()).toContain("上月（2018年11月）结果尚未发布（预览）");
    await dialog.getByRole("button", { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: "detached", timeout: T });
    expect(await app.store.prisma.publishedResult.count({ where: { period: "2018-12" } })).toBe(0);
  });

  test("a double click on 发布 opens one confirmation, not two stacked (the second stayed over the month just published)", async () => {
    const { page } = app;
    await page.goto(`${app.url}/ranking/2018-12`);
    await page.locator(byTestId("publish-button")).waitFor({ timeout: T });
    await page.waitForLoadState("networkidle");
    await page.dblclick(byTestId("publish-button"));
    const dialog = page.locator(".ant-modal-confirm:visible");
    await dialog.first().locator(byTestId("publish-confirm-notes")).waitFor({ timeout: T });
    // both clicks' reads of the undecided objections and the explanations done: a second dialog would be open by now
    await page.waitForLoadState("networkidle");
    expect(await dialog.count()).toBe(1);
    await dialog.getByRole("button", { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: "detached", timeout: T });
    // closed, the button asks again
    await page.click(byTestId("publish-button"));
    await dialog.first().locator(byTestId("publish-confirm-notes")).waitFor({ timeout: T });
    expect(await dialog.count()).toBe(1);
    await dialog.getByRole("button", { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: "detached", timeout: T });
    expect(await app.store.prisma.publishedResult.count({ where: { period: "2018-12" } })).toBe(0);
  });

  test("the first dialog lists the undecided objections, and one confirmation publishes", async () => {
    const [order] = await app.store.prisma.order.findMany({
      where: { unit: "HTZ01", receivedAt: { gte: Date.parse("2018-11-01T00:00:00+08:00"), lt: Date.parse("2018-12-01T00:00:00+08:00") } },
      take: 1,
    });
    if (!order) throw new Error("the demo has no November order of 唐山镇");
    const objection = await raiseObjection(app.store, {
      period: "2018-11",
      unitCode: "HTZ01",
      subject: "orders",
      changes: [{ record: "orders", recordId: order.id, field: "delayExcused", to: !order.delayExcused }],
      reason: "延期已经县投诉中心批准",
      files: [],
      actor: `${tangshan.displayName}（${tangshan.username}）`,
    });
    const { page } = app;
    await page.goto(`${app.url}/ranking/2018-11`);
    await page.click(byTestId("publish-button"), { timeout: T });
    const dialog = page.locator(".ant-modal-confirm:visible");
    await dialog.locator(byTestId("undecided-objections")).waitFor({ timeout: T });
    expect(await dialog.textContent()).toContain("2018年11月还有 1 条异议未处理");
    expect(await dialog.locator(byTestId("undecided-objections")).textContent()).toBe(`异议 #${objection.id}（唐山镇）`);
    // the objection period is still said too
    expect(await dialog.locator(byTestId("publish-objections-open")).count()).toBe(1);
    // the dialog come to rest before the picture
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), undefined, { timeout: T });
    await keepScreenshot(page, { path: `${screenshotDir}/qa-publish-undecided.png` });
    // its button within the 768-pixel window, however many notes (仍要发布 was below it: a walk)
    const button = await dialog.locator(byTestId("confirm-undecided-publish")).boundingBox();
    expect((button?.y ?? Number.POSITIVE_INFINITY) + (button?.height ?? 0)).toBeLessThanOrEqual(768);
    await dialog.locator(byTestId("confirm-undecided-publish")).click();
    await expect.poll(() => app.store.prisma.publishedResult.count({ where: { period: "2018-11" } }), { timeout: T }).toBe(1);
    await dialog.waitFor({ state: "detached", timeout: T });
    // no second dialog
    expect(await page.locator(".ant-modal-confirm:visible").count()).toBe(0);
  });
});

describe.sequential("a year published before most of its months were opened", () => {
  test("唐山镇's user reads its year in full: the months it was never shown are named under its monthly scores, not left out unsaid beside a mean of twelve", async () => {
    // the center publishes 2018 with only 10月 and 11月 opened to the units (the publish dialog warns, and allows it)
    await publishPeriod(app.store, "2018", { actor: "测试准备" });
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    await signInContext(context, app.url, tangshan.username, tangshan.password);
    const page = await context.newPage();
    await page.goto(`${app.url}/year/2018`);
    await page.click(byTestId("year-detail-HTZ01"), { timeout: T });
    const scores = page.locator(`${byTestId("year-monthly-scores")} tbody tr.ant-table-row`);
    await scores.first().waitFor({ timeout: T });
    // the year's calculation averages all twelve months; the table lists those opened to the units
    expect(await page.locator(byTestId("year-item-row-投诉件办理月均")).textContent({ timeout: T })).toContain("1月");
    expect(await scores.count()).toBe(2);
    const unshown = page.locator(byTestId("year-monthly-unshown"));
    expect(await unshown.textContent({ timeout: T })).toBe(
      "2018年1月至9月、12月的结果未向各单位开放，这里不列出其名次；年终成绩按计入的全部 12 个月平均，各月得分见上方“年终成绩构成”的计算过程。",
    );
    await keepScreenshot(page, { path: `${screenshotDir}/qa-unit-year-unshown-months.png` });
  });
});

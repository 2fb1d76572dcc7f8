/**
 * The units' workflow, walked in a real browser by the people who do it
 * (办法五 书面说明, 办法六（三）异议): the center opens March 2018 to the units;
 * 甲镇's user sees that the town owes a written explanation for its overdue
 * order, writes it with a PDF attached, and objects to the order being counted
 * overdue (超期说明已认可); the center previews what accepting would do and
 * accepts; 甲镇 moves from second to first, the month is published citing the
 * objection, and 甲镇's user reads the decision and finds the order marked
 * 已更正 in its drill-down.
 *
 * The month (2017 rubric, rules/huantai/2017.kh; 投诉件办理 = 十个新突破 30 + 按期办结 20
 * + 退回重办 20 + 满意率 20 + 办结率 10; no 回访 → 满意率 counts 1, no events → 十个新突破 30):
 * - 甲镇 (T1), 4 orders, HT-A3 closed two days after its deadline (超期件数 1):
 *     按期办结 20 × (1 − 1/4) = 15, 办结率 10 × 3/4 = 7.5 → 92.50, and it owes 书面说明
 * - 乙镇 (T2), 4 orders on time, HT-B2 returned once (重办件数 1):
 *     退回重办 20 × (1 − 1/4) = 15 → 95.00
 * - 丙镇 (T3), 2 orders on time, HT-C2 returned once: 退回重办 20 × (1 − 1/2) = 10 → 90.00
 * so the towns rank 乙镇 1, 甲镇 2, 丙镇 3. With HT-A3's 超期说明已认可 = 是, 甲镇 has no overdue
 * order: 按期办结 20, 办结率 10 → 100.00 (+7.50), first; 乙镇 keeps 95.00 and falls to second;
 * 丙镇 keeps 90.00 and third (not among the units that move).
 *
 * Screenshots go to screenshots/ (git-ignored); the key ones (the unit's 说明与异议 page, the effect on the
 * review page, the drill-down with the correction) are refreshed in docs/screenshots/ (committed) when run with
 * KAOHE_DOCS_SCREENSHOTS=1, so that an ordinary run leaves the working tree as it was.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFiles } from "@kaohe/db";
import { createUser, decideObjection, raiseObjection } from "@kaohe/services";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, E2E_PASSWORD, keepScreenshot, root, screenshotDir, signInPage, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

const PERIOD = "2018-03";
const UNIT_USER = "js-jia";
const docsDir = join(root, "docs/screenshots");
const refreshDocs = Boolean(process.env.KAOHE_DOCS_SCREENSHOTS);
/** Generous for a busy 2-core machine, but finite. */
const T = 45_000;

let app: App;
explainFailures(() => app);
let unitPage: Page;
const contexts: BrowserContext[] = [];
const unitErrors: string[] = [];
const byTestId = (id: string) => `[data-testid="${id}"]`;

/** The browser's Back with unsaved work on the page: the console asks first (`asks`), and the user stays on the page. */
async function backAsksToStay(page: Page, asks: string): Promise<void> {
  await page.evaluate(() => history.back());
  const leave = page.locator(".ant-modal-confirm:visible", { hasText: asks });
  await leave.waitFor({ timeout: T });
  await leave.locator(".ant-btn:not(.ant-btn-dangerous)").click();
  await leave.waitFor({ state: "hidden", timeout: T });
  expect(new URL(page.url()).pathname).toBe(`/responses/${PERIOD}`);
}

/** The month's files: the three towns above. */
function writeFiles(dir: string): string[] {
  const units = ["单位编码,单位名称,类别", "T1,甲镇,镇", "T2,乙镇,镇", "T3,丙镇,镇"];
  const header = "工单编号,承办单位,来源,诉求类型,受理时间,办理时限,办结时间,退回重办次数,已回访,过程满意度,结果满意度";
  const onTime = (id: string, unit: string, day: number, redo = 0) =>
    `${id},${unit},县中心,投诉,2018-03-${String(day).padStart(2, "0")} 09:00,2018-03-${String(day + 5).padStart(2, "0")},2018-03-${String(day + 2).padStart(2, "0")} 16:00,${redo},否,,`;
  const orders = [
    header,
    onTime("HT-A1", "甲镇", 2),
    onTime("HT-A2", "甲镇", 5),
    // due 03-13, closed 03-15: overdue
    "HT-A3,甲镇,县中心,投诉,2018-03-08 09:00,2018-03-13,2018-03-15 10:00,0,否,,",
    onTime("HT-A4", "甲镇", 11),
    onTime("HT-B1", "乙镇", 2),
    onTime("HT-B2", "乙镇", 5, 1),
    onTime("HT-B3", "乙镇", 8),
    onTime("HT-B4", "乙镇", 11),
    onTime("HT-C1", "丙镇", 3),
    onTime("HT-C2", "丙镇", 6, 1),
  ];
  return Object.entries({ "units.csv": units, "orders.csv": orders }).map(([name, lines]) => {
    const path = join(dir, name);
    writeFileSync(path, `\uFEFF${lines.join("\n")}\n`);
    return path;
  });
}

/** A small, valid one-page PDF (its cross-reference table at the right offsets). */
function writePdf(path: string): string {
  const stream = "BT /F1 18 Tf 72 720 Td (Jiazhen HT-A3 written explanation) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  writeFileSync(path, pdf, "latin1");
  return path;
}

/** Wait until the page is still: no skeleton or loading spinner, no finite animation (a drawer sliding, a row expanding) running. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector(".ant-skeleton-active, .ant-spin-spinning, .ant-table-placeholder .ant-spin") &&
      document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
    undefined,
    { timeout: T },
  );
}

interface ShotOptions {
  /** the viewport only (a drawer or a dialog open: they do not stretch with the page) */
  viewport?: boolean;
  /** also into docs/screenshots/ (KAOHE_DOCS_SCREENSHOTS=1): the viewport (1366×768) with this element scrolled to its top (or its end) */
  docs?: Locator;
  block?: "start" | "end";
}

/** The page into screenshots/<name>.png (the whole page unless `viewport`); with `docs`, into docs/screenshots/ too. */
async function shot(page: Page, name: string, options: ShotOptions = {}): Promise<void> {
  await settled(page);
  await keepScreenshot(page, { path: join(screenshotDir, `${name}.png`), fullPage: !options.viewport });
  if (options.docs && refreshDocs) {
    // no passing message over what the picture is of
    await page.locator(".ant-message-notice").first().waitFor({ state: "detached", timeout: T });
    await options.docs.evaluate((el, block) => {
      el.scrollIntoView({ block });
      // a little of what is above it
      if (block === "start") for (let p = el.parentElement; p; p = p.parentElement) if (p.scrollTop > 0 || p === document.scrollingElement) p.scrollTop -= 16;
    }, options.block ?? "start");
    await settled(page);
    await keepScreenshot(page, { path: join(docsDir, `${name}.png`) });
  }
}

/** The primary button of the confirmation dialog now open (modal.confirm). */
const confirmOk = (page: Page) => page.locator(".ant-modal-confirm:visible .ant-modal-confirm-btns .ant-btn-primary");

/** An objection of 乙镇's to one order, as a unit's raise stores it, opened in the center's drawer. */
async function openB2Objection(change: { record: "orders"; recordId: string; field: string; to: number }, reason: string) {
  const { page } = app;
  const o = await app.store.prisma.objection.create({
    data: { period: PERIOD, unitCode: "T2", subject: "orders", proposed: [change], reason, status: "open", raisedBy: "乙镇联络员" },
  });
  await page.goto(`${app.url}/review/${PERIOD}`);
  await page.click(byTestId(`objection-open-${o.id}`));
  const drawer = page.locator(byTestId("objection-drawer"));
  await drawer.waitFor({ timeout: T });
  return { o, drawer };
}

beforeAll(async () => {
  app = await startApp();
  if (refreshDocs) mkdirSync(docsDir, { recursive: true });
  const dir = mkdtempSync(join("/tmp", "kaohe-e2e-objections-"));
  const imported = await importFiles(
    app.store,
    writeFiles(dir).map((path) => ({ path })),
    { actor: "测试准备" },
  );
  expect(imported.ok ? null : imported.problems.slice(0, 3)).toBeNull();
  await createUser(app.store, { username: UNIT_USER, displayName: "甲镇李干事", role: "unit", unitCode: "T1", password: E2E_PASSWORD }, "测试准备");
}, 300_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await app?.close();
  expect(unitErrors).toEqual([]);
});

describe.sequential("书面说明与异议 / a unit explains and objects, the center decides", () => {
  test("before: the ranking as worked out by hand, 甲镇 marked 书面说明", async () => {
    const { page } = app;
    await page.goto(`${app.url}/ranking/${PERIOD}`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: T });
    const rows = await page.$$eval('[data-testid^="rank-row-T"]', (els) => els.map((e) => e.getAttribute("data-testid")));
    expect(rows).toEqual(["rank-row-T2", "rank-row-T1", "rank-row-T3"]);
    expect(await page.textContent(byTestId("rank-row-T2"))).toContain("95.00");
    expect(await page.textContent(byTestId("rank-row-T1"))).toContain("92.50");
    expect(await page.textContent(byTestId("rank-row-T3"))).toContain("90.00");
    await page.locator(`${byTestId("rank-row-T1")} ${byTestId("sanction-书面说明")}`).waitFor({ timeout: T });
    await expect.poll(() => page.textContent(byTestId("cycle-summary")), { timeout: T }).toContain("未开放");
    await shot(page, "objections-1-ranking-before");
  });

  test("opening a month with no orders yet (one after the latest data) is said to be impossible, its OK greyed; a month not begun is not offered", async () => {
    const { page } = app;
    // a month not begun (2099-01) has nothing to open: not offered, said why
    await page.goto(`${app.url}/review/2099-01`);
    await page.locator(byTestId("not-begun-notice")).first().waitFor({ timeout: T });
    expect(await page.locator(byTestId("open-preview")).count()).toBe(0);
    // one begun, with no orders (September 2018: the data ends in March)
    await page.goto(`${app.url}/review/2018-09`);
    await page.click(byTestId("open-preview"), { timeout: T });
    await page.waitForSelector(byTestId("preview-no-data"), { timeout: T });
    expect(await page.textContent(byTestId("preview-no-data"))).toContain("2018年9月还没有工单数据（最近有数据的月份是2018年3月），不能向各单位开放");
    // the server refuses such a month: nothing to confirm
    expect(await page.locator(".ant-modal:visible .ant-modal-footer .ant-btn-primary").isDisabled()).toBe(true);
    await page.click(".ant-modal:visible .ant-modal-footer .ant-btn:not(.ant-btn-primary)");
    expect(await app.store.prisma.assessmentCycle.count({ where: { period: "2018-09" } })).toBe(0);
    await page.goto(`${app.url}/ranking/${PERIOD}`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: T });
  });

  test("a month opened by mistake (the one before) is taken back with the reason, before any unit has acted on it", async () => {
    const { page } = app;
    // February has an order (丙镇's, received and closed in it): a month without any is 无数据, never opened to the units
    const february = join(mkdtempSync(join("/tmp", "kaohe-e2e-objections-feb-")), "orders-2018-02.csv");
    writeFileSync(
      february,
      "\uFEFF工单编号,承办单位,来源,诉求类型,受理时间,办理时限,办结时间,退回重办次数,已回访,过程满意度,结果满意度\nHT-F1,丙镇,县中心,投诉,2018-02-05 09:00,2018-02-12,2018-02-07 16:00,0,否,,\n",
    );
    const imported = await importFiles(app.store, [{ path: february, kind: "orders" }], { actor: "测试准备" });
    expect(imported.ok ? null : imported.problems.slice(0, 3)).toBeNull();
    await page.goto(`${app.url}/review/2018-02`);
    await page.click(byTestId("open-preview"), { timeout: T });
    const opening = page.locator(".ant-modal:visible", { hasText: "向各单位开放" });
    await opening.locator(".ant-modal-footer .ant-btn-primary").click();
    await opening.waitFor({ state: "hidden", timeout: T });
    await page.locator(`${byTestId("cycle-card")} ${byTestId("cycle-stage")}`, { hasText: "预览" }).waitFor({ timeout: T });
    await page.click(byTestId("withdraw-preview"));
    const dialog = page.locator(".ant-modal:visible", { hasText: "撤回2018年2月的开放" });
    await dialog.waitFor({ timeout: T });
    // the reason is asked for, and nothing is taken back without it
    await dialog.locator(".ant-modal-footer .ant-btn-primary").click();
    await dialog.locator(".ant-form-item-explain-error", { hasText: "请填写撤回开放的原因" }).waitFor({ timeout: T });
    await dialog.locator(byTestId("withdraw-preview-reason")).fill("选错了月份，应开放 3 月");
    await shot(page, "objections-1b-withdraw-preview", { viewport: true });
    await dialog.locator(".ant-modal-footer .ant-btn-primary").click();
    await dialog.waitFor({ state: "hidden", timeout: T });
    await page.locator(`${byTestId("cycle-card")} ${byTestId("cycle-stage")}`, { hasText: "未开放" }).waitFor({ timeout: T });
    expect(await app.store.prisma.assessmentCycle.count({ where: { period: "2018-02" } })).toBe(0);
    const audit = await app.store.prisma.auditLog.findFirst({ where: { action: "cycle.withdraw", entityId: "2018-02" } });
    expect(audit?.detail).toMatchObject({ reason: "选错了月份，应开放 3 月" });
    // February's order goes again: March is the one month the year counts below
    await app.store.prisma.order.delete({ where: { id: "HT-F1" } });
    await page.goto(`${app.url}/ranking/${PERIOD}`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: T });
  });

  test("the center opens the month to the units (开放预览) from the ranking page", async () => {
    const { page } = app;
    await page.click(`${byTestId("cycle-summary")} ${byTestId("open-preview")}`);
    const dialog = page.locator(".ant-modal:visible", { hasText: "向各单位开放" });
    await dialog.waitFor({ timeout: T });
    expect(await dialog.textContent()).toContain("异议期限（工作日）");
    // 0 working days is said to be wrong, not turned into 1 unsaid; nothing is opened
    await dialog.locator(byTestId("objection-days")).fill("0");
    await dialog.locator(".ant-modal-footer .ant-btn-primary").click();
    await dialog.locator(".ant-form-item-explain-error", { hasText: "异议期限应为 1 至 30 个工作日（整数）" }).waitFor({ timeout: T });
    expect(await app.store.prisma.assessmentCycle.count({ where: { period: PERIOD } })).toBe(0);
    await dialog.locator(byTestId("objection-days")).fill("5");
    await dialog.locator(".ant-modal-footer .ant-btn-primary").click();
    await dialog.waitFor({ state: "hidden", timeout: T });
    await page.locator(`${byTestId("cycle-summary")} ${byTestId("cycle-stage")}`, { hasText: "预览" }).waitFor({ timeout: T });
    // the center's summary now leads to the review page: one explanation owed, no objection yet
    await page.locator(byTestId("review-link"), { hasText: "待处理异议 0 条" }).waitFor({ timeout: T });
    await expect.poll(() => page.textContent(byTestId("review-link")), { timeout: T }).toContain("待交或待阅书面说明 1 份");
    await shot(page, "objections-2-preview-opened");
  });

  test("甲镇's user is told of the explanation owed (超期件数 1), writes it with a PDF, and submits it", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    unitPage = await context.newPage();
    unitPage.on("pageerror", (e) => unitErrors.push(String(e)));
    const page = unitPage;
    await signInPage(page, app.url, UNIT_USER);
    // home is the unit's own page, of the month just opened to the units
    await page.waitForURL((u) => u.pathname === "/units/T1" && u.searchParams.get("period") === PERIOD, { timeout: T });
    expect(await page.textContent(byTestId("unit-score"))).toContain("92.50");
    // the menu offers 说明与异议, the bell two things: the month opened (until when to object), and one thing to do
    await page.waitForSelector(byTestId("menu-responses"), { timeout: T });
    await expect.poll(() => page.locator(`${byTestId("inbox-count")} .ant-badge-count`).getAttribute("title"), { timeout: T }).toBe("2");
    await page.click(byTestId("inbox-button"));
    const opened = page.locator(`${byTestId("inbox-items")} li`, { hasText: "结果预览" });
    await opened.waitFor({ timeout: T });
    expect(await opened.textContent()).toMatch(/2018年3月考核结果已开放预览：请核对本单位的得分与名次；如有异议，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前提出/);
    // the opening is news: seen once the list is open, the badge counts the explanation owed only
    await expect.poll(() => page.locator(`${byTestId("inbox-count")} .ant-badge-count`).getAttribute("title"), { timeout: T }).toBe("1");
    const owed = page.locator(`${byTestId("inbox-items")} li`, { hasText: "待交说明" });
    await owed.waitFor({ timeout: T });
    expect(await owed.textContent()).toContain("2018年3月须提交书面说明（超期件数 1）");
    await shot(page, "objections-3-unit-inbox-owed", { viewport: true });
    await owed.locator("a").click();
    await page.waitForURL((u) => u.pathname === `/responses/${PERIOD}`, { timeout: T });

    // the page says why: the sanction and its count, the score and the rank
    const card = page.locator(byTestId("explanation-card"));
    await card.locator(byTestId("duty-reasons")).waitFor({ timeout: T });
    expect(await card.locator(byTestId("duty-reasons")).textContent()).toContain("须书面说明情况");
    expect(await card.locator(byTestId("because-超期件数")).textContent()).toMatch(/超期件数\s*1/);
    expect(await card.locator(byTestId("explanation-state")).textContent()).toBe("待提交");
    await page.locator(byTestId("responses-unit-score"), { hasText: "92.50" }).waitFor({ timeout: T });
    expect(await page.textContent(byTestId("responses-unit-rank"))).toMatch(/镇\s*第\s*2\s*\/\s*3\s*名/);
    await shot(page, "objections-3-unit-owes-explanation");

    // an objection half written while the explanation is still to write (both forms on the page, each with its guard):
    // the browser's Back asks for the objection; the console had consulted only the guard registered last
    await page.click(byTestId("raise-objection"));
    const drawer = page.locator(".ant-drawer-content-wrapper:visible", { has: page.locator(byTestId("objection-form")) });
    await drawer.locator(`${byTestId("objection-form")} textarea`).fill("HT-A3 的超期说明已经认可。");
    await backAsksToStay(page, "有未提交的异议");
    // the drawer closed keeps the reason to take up again: leaving the page still asks (it did not)
    await drawer.locator(".ant-drawer-footer .ant-btn", { hasText: "取消" }).click();
    await drawer.waitFor({ state: "hidden", timeout: T });
    await backAsksToStay(page, "有未提交的异议");
    await page.click(byTestId("raise-objection"));
    expect(await drawer.locator(`${byTestId("objection-form")} textarea`).inputValue()).toBe("HT-A3 的超期说明已经认可。");
    await drawer.locator(`${byTestId("objection-form")} textarea`).fill("");
    await drawer.locator(".ant-drawer-footer .ant-btn", { hasText: "取消" }).click();
    await drawer.waitFor({ state: "hidden", timeout: T });

    // write it, attach a real PDF (uploaded at once), submit
    const form = card.locator(byTestId("explanation-form"));
    // a text over the server's 20,000 characters (a report pasted whole) is refused in the form, before anything is sent
    let sent = 0;
    const count = (r: { url(): string }) => {
      if (r.url().includes("explanations.submit")) sent++;
    };
    page.on("request", count);
    await form.locator("textarea").fill("汛期道路抢修说明。".repeat(2223));
    await form.locator(byTestId("explanation-submit")).click();
    await form.locator(".ant-form-item-explain-error", { hasText: "书面说明最多 20000 字" }).waitFor({ timeout: T });
    page.off("request", count);
    expect(sent).toBe(0);
    await form
      .locator("textarea")
      .fill("3 月 HT-A3 工单超期 2 天办结，原因是汛期道路抢修占用施工队伍；已调整派工制度，重大工单由分管领导每日调度，确保按期办结。");
    // half written, another page is not opened without asking (the page's objection drawer guards its own form too:
    // the console keeps one navigation guard for both), and staying keeps the text
    await page.click(byTestId("menu-ranking"));
    const leave = page.locator(".ant-modal-confirm:visible", { hasText: "有未提交的书面说明" });
    await leave.waitFor({ timeout: T });
    await leave.locator(".ant-btn:not(.ant-btn-dangerous)").click();
    await leave.waitFor({ state: "hidden", timeout: T });
    expect(new URL(page.url()).pathname).toBe(`/responses/${PERIOD}`);
    expect(await form.locator("textarea").inputValue()).toContain("汛期道路抢修");
    const pdf = writePdf(join(mkdtempSync(join("/tmp", "kaohe-e2e-pdf-")), "甲镇超期说明.pdf"));
    await form.locator('input[type="file"]').setInputFiles(pdf);
    await form.locator(`${byTestId("attachment-uploads")} li`, { hasText: "已上传" }).waitFor({ timeout: T });
    expect(await form.locator(byTestId("attachment-uploads")).textContent()).toContain("甲镇超期说明.pdf");
    await form.locator(byTestId("explanation-submit")).click();
    await card.locator(byTestId("explanation-submitted")).waitFor({ timeout: T });
    await card.locator(byTestId("explanation-state"), { hasText: "已提交" }).waitFor({ timeout: T });
    expect(await card.locator(byTestId("explanation-text")).textContent()).toContain("汛期道路抢修");
    const link = card.locator(`${byTestId("attachment-links")} a`);
    expect(await link.textContent()).toContain("甲镇超期说明.pdf");
    // the stored attachment is the PDF uploaded
    const href = await link.getAttribute("href");
    const bytes = await page.evaluate(async (h) => {
      const r = await fetch(h ?? "");
      return { type: r.headers.get("content-type"), head: (await r.text()).slice(0, 8) };
    }, href);
    expect(bytes).toEqual({ type: expect.stringContaining("application/pdf"), head: "%PDF-1.4" });
    // nothing is owed any more
    await expect.poll(async () => (await page.locator(`${byTestId("inbox-count")} .ant-badge-count`).count()) === 0, { timeout: T }).toBe(true);
    await shot(page, "objections-3-unit-explanation-submitted", { docs: card });

    // revised: the PDF submitted replaced by a corrected one — the first unticked, the second uploaded; the first is gone
    await card.locator(byTestId("explanation-revise")).click();
    const keep = form.locator(byTestId("explanation-keep"));
    await keep.waitFor({ timeout: T });
    await keep.locator(".ant-checkbox-wrapper", { hasText: "甲镇超期说明.pdf" }).click();
    const corrected = writePdf(join(mkdtempSync(join("/tmp", "kaohe-e2e-pdf-")), "甲镇超期说明（更正）.pdf"));
    await form.locator('input[type="file"]').setInputFiles(corrected);
    await form.locator(`${byTestId("attachment-uploads")} li`, { hasText: "已上传" }).waitFor({ timeout: T });
    await shot(page, "objections-3-unit-explanation-revising");
    await form.locator(byTestId("explanation-submit")).click();
    await card.locator(byTestId("explanation-submitted")).waitFor({ timeout: T });
    await expect
      .poll(() => card.locator(`${byTestId("attachment-links")} a`).allTextContents(), { timeout: T })
      .toEqual([expect.stringContaining("甲镇超期说明（更正）.pdf")]);
    const stored = await app.store.prisma.attachment.findMany({ where: { ownerType: "explanation" }, select: { fileName: true } });
    expect(stored.map((a) => a.fileName)).toEqual(["甲镇超期说明（更正）.pdf"]);
  });

  test("from the orders behind a deduction (查看工单), 甲镇's user objects to HT-A3: the form opens with it chosen", async () => {
    const page = unitPage;
    await page.goto(`${app.url}/units/T1?period=${PERIOD}`);
    const item = byTestId("unit-item-row-按期办结");
    await page.waitForSelector(item, { timeout: T });
    await page.click(`${item} .ant-table-row-expand-icon`);
    await page.click(byTestId("drill-超期件数"));
    const action = page.locator(`${byTestId("drilldown-table")} ${byTestId("drill-object-HT-A3")}`);
    await action.waitFor({ timeout: T });
    expect(await action.textContent()).toBe("提出异议");
    // one order behind 超期件数 1: one row, one action
    expect(await page.locator(`${byTestId("drilldown-table")} [data-testid^="drill-object-"]`).count()).toBe(1);
    // the record's number and count in the address, encoded (a number may hold any character)
    expect(await action.getAttribute("href")).toBe(`/responses/${PERIOD}?object=orders%3AHT-A3&measure=%E8%B6%85%E6%9C%9F%E4%BB%B6%E6%95%B0`);
    await shot(page, "objections-4-unit-drilldown-object", { viewport: true });
    await action.click();
    await page.waitForURL((u) => u.pathname === `/responses/${PERIOD}`, { timeout: T });
    const drawer = page.locator(".ant-drawer-content-wrapper:visible", { has: page.locator(byTestId("objection-form")) });
    await drawer.waitFor({ timeout: T });
    const selected = drawer.locator(byTestId("picker-selected"));
    await selected.filter({ hasText: "已选 1 个工单" }).waitFor({ timeout: T });
    expect(await selected.textContent()).toContain("HT-A3");
    expect(await drawer.locator(".ant-radio-button-wrapper-checked").textContent()).toBe("工单");
    // listed under the count it was chosen from, ticked
    expect(await drawer.locator(byTestId("picker-measure")).textContent()).toContain("超期件数（1）");
    const box = drawer.locator(`${byTestId("picker-table")} tr[data-row-key="HT-A3"] input[type="checkbox"]`);
    await expect.poll(() => box.isChecked(), { timeout: T }).toBe(true);
    // taken from the address once: a reload does not open the form again
    expect(new URL(page.url()).search).toBe("");
    await shot(page, "objections-4-unit-objection-chosen", { viewport: true });
    // left as it was for the objection below: nothing chosen, the drawer closed
    await box.uncheck();
    await selected.filter({ hasText: "已选 0 个工单" }).waitFor({ timeout: T });
    await drawer.locator(".ant-drawer-footer .ant-btn", { hasText: "取消" }).click();
    await drawer.waitFor({ state: "hidden", timeout: T });

    // an order not the unit's (乙镇's HT-B2), a count not the rubric's, an address mangled: the form opens, nothing chosen
    for (const query of [
      `object=${encodeURIComponent("orders:HT-B2")}&measure=${encodeURIComponent("超期件数")}`,
      `object=${encodeURIComponent("orders:HT-A3")}&measure=${encodeURIComponent("无此计数")}`,
      "object=HT-A3",
      "object=orders%3A&measure=x",
    ]) {
      await page.goto(`${app.url}/responses/${PERIOD}?${query}`);
      await drawer.waitFor({ timeout: T });
      await settled(page);
      expect(await selected.textContent(), query).toContain("已选 0 个工单");
      expect(await page.locator(".ant-message-error").count(), query).toBe(0);
      await drawer.locator(".ant-drawer-footer .ant-btn", { hasText: "取消" }).click();
      await drawer.waitFor({ state: "hidden", timeout: T });
    }
    // back on 说明与异议 from the unit's page, within the console (as the objection below is written from)
    await page.goto(`${app.url}/units/T1?period=${PERIOD}`);
    await page.click(byTestId("menu-responses"));
    await page.waitForURL((u) => u.pathname === `/responses/${PERIOD}`, { timeout: T });
    await page.waitForSelector(byTestId("raise-objection"), { timeout: T });
  });

  test("甲镇's user objects to HT-A3 being counted overdue (超期说明已认可), with a reason", async () => {
    const page = unitPage;
    await page.click(byTestId("raise-objection"));
    const drawer = page.locator(".ant-drawer-content-wrapper:visible", { has: page.locator(byTestId("objection-form")) });
    await drawer.waitFor({ timeout: T });
    // the picker lists the orders behind the explanation owed first: 超期件数, with HT-A3
    expect(await drawer.locator(byTestId("picker-measure")).textContent()).toContain("超期件数（1）");
    const row = drawer.locator(`${byTestId("picker-table")} tr[data-row-key="HT-A3"]`);
    await row.waitFor({ timeout: T });
    expect(await row.textContent()).toContain("超期办结");
    // its deadline as the record list writes it: the day, which it ends (2018-03-13 23:59 beside 2018-03-13: a walk)
    expect(await row.textContent()).toContain("2018-03-13");
    expect(await row.textContent()).not.toContain("23:59");
    await row.locator('input[type="checkbox"]').check();
    await drawer.locator(byTestId("picker-selected"), { hasText: "已选 1 个工单" }).waitFor({ timeout: T });
    await drawer.locator(".ant-radio-wrapper", { hasText: "超期说明已认可" }).click();
    await drawer.getByText("将“超期说明已认可”改为“是”").waitFor({ timeout: T });
    await drawer
      .locator(`${byTestId("objection-form")} textarea`)
      .fill("HT-A3 超期系汛期道路抢修所致，超期说明已于 3 月 16 日报县投诉中心并经认可（见书面说明），不应计为超期件。");
    // the browser's Back with the objection half written asks first; staying keeps what was written
    await backAsksToStay(page, "有未提交的异议");
    expect(await drawer.locator(`${byTestId("objection-form")} textarea`).inputValue()).toContain("汛期道路抢修");
    // four files chosen at once: the server takes two of a user's at a time, the form sends them in turn, all arrive
    const dir = mkdtempSync(join("/tmp", "kaohe-e2e-pdf-"));
    const pdfs = ["认可记录一.pdf", "认可记录二.pdf", "认可记录三.pdf", "认可记录四.pdf"].map((name) => writePdf(join(dir, name)));
    await drawer.locator(`${byTestId("objection-form")} input[type="file"]`).setInputFiles(pdfs);
    await expect.poll(() => drawer.locator(`${byTestId("attachment-uploads")} li`, { hasText: "已上传" }).count(), { timeout: T }).toBe(4);
    expect(await drawer.locator(`${byTestId("attachment-uploads")} li`, { hasText: /失败|过多/ }).count()).toBe(0);
    await shot(page, "objections-4-unit-objection-form", { viewport: true });
    // half written, it is not lost to a reload without the browser asking first (as a written explanation is not)
    const reloadAsks = () =>
      page.evaluate(() => {
        const e = new Event("beforeunload", { cancelable: true });
        window.dispatchEvent(e);
        return e.defaultPrevented;
      });
    expect(await reloadAsks()).toBe(true);
    await drawer.locator(byTestId("objection-submit")).click();
    await drawer.waitFor({ state: "hidden", timeout: T });
    // submitted: nothing is left to lose
    expect(await reloadAsks()).toBe(false);
    const table = page.locator(byTestId("objections-table"));
    const raised = table.locator('tr[data-row-key="1"]');
    await raised.waitFor({ timeout: T });
    expect(await raised.textContent()).toContain("#1");
    expect(await raised.textContent()).toContain("HT-A3");
    expect(await raised.locator(byTestId("objection-status")).textContent()).toBe("待处理");
    expect(await app.store.prisma.attachment.count({ where: { ownerType: "objection", ownerId: 1 } })).toBe(4);
    await shot(page, "objections-4-unit-objection-raised");
  });

  test("on a phone (390 px) an approved extension's date and time are picked apart, each within the screen", async () => {
    // antd's date-and-time panel is 400 px wide: it ran off the phone's screen, its minutes and 确定 out of reach
    const phone = await unitPage.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    try {
      await phone.goto(`${app.url}/responses/${PERIOD}`);
      // the unit's objections are blocks within the screen, not a table running off it (the center's reply was cut)
      const objections = phone.locator(`${byTestId("objections-card")} [data-testid^="objection-block-"]`);
      await objections.first().waitFor({ timeout: T });
      expect(await phone.locator(`${byTestId("objections-card")} .ant-table`).count()).toBe(0);
      for (const box of await objections.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(390);
      await phone.click(byTestId("raise-objection"));
      const drawer = phone.locator(".ant-drawer-content-wrapper:visible", { has: phone.locator(byTestId("objection-form")) });
      await drawer.waitFor({ timeout: T });
      const row = drawer.locator(`${byTestId("picker-table")} tr[data-row-key="HT-A3"]`);
      await row.waitFor({ timeout: T });
      // objected to already (#1, undecided): said on its row, still to be chosen for another field
      expect(await row.locator(byTestId("pending-objection")).textContent({ timeout: T })).toBe("已有待处理的异议 #1");
      await row.locator('input[type="checkbox"]').check();
      await drawer.locator(".ant-radio-wrapper", { hasText: "已批准延期" }).click();
      const fits = async () => {
        const popup = phone.locator(".ant-picker-dropdown:visible .ant-picker-panel-container");
        await popup.waitFor({ timeout: T });
        const box = await popup.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box)).toBe(true);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      };
      await drawer.locator(`${byTestId("date-time-day")}`).click();
      await fits();
      await phone.locator(".ant-picker-dropdown:visible td[title='2018-03-20']").click();
      await drawer.locator(`${byTestId("date-time-time")}`).click();
      await fits();
      // a column scrolls its chosen cell into view as it opens (17 by default): a click while it moves can land on the
      // cell that was under the pointer, not the one meant (09 came out 17 on a loaded machine), so pick until chosen
      const pick = async (column: number, text: string) => {
        const cell = phone.locator(".ant-picker-dropdown:visible .ant-picker-time-panel-column").nth(column).locator("li", { hasText: text });
        await expect
          .poll(
            async () => {
              await cell.click();
              return (await cell.getAttribute("class")) ?? "";
            },
            { timeout: T },
          )
          .toContain("ant-picker-time-panel-cell-selected");
      };
      await pick(0, "09");
      await pick(1, "15");
      await phone.locator(".ant-picker-dropdown:visible .ant-picker-ok button").click();
      // the day and the time together are the field's value: what the form would send
      // (antd puts a picker's data-testid on its input)
      const input = (id: string) => drawer.locator(`input${byTestId(id)}, ${byTestId(id)} input`);
      expect(await input("date-time-day").inputValue()).toBe("2018-03-20");
      expect(await input("date-time-time").inputValue()).toBe("09:15");
      await shot(phone, "objections-4-phone-extension", { viewport: true });
    } finally {
      await phone.close({ runBeforeUnload: false });
    }
  });

  test("甲镇's user takes back an objection raised in error: asked first, then 已撤回, its attachment gone, nothing left for the center", async () => {
    const page = unitPage;
    const mistaken = await raiseObjection(app.store, {
      period: PERIOD,
      unitCode: "T1",
      subject: "other",
      changes: [],
      reason: "误将乙镇的情况说明作为本镇异议提交。",
      files: [{ fileName: "乙镇说明.pdf", mediaType: "application/pdf", content: new TextEncoder().encode("%PDF-1.4 mistaken") }],
      actor: "甲镇李干事（js-jia）",
    });
    await page.goto(`${app.url}/responses/${PERIOD}`);
    await page.click(byTestId(`withdraw-objection-${mistaken.id}`));
    // the browser asks for less motion (support/app.ts): the confirmation is there at once, not zooming in. Asked of its
    // animation's length, not of antd's zoom classes: those come and go within a frame even with no motion (checked
    // right after the click, 1 run in 5 saw them: a flaky test)
    const motion = await page.evaluate(() =>
      [...document.querySelectorAll('[class*="-zoom-"]')].map((el) => getComputedStyle(el).animationDuration).filter((d) => d !== "0s"),
    );
    expect(motion).toEqual([]);
    const confirm = page.locator(".ant-modal-confirm:visible", { hasText: `撤回异议 #${mistaken.id}？` });
    await confirm.waitFor({ timeout: T });
    expect(await confirm.textContent()).toContain("它的 1 个附件一并删除");
    await page.click(byTestId(`withdraw-confirm-${mistaken.id}`));
    const row = page.locator(`${byTestId("objections-table")} tr[data-row-key="${mistaken.id}"]`);
    await row.locator(byTestId("objection-status"), { hasText: "已撤回" }).waitFor({ timeout: T });
    expect(await row.locator(byTestId(`objection-withdrawn-${mistaken.id}`)).textContent()).toMatch(
      /^甲镇李干事（js-jia） 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 撤回$/,
    );
    expect(await row.locator(byTestId(`withdraw-objection-${mistaken.id}`)).count()).toBe(0);
    // the first objection is still there, undecided, with its withdraw button
    expect(await page.locator(byTestId("withdraw-objection-1")).count()).toBe(1);
    expect(await app.store.prisma.attachment.count({ where: { ownerType: "objection", ownerId: mistaken.id } })).toBe(0);
    await shot(page, "objections-4-unit-objection-withdrawn");
  });

  test("objections decided while 甲镇's page is open: a refused 撤回, and the bell's news, show the decision without a reload", async () => {
    const page = unitPage;
    const raise = (reason: string) =>
      raiseObjection(app.store, { period: PERIOD, unitCode: "T1", subject: "other", changes: [], reason, files: [], actor: "甲镇李干事（js-jia）" });
    const [late, other] = [await raise("补充说明一（稍后撤回）。"), await raise("补充说明二。")];
    await page.goto(`${app.url}/responses/${PERIOD}`);
    await page.locator(byTestId(`withdraw-objection-${late.id}`)).waitFor({ timeout: T });
    const reject = (id: number) => decideObjection(app.store, id, { accept: false, decision: `异议 #${id} 不予采纳。`, actor: "考核办" });
    // decided meanwhile: 撤回 is refused (409), and the row shows the decision (it stayed 待处理 with its 撤回)
    await reject(late.id);
    await page.click(byTestId(`withdraw-objection-${late.id}`));
    await page.click(byTestId(`withdraw-confirm-${late.id}`));
    await page.locator(byTestId(`objection-decision-${late.id}`)).waitFor({ timeout: T });
    expect(await page.locator(byTestId(`withdraw-objection-${late.id}`)).count()).toBe(0);
    // decided meanwhile, the bell read (opened here, as its poll does every 30 s): the row shows the decision
    await reject(other.id);
    expect(await page.locator(byTestId(`withdraw-objection-${other.id}`)).count()).toBe(1);
    await page.click(byTestId("inbox-button"));
    await page.locator(`${byTestId("inbox-items")} li`, { hasText: `异议 #${other.id}` }).waitFor({ timeout: T });
    await page.locator(byTestId(`objection-decision-${other.id}`)).waitFor({ timeout: T });
    await page.click(byTestId("inbox-button"));
    await page.locator(byTestId("inbox-panel")).waitFor({ state: "hidden", timeout: T });
  });

  test("the center sees the objection, previews its effect (甲镇 2nd → 1st, 乙镇 1st → 2nd) and accepts it", async () => {
    const { page } = app;
    await page.goto(`${app.url}/review/${PERIOD}`);
    const row = page.locator(byTestId("objection-row-1"));
    await row.waitFor({ timeout: T });
    expect(await row.textContent()).toContain("甲镇");
    expect(await row.textContent()).toContain("HT-A3");
    expect(await row.locator(byTestId("objection-status")).textContent()).toBe("待处理");
    // the explanation is there to read, with its PDF
    await expect.poll(() => page.textContent(byTestId("cycle-card")), { timeout: T }).toContain("预览");
    await shot(page, "objections-5-review");

    await page.click(byTestId("objection-open-1"));
    const drawer = page.locator(byTestId("objection-drawer"));
    await drawer.waitFor({ timeout: T });
    expect(await drawer.textContent()).toContain("汛期道路抢修");
    // the drawer is in the address: the back button closes it and stays on the page (it left the page), forward and a
    // reload open it again, as the bell's link does
    expect(new URL(page.url()).search).toBe("?objection=1");
    await page.goBack();
    await drawer.waitFor({ state: "hidden", timeout: T });
    expect(new URL(page.url()).pathname).toBe(`/review/${PERIOD}`);
    await page.goForward();
    await drawer.waitFor({ timeout: T });
    await page.reload();
    await drawer.waitFor({ timeout: T });
    expect(await drawer.textContent()).toContain("汛期道路抢修");
    // a link naming no objection of the month says so (it opened nothing, silently: a walk)
    await page.goto(`${app.url}/review/${PERIOD}?objection=999`);
    expect(await page.locator(byTestId("objection-not-found")).textContent({ timeout: T })).toContain("本期没有异议 #999");
    await page.goto(`${app.url}/review/${PERIOD}`);
    await page.click(byTestId("objection-open-1"));
    await drawer.waitFor({ timeout: T });
    await drawer.locator(byTestId("preview-effect")).click();
    const effect = drawer.locator(byTestId("objection-effect"));
    await effect.waitFor({ timeout: T });
    expect(await effect.textContent()).toContain("工单 HT-A3：“超期说明已认可”改为“是”（现为“否”）");
    // 甲镇: 92.50 → 100.00, second → first
    const unit = (await effect.locator(byTestId("effect-unit")).textContent()) ?? "";
    expect(unit).toContain("甲镇");
    expect(unit).toMatch(/92\.50\s*→\s*100\.00\s*\+7\.50/);
    expect(unit).toMatch(/第 2 名\s*→\s*第 1 名\s*↑ 1/);
    // 乙镇 keeps its score and falls to second; 丙镇 does not move
    const moved = effect.locator(byTestId("effect-moved"));
    expect(await moved.locator("tbody tr.ant-table-row").count()).toBe(2);
    const t2 = (await moved.locator('tr[data-row-key="T2"]').textContent()) ?? "";
    expect(t2).toContain("乙镇");
    expect(t2).toMatch(/95\.00\s*→\s*95\.00/);
    expect(t2).toMatch(/第 1 名\s*→\s*第 2 名\s*↓ 1/);
    expect(await moved.locator('tr[data-row-key="T3"]').count()).toBe(0);
    await shot(page, "objections-5-review-effect", { viewport: true, docs: moved, block: "end" });

    await drawer.locator("textarea").fill("经核实，HT-A3 超期说明已于 3 月 16 日经县投诉中心认可，予以采纳。");
    await drawer.locator(byTestId("accept-objection")).click();
    const confirm = page.locator(".ant-modal-confirm:visible", { hasText: "采纳异议 #1？" });
    await confirm.waitFor({ timeout: T });
    expect(await confirm.textContent()).toContain("将按单位的请求更正 1 处数据");
    await confirmOk(page).click();
    // the list says it with the toast, not seconds after (the month is scored again before its refetch answers)
    await page.locator(".ant-message-notice", { hasText: "异议 #1 已采纳" }).waitFor({ timeout: T });
    expect(await row.locator(byTestId("objection-status")).textContent()).toBe("已采纳");
    await drawer.waitFor({ state: "hidden", timeout: T });
    await row.locator(byTestId("objection-status"), { hasText: "已采纳" }).waitFor({ timeout: T });
    await shot(page, "objections-5-review-accepted");
  });

  test("甲镇 now scores 100.00 and ranks first; the center publishes the month, citing the objection", async () => {
    const { page } = app;
    await page.goto(`${app.url}/ranking/${PERIOD}`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: T });
    await expect
      .poll(() => page.$$eval('[data-testid^="rank-row-T"]', (els) => els.map((e) => e.getAttribute("data-testid"))), { timeout: T })
      .toEqual(["rank-row-T1", "rank-row-T2", "rank-row-T3"]);
    expect(await page.textContent(byTestId("rank-row-T1"))).toContain("100.00");
    expect(await page.textContent(byTestId("rank-row-T2"))).toContain("95.00");
    // the overdue order excused, 甲镇 no longer incurs the 书面说明 sanction
    expect(await page.locator(`${byTestId("rank-row-T1")} ${byTestId("sanction-书面说明")}`).count()).toBe(0);
    await shot(page, "objections-6-ranking-after");

    // the unit sees it on its page too
    await unitPage.goto(`${app.url}/responses/${PERIOD}`);
    await unitPage.locator(byTestId("responses-unit-score"), { hasText: "100.00" }).waitFor({ timeout: T });
    expect(await unitPage.textContent(byTestId("responses-unit-rank"))).toMatch(/镇\s*第\s*1\s*\/\s*3\s*名/);

    await page.click(byTestId("publish-button"));
    const confirm = page.locator(".ant-modal-confirm:visible", { hasText: "发布2018年3月考核结果？" });
    await confirm.waitFor({ timeout: T });
    expect(await confirm.textContent()).toContain("冻结 3 家单位的得分与排名");
    // opened to the units before: no warning that they never saw it; 甲镇's explanation, submitted and not yet read, is
    // said (units may still submit theirs after publishing)
    expect(await confirm.locator(byTestId("publish-never-opened")).count()).toBe(0);
    expect(await confirm.locator(byTestId("publish-explanations-waiting")).textContent()).toContain("还有 1 份书面说明待交或待阅");
    await shot(page, "objections-6-publish-confirm", { viewport: true });
    await confirmOk(page).click();
    await page.locator(byTestId("publication-status"), { hasText: "已发布" }).waitFor({ timeout: 60_000 });
    const reason = page.locator(byTestId("publication-reason"));
    await reason.waitFor({ timeout: T });
    expect(await reason.textContent()).toContain("依已采纳的异议 #1（甲镇）");
    await page.locator(`${byTestId("cycle-summary")} ${byTestId("cycle-stage")}`, { hasText: "已发布" }).waitFor({ timeout: T });
    await shot(page, "objections-6-published");
  });

  test("甲镇's user reads the decision (bell and 说明与异议) and finds HT-A3 marked 已更正 in the drill-down", async () => {
    const page = unitPage;
    await page.goto(`${app.url}/responses/${PERIOD}`);
    // the bell: the decision, with the center's reason
    await page.locator(`${byTestId("inbox-count")} .ant-badge-count`).waitFor({ timeout: T });
    // opened from the keyboard (Enter on the bell), focus goes into the list, to its first item: the list, rendered at the
    // end of the page, was reached only after all of the page's controls (a walk)
    await page.focus(byTestId("inbox-button"));
    await page.keyboard.press("Enter");
    const decision = page.locator(`${byTestId("inbox-items")} li`, { hasText: "异议决定" });
    await decision.waitFor({ timeout: T });
    const focusedItem = () =>
      page.evaluate(() => {
        const items = [...document.querySelectorAll('[data-testid="inbox-items"] a')];
        return items.indexOf(document.activeElement as Element);
      });
    await expect.poll(focusedItem, { timeout: T }).toBe(0);
    expect(await decision.textContent()).toContain(`异议 #1（2018年3月）已采纳：经核实，HT-A3 超期说明已于 3 月 16 日经县投诉中心认可，予以采纳。`);
    // the header counts the decision as news, apart from what waits: the badge, once the news is read, is the latter (none)
    expect(await page.locator(".ant-popover-title").textContent()).toMatch(/^待办提醒（新消息 1）/);
    await shot(page, "objections-7-unit-inbox-decision", { viewport: true });
    // opened, the decision is seen: the badge goes
    await expect.poll(async () => (await page.locator(`${byTestId("inbox-count")} .ant-badge-count`).count()) === 0, { timeout: T }).toBe(true);
    // Tab past the list's last item: the list closes, and focus goes on to the user's menu beside the bell
    const items = await page.locator(`${byTestId("inbox-items")} a`).count();
    for (let i = 0; i < items; i++) await page.keyboard.press("Tab");
    await page.locator(byTestId("inbox-panel")).waitFor({ state: "hidden", timeout: T });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("user-menu");
    // back to the bell, ↓ opens the list into it, and Escape closes it back to the bell
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("ArrowDown");
    await page.locator(byTestId("inbox-panel")).waitFor({ timeout: T });
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="inbox-panel"]') !== null), { timeout: T }).toBe(true);
    await page.keyboard.press("Escape");
    await page.locator(byTestId("inbox-panel")).waitFor({ state: "hidden", timeout: T });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("inbox-button");
    // the mouse as before: a click opens the list, another closes it
    await page.click(byTestId("inbox-button"));
    await page.locator(byTestId("inbox-panel")).waitFor({ timeout: T });
    await page.click(byTestId("inbox-button"));
    await page.locator(byTestId("inbox-panel")).waitFor({ state: "hidden", timeout: T });

    // the page: 已采纳 with the reason and the correction made; the month published
    const row = page.locator(`${byTestId("objections-table")} tr[data-row-key="1"]`);
    await row.locator(byTestId("objection-status"), { hasText: "已采纳" }).waitFor({ timeout: T });
    expect(await row.locator(byTestId("objection-decision-1")).textContent()).toContain("经核实，HT-A3 超期说明已于 3 月 16 日经县投诉中心认可，予以采纳。");
    expect(await row.locator(byTestId("corrections")).textContent()).toMatch(/工单 HT-A3\s*超期说明已认可：否 → 是/);
    await page.locator(byTestId("cycle-stage"), { hasText: "已发布" }).first().waitFor({ timeout: T });
    expect(await page.textContent(byTestId("responses-unit-score"))).toContain("100.00");
    // with HT-A3 no longer overdue the unit owes no explanation: said so, what it submitted kept
    expect(await page.textContent(byTestId("explanation-no-longer-owed"))).toContain("按更正后的数据，本单位本月已无须书面说明");
    await shot(page, "objections-7-unit-responses-decided", { docs: page.locator(byTestId("explanation-card")) });

    // the order's drill-down: HT-A3 among the orders, marked 已更正, the correction opened beneath it
    await page.click(byTestId("responses-detail-link"));
    await page.waitForURL((u) => u.pathname === "/units/T1", { timeout: T });
    const item = byTestId("unit-item-row-按期办结");
    await page.waitForSelector(item, { timeout: T });
    expect(await page.textContent(item)).toContain("20.00");
    await page.click(`${item} .ant-table-row-expand-icon`);
    await page.click(byTestId("drill-工单数"));
    const table = page.locator(byTestId("drilldown-table"));
    const tag = table.locator(byTestId("corrected-HT-A3"));
    await tag.waitFor({ timeout: T });
    expect(await tag.textContent()).toBe("已更正");
    // the other orders are not marked
    expect(await table.locator('[data-testid^="corrected-"]').count()).toBe(1);
    const correction = table.locator(`${byTestId("corrections")}`);
    await correction.waitFor({ timeout: T });
    const text = (await correction.textContent()) ?? "";
    expect(text).toContain("超期说明已认可：否 → 是");
    expect(text).toContain("依异议 #1");
    expect(await table.locator('tr[data-row-key="HT-A3"]').textContent()).toContain("超期说明已认可");
    // published, the month takes no more objections: no 提出异议 on its rows
    expect(await table.locator('[data-testid^="drill-object-"]').count()).toBe(0);
    await shot(page, "objections-7-unit-drilldown-corrected", { viewport: true, docs: page.locator(".ant-modal:visible") });
  });

  test("on a phone (390 px) the published month's 发布说明 wraps within the screen, read whole, on the ranking and the unit's page", async () => {
    // one line up to 560 px wide ran off the screen (the page 436–581 px wide), the reason and the 版本 tag cut
    const phone = await unitPage.context().newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of [`/ranking/${PERIOD}`, `/units/T1?period=${PERIOD}`]) {
        await phone.goto(`${app.url}${path}`);
        const reason = phone.locator(byTestId("publication-reason"));
        await reason.waitFor({ timeout: T });
        expect(await reason.textContent()).toContain("依已采纳的异议 #1（甲镇）");
        const fit = await reason.evaluate((el) => ({ right: el.getBoundingClientRect().right, clipped: el.scrollWidth > el.clientWidth }));
        expect(fit, path).toEqual({ right: expect.any(Number), clipped: false });
        expect(fit.right, path).toBeLessThanOrEqual(390);
        // the ranking's 考核规则 with its 版本 tag, within the screen too
        for (const box of await phone.locator(`${byTestId("rubric-used")} .ant-tag`).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right)))
          expect(box, path).toBeLessThanOrEqual(390);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      }
    } finally {
      await phone.close();
    }
  });

  test("the platform's record of HT-A3, imported again on the data page, does not undo the correction: the report says it was kept", async () => {
    const { page } = app;
    const dir = mkdtempSync(join("/tmp", "kaohe-e2e-reimport-"));
    const path = join(dir, "orders-platform.csv");
    writeFileSync(
      path,
      "\uFEFF工单编号,承办单位,来源,诉求类型,受理时间,办理时限,办结时间,超期说明已认可\nHT-A3,甲镇,县中心,投诉,2018-03-08 09:00,2018-03-13,2018-03-15 10:00,否\n",
    );
    await page.goto(`${app.url}/data`);
    await page.setInputFiles(byTestId("upload-input"), [path]);
    await page.click(byTestId("start-import"));
    await page.waitForSelector(byTestId("import-success"), { timeout: T });
    const kept = (await page.textContent(byTestId("import-corrections"))) ?? "";
    expect(kept).toContain("1 处已采纳异议的更正与导入数据不同：已保留更正，请核对 12345 平台的记录");
    expect(kept).toContain("HT-A3");
    expect(kept).toContain("依异议 #1");
    await page.locator(byTestId("import-corrections")).scrollIntoViewIfNeeded();
    await shot(page, "objections-7b-reimport-correction-kept", { viewport: true });
    // the order still counts as excused: the correction stands over the file
    expect((await app.store.prisma.order.findUniqueOrThrow({ where: { id: "HT-A3" } })).delayExcused).toBe(true);
  });

  test("an objection left undecided at publishing and accepted afterwards: the center is told to publish the month again", async () => {
    const { page } = app;
    // 乙镇's, raised during the preview and still open when the month was published above (the store as a unit's raise leaves it)
    const { o, drawer } = await openB2Objection({ record: "orders", recordId: "HT-B2", field: "redoCount", to: 0 }, "HT-B2 的退回系市级平台误操作");
    await drawer.locator("textarea").fill("经核实，HT-B2 的退回系误操作，予以采纳。");
    await drawer.locator(byTestId("accept-objection")).click();
    const confirm = page.locator(".ant-modal-confirm:visible", { hasText: `采纳异议 #${o.id}？` });
    await confirm.waitFor({ timeout: T });
    expect(await confirm.locator(byTestId("accept-republish-note")).textContent()).toContain(
      "2018年3月的结果已发布：采纳后须在月度排名页重新发布，更正才会进入已发布的结果",
    );
    await shot(page, "objections-8-accept-after-publishing", { viewport: true });
    await confirmOk(page).click();
    await page.locator(".ant-message", { hasText: "须在月度排名页重新发布" }).waitFor({ timeout: T });
    // the data is corrected; the publication stays as published until the center publishes again
    expect((await app.store.prisma.objection.findUniqueOrThrow({ where: { id: o.id } })).status).toBe("accepted");
    expect(await app.store.prisma.publishedResult.count({ where: { period: PERIOD, supersededAt: null } })).toBe(1);
  });

  test("the center corrects what a unit asked before accepting it: the extension was approved to the 19th, not the 20th the unit wrote", async () => {
    const { page } = app;
    const asked = Date.parse("2018-03-20T23:59:59.999+08:00");
    const { o, drawer } = await openB2Objection({ record: "orders", recordId: "HT-B3", field: "extendedTo", to: asked }, "HT-B3 已批准延期至 3 月 20 日");
    // the value as asked (a day alone: to its end), edited as the objection form edits it: the day typed
    const day = drawer.locator("input#amend-0");
    expect(await day.inputValue()).toBe("2018-03-20");
    await day.click();
    await day.fill("2018-03-19");
    await day.press("Enter");
    await drawer.locator(byTestId("amend-changes"), { hasText: "单位请求：2018-03-20" }).waitFor({ timeout: T });
    await drawer.locator("textarea").fill("经核实，县中心批准延期至 3 月 19 日，按批准的期限更正。");
    await drawer.locator(byTestId("accept-objection")).click();
    const confirm = page.locator(".ant-modal-confirm:visible", { hasText: `采纳异议 #${o.id}？` });
    await confirm.waitFor({ timeout: T });
    expect(await confirm.locator(byTestId("accept-amended")).textContent()).toContain("延期至 2018-03-19");
    await confirmOk(page).click();
    await expect.poll(async () => (await app.store.prisma.objection.findUniqueOrThrow({ where: { id: o.id } })).status, { timeout: T }).toBe("accepted");
    // the order holds the day approved, to its end; what the unit asked is kept on the objection
    expect((await app.store.prisma.order.findUniqueOrThrow({ where: { id: "HT-B3" } })).extendedTo).toBe(Date.parse("2018-03-19T23:59:59.999+08:00"));
    expect((await app.store.prisma.objection.findUniqueOrThrow({ where: { id: o.id } })).proposed).toEqual([expect.objectContaining({ to: asked })]);
    // the list's row says what was made beside what was asked (it showed the request alone: a walk)
    await page.keyboard.press("Escape");
    const made = page.locator(byTestId("amended-HT-B3-extendedTo")).first();
    await made.waitFor({ timeout: T });
    expect(await made.textContent()).toBe("（实际更正为“2018-03-19”）");
  });

  test("an objection decided meanwhile by someone else: refused in words, and the drawer shows that decision", async () => {
    const { page } = app;
    const o = await app.store.prisma.objection.create({
      data: { period: PERIOD, unitCode: "T3", subject: "other", proposed: [], reason: "丙镇对通报措辞有异议", status: "open", raisedBy: "丙镇联络员" },
    });
    await page.goto(`${app.url}/review/${PERIOD}`);
    await page.click(byTestId(`objection-open-${o.id}`));
    const drawer = page.locator(byTestId("objection-drawer"));
    await drawer.waitFor({ timeout: T });
    // another member of the center decides it first
    await decideObjection(app.store, o.id, { accept: false, decision: "不属于考核结果异议", actor: "另一位考核管理员" });
    await drawer.locator("textarea").fill("予以采纳。");
    await drawer.locator(byTestId("accept-objection")).click();
    await confirmOk(page).click();
    // said in the drawer, where it stays (the toast saying it goes in seconds, and a busy machine may not see it)
    const refused = drawer.locator(byTestId("objection-refused"));
    await refused.waitFor({ timeout: T });
    expect(await refused.textContent()).toContain(`异议 #${o.id} 已由 另一位考核管理员 于`);
    const decided = drawer.locator(byTestId("objection-decided"));
    await decided.waitFor({ timeout: T });
    expect(await decided.textContent()).toContain("不属于考核结果异议");
    expect((await app.store.prisma.objection.findUniqueOrThrow({ where: { id: o.id } })).decision).toBe("不属于考核结果异议");
  });

  test("the year (办法六（三）): opened to the units once its months are, 甲镇 objects to a 综合管理 event, the center accepts, the year is published citing it", async () => {
    const { page } = app;
    // 甲镇's one 工单不规范 (综合管理 item 2.3, 2 points each) in March: 综合管理 100 − 2 = 98, its 20% share 19.60
    const dir = mkdtempSync(join("/tmp", "kaohe-e2e-year-"));
    const events = join(dir, "events.csv");
    writeFileSync(events, "\uFEFF事件编号,单位,日期,事件类型,次数\nSJ-Y1,甲镇,2018-03-20,工单不规范,1\n");
    const imported = await importFiles(app.store, [{ path: events }], { actor: "测试准备" });
    expect(imported.ok ? null : imported.problems.slice(0, 3)).toBeNull();

    // March, the one month 2018 counts, is published: the center opens the year from the year page
    await page.goto(`${app.url}/year/2018`);
    await page.locator(`${byTestId("cycle-summary")} ${byTestId("open-preview")}`).click({ timeout: T });
    const dialog = page.locator(".ant-modal:visible", { hasText: "向各单位开放2018年度考核结果" });
    await dialog.waitFor({ timeout: T });
    // a year owes no written explanation: only the objections' deadline is asked
    expect(await dialog.locator(byTestId("explanation-days")).count()).toBe(0);
    await dialog.locator(".ant-btn-primary").click();
    await page.locator(`${byTestId("cycle-summary")} ${byTestId("cycle-stage")}`, { hasText: "预览" }).waitFor({ timeout: T });

    // 甲镇's user: the year's result and the 综合管理 share, then an objection to the event behind it
    await unitPage.goto(`${app.url}/units/T1?period=2018`);
    await unitPage.getByText("20% × 98 = 19.60").waitFor({ timeout: T });
    await unitPage.goto(`${app.url}/responses/2018`);
    await unitPage.locator(byTestId("responses-unit-score")).waitFor({ timeout: T });
    expect(await unitPage.locator(byTestId("explanation-card")).count()).toBe(0);
    await unitPage.click(byTestId("raise-objection"));
    const drawer = unitPage.locator(".ant-drawer-content-wrapper:visible", { has: unitPage.locator(byTestId("objection-form")) });
    await drawer.waitFor({ timeout: T });
    // an order is objected to in its month: the year offers events and other matters only
    expect(await drawer.locator(".ant-radio-button-wrapper", { hasText: "工单" }).count()).toBe(0);
    const row = drawer.locator(`${byTestId("picker-table")} tr[data-row-key="SJ-Y1"]`);
    await row.waitFor({ timeout: T });
    // its 分值 is the type's, as the rubric fixes it (the record has none: "—" was shown, a walk)
    expect(await row.locator(byTestId("event-points-SJ-Y1")).textContent()).toBe("2");
    await row.locator('input[type="checkbox"]').check();
    await drawer.locator(".ant-radio-wrapper", { hasText: "事件未经核实" }).click();
    await drawer.locator(`${byTestId("objection-form")} textarea`).fill("3 月 20 日的工单已按规定格式办理并审核签名，该事件不属实，见附件审核记录。");
    await drawer.locator(byTestId("objection-submit")).click();
    await drawer.waitFor({ state: "hidden", timeout: T });
    const [raised] = await app.store.prisma.objection.findMany({ where: { period: "2018" } });
    expect([raised?.unitCode, raised?.subject]).toEqual(["T1", "events"]);
    const id = raised?.id as number;

    // the center accepts it on the year's review page
    await page.goto(`${app.url}/review/2018?objection=${id}`);
    const decide = page.locator(byTestId("objection-drawer"));
    await decide.waitFor({ timeout: T });
    // the event named with its type and date, not its number alone (a walk)
    expect(await decide.textContent()).toContain("考核事件 SJ-Y1（工单不规范，2018-03-20）：“次数”改为“0”");
    await decide.locator("textarea").fill("经核实，该工单办理规范，予以采纳。");
    await decide.locator(byTestId("accept-objection")).click();
    await confirmOk(page).click();
    await decide.waitFor({ state: "hidden", timeout: T });

    // and publishes the year, citing it; 甲镇's 综合管理 share is now 20% × 100
    await page.goto(`${app.url}/year/2018`);
    await page.click(byTestId("publish-button"), { timeout: T });
    await confirmOk(page).click({ timeout: T });
    const reason = page.locator(byTestId("publication-reason"));
    await reason.waitFor({ timeout: 60_000 });
    expect(await reason.textContent()).toContain(`依已采纳的异议 #${id}（甲镇）`);
    await unitPage.goto(`${app.url}/units/T1?period=2018`);
    await unitPage.getByText("20% × 100 = 20.00").waitFor({ timeout: T });

    // 综合管理's items: item 2.3's 工单不规范 row still listed at 0次 (hidden as 0, the unit no longer saw the
    // event it objected to: a walk), SJ-Y1 behind it marked 已更正, the correction and the objection beneath it
    await unitPage.locator(`${byTestId("unit-item-row-综合管理考核")} ${byTestId("unit-item-link")}`).click({ timeout: T });
    const item = byTestId("unit-item-row-2.3");
    await unitPage.waitForSelector(item, { timeout: T });
    await unitPage.click(`${item} .ant-table-row-expand-icon`);
    const deduction = unitPage.locator('tr[data-row-key="deduct per 工单不规范"]');
    await deduction.waitFor({ timeout: T });
    expect(await deduction.locator("td").allTextContents()).toEqual(expect.arrayContaining(["0次", "0"]));
    await deduction.locator(byTestId("drill-#次数:工单不规范")).click();
    const table = unitPage.locator(byTestId("drilldown-table"));
    const tag = table.locator(byTestId("corrected-SJ-Y1"));
    await tag.waitFor({ timeout: T });
    expect(await tag.textContent()).toBe("已更正");
    const correction = (await table.locator(byTestId("corrections")).textContent()) ?? "";
    expect(correction).toContain("次数：1 → 0");
    expect(correction).toContain(`依异议 #${id}`);
  });
});

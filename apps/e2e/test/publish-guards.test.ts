/**
 * What the month's page says and offers, one thing at a time: a publication refused because a unit objected meanwhile
 * asks in one dialog, and a click on 发布 while it is open stacks no second confirmation over it (it did); a unit user
 * opening a month not open to the units is told only that, not 未发布（预览） beside it (it said both).
 */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { importFiles } from "@kaohe/db";
import { createUser, openPreview, raiseObjection } from "@kaohe/services";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, signInContext, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";
import { writeMonthFiles } from "./support/month-files.ts";

let app: App;
explainFailures(() => app);
const contexts: BrowserContext[] = [];
const byTestId = (id: string) => `[data-testid="${id}"]`;
const T = 30_000;
const PERIOD = "2018-03";
/** The dialogs open (antd's confirmations: the publish confirmation and those after a refusal). */
const dialogs = (page: Page) => page.locator(".ant-modal-confirm:visible");

beforeAll(async () => {
  app = await startApp();
  const dir = mkdtempSync(join("/tmp", "kaohe-e2e-publish-guards-"));
  const imported = await importFiles(
    app.store,
    writeMonthFiles(dir).map((path) => ({ path })),
    { actor: "测试准备" },
  );
  expect(imported.ok ? null : imported.problems.slice(0, 3)).toBeNull();
  // March is open to the units (they may object); February, which has no orders, is not
  await openPreview(app.store, PERIOD, { actor: "测试准备" });
  await createUser(app.store, { username: "js-jia", displayName: "甲镇李干事", role: "unit", unitCode: "T1", password: "E2e-Password-2017" }, "测试准备");
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await app?.close();
});

describe.sequential("publishing and the units' view, one message at a time", () => {
  test("an objection raised while the confirmation is open: the dialog that follows the refusal is the only one, a click on 发布 under it opens none", async () => {
    const { page } = app;
    await page.goto(`${app.url}/ranking/${PERIOD}`);
    await page.waitForSelector(byTestId("rank-row-T1"), { timeout: T });
    await page.click(byTestId("publish-button"), { timeout: T });
    const confirmation = page.locator(".ant-modal-confirm:visible", { hasText: "发布2018年3月考核结果？" });
    await confirmation.waitFor({ timeout: T });
    // 甲镇 objects meanwhile: the confirmation did not list it, so the server refuses (409) and a dialog lists it
    await raiseObjection(app.store, {
      period: PERIOD,
      unitCode: "T1",
      subject: "other",
      changes: [],
      reason: "本月工单 HT-A3 情况说明。",
      files: [],
      actor: "甲镇李干事（js-jia）",
    });
    await confirmation.locator(".ant-modal-confirm-btns .ant-btn-primary").click();
    const followUp = page.locator(".ant-modal-confirm:visible", { hasText: "2018年3月还有 1 条异议未处理" });
    await followUp.waitFor({ timeout: T });
    await confirmation.waitFor({ state: "hidden", timeout: T });
    await expect.poll(() => dialogs(page).count(), { timeout: T }).toBe(1);
    // 发布 clicked again while it is open (its mask keeps the pointer off the button; the click reaches it all the same)
    await page.locator(byTestId("publish-button")).dispatchEvent("click");
    // the confirmation reads the month's objections before it opens: time for it to have opened, had it been going to
    await page.waitForTimeout(2_000);
    expect(await dialogs(page).count()).toBe(1);
    expect(await followUp.count()).toBe(1);
    // closed, it lets 发布 ask again: one confirmation, listing the objection now
    await followUp.locator(".ant-modal-confirm-btns .ant-btn:not(.ant-btn-primary)").click();
    await expect.poll(() => dialogs(page).count(), { timeout: T }).toBe(0);
    await page.click(byTestId("publish-button"), { timeout: T });
    await confirmation.waitFor({ timeout: T });
    expect(await confirmation.locator(byTestId("publish-undecided")).textContent()).toContain("异议 #");
    expect(await dialogs(page).count()).toBe(1);
    await confirmation.locator(".ant-modal-confirm-btns .ant-btn:not(.ant-btn-primary)").click();
    await expect.poll(() => dialogs(page).count(), { timeout: T }).toBe(0);
    expect(await app.store.prisma.publishedResult.count()).toBe(0);
  });

  test("a unit user opening a month not open to the units is told only that, not 未发布（预览） beside it; a month open to them is a preview", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    await signInContext(context, app.url, "js-jia");
    const page = await context.newPage();
    await page.goto(`${app.url}/units/T1?period=2018-02`);
    await page.waitForFunction(() => (document.body.textContent ?? "").includes("2018年2月的考核结果尚未向各单位开放"), undefined, { timeout: T });
    expect(await page.locator(byTestId("publication-status")).count()).toBe(0);
    expect(await page.textContent("body")).not.toContain("未发布（预览）");
    // its usual state before the center's preview, said as such: no failure under a warning sign
    expect(await page.textContent(byTestId("not-open-to-unit"))).toContain("本期结果尚未开放");
    expect(await page.textContent("body")).not.toContain("无法显示该单位的考核结果");
    // March, open to them: its figures, a preview, said so
    await page.goto(`${app.url}/units/T1?period=${PERIOD}`);
    await page.locator(byTestId("publication-status"), { hasText: "未发布（预览）" }).waitFor({ timeout: T });
  });
});

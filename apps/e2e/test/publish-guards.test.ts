/**
 * What the month's page says and offers, one thing at a time: a publication refused because a unit objected meanwhile
 * asks in one dialog, and a click on 发布 while it is open stacks no second confirmation over it (it did); a unit user
 * opening a month not open to the units is told only that, not 未发布（预览） beside it (it said both); a month published
 * and since left without data (its orders' import undone) refused re-publication in a toast gone in three seconds,
 * its dialog open and saying nothing: the refusal is said whole in the dialog.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFiles } from "@kaohe/db";
import { createUser, openPreview, publishPeriod, raiseObjection, undoImportBatch } from "@kaohe/services";
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

  test("re-publishing a published month now without data: the refusal is said whole in the dialog, which stays open", async () => {
    // April: one order imported on its own, published, then the import undone (the month has no order now)
    const dir = mkdtempSync(join("/tmp", "kaohe-e2e-republish-empty-"));
    const path = join(dir, "orders-2018-04.csv");
    writeFileSync(
      path,
      "\uFEFF工单编号,承办单位,来源,诉求类型,受理时间,办理时限,办结时间,退回重办次数,已回访,过程满意度,结果满意度\nHT-Q1,甲镇,县中心,投诉,2018-04-03 09:00,2018-04-08,2018-04-05 16:00,0,否,,\n",
    );
    const imported = await importFiles(app.store, [{ path }], { actor: "测试准备" });
    const batchId = imported.ok ? imported.files[0]?.batchId : null;
    expect(batchId).toEqual(expect.any(Number));
    await publishPeriod(app.store, "2018-04", { actor: "测试准备" });
    await undoImportBatch(app.store, batchId as number, { actor: "测试准备", confirmPublished: true });
    const { page } = app;
    await page.goto(`${app.url}/ranking/2018-04`);
    await page.locator(byTestId("publish-button"), { hasText: "重新发布" }).click({ timeout: T });
    const dialog = page.locator(".ant-modal:visible", { hasText: "重新发布2018年4月考核结果" });
    await dialog.waitFor({ timeout: T });
    await dialog.locator(byTestId("republish-reason")).fill("工单数据已撤销，按当前数据重新发布");
    await dialog.locator(".ant-modal-footer .ant-btn-primary").click();
    // the server's refusal (409), whole, where the user acted: which month, why, which file to import
    const refusal = dialog.locator(byTestId("publish-refused"));
    await refusal.waitFor({ timeout: T });
    const text = await refusal.textContent();
    expect(text).toContain("2018年4月无数据：没有一个单位有本月受理的工单，不计分、不排名，不能发布。");
    expect(text).toContain("请先在“数据”页导入本月的工单文件（文件名以“工单”或 orders 开头，如“工单2018年4月.xlsx”）");
    // nothing else says it (no toast beside it), and the dialog stays for the user to cancel
    expect(await page.locator(".ant-message-notice").count()).toBe(0);
    await page.waitForTimeout(3_500);
    expect(await refusal.isVisible()).toBe(true);
    // opened again, it says nothing of the last attempt until the next one
    await dialog.locator(byTestId("republish-cancel")).click();
    await dialog.waitFor({ state: "hidden", timeout: T });
    await page.locator(byTestId("publish-button"), { hasText: "重新发布" }).click({ timeout: T });
    await dialog.waitFor({ timeout: T });
    expect(await dialog.locator(byTestId("publish-refused")).count()).toBe(0);
  });
});

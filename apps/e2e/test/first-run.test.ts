/**
 * A new county's first looks: the ranking and year pages before a rubric version is in force (the e2e store publishes
 * the shipped 2017 version, in force from 2017-09: 2016 has none), and before any unit is imported. They said to
 * publish a version in “规则”, or to import the units list in “数据”, and left the way there to the menu; whom may act
 * there now has a button to it beside the words.
 */
import { createDraft, getRubricVersion, versionInForce, withdrawRubricVersion } from "@kaohe/services";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type App, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

let app: App;
explainFailures(() => app);
const byTestId = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  app = await startApp();
}, 180_000);
afterAll(async () => {
  await app?.close();
});

test("with no version in force, the ranking says to publish one and leads to the 规则 page", async () => {
  const { page } = app;
  await page.goto(`${app.url}/ranking/2016-01`);
  await page.waitForSelector(byTestId("result-not-in-force"));
  expect(await page.textContent(byTestId("result-not-in-force"))).toContain("没有已发布且施行中的规则版本：请先在“规则”中发布一个版本");
  await app.shot("first-run-not-in-force");
  await page.click(byTestId("not-in-force-rubrics"));
  await page.waitForURL((u) => u.pathname === "/rubrics");
  await page.waitForSelector("text=新建草稿");
});

test("the year page leads there too", async () => {
  const { page } = app;
  await page.goto(`${app.url}/year/2016`);
  await page.waitForSelector(byTestId("result-not-in-force"));
  await page.click(byTestId("not-in-force-rubrics"));
  await page.waitForURL((u) => u.pathname === "/rubrics");
});

test("with no units yet, the ranking and the year say to import them and lead to the 数据 page", async () => {
  const { page } = app;
  for (const address of ["/ranking/2018-03", "/year/2018"]) {
    await page.goto(`${app.url}${address}`);
    await page.waitForSelector("text=没有参评单位：请先在“数据”页导入单位名单和工单");
    await app.shot(`first-run-no-units-${address.split("/")[1]}`);
    await page.click(byTestId("no-units-import"));
    await page.waitForURL((u) => u.pathname === "/data");
  }
});

test("last (it withdraws the version in force): a draft with no version in force to compare with offers no 与施行中版本比较得分", async () => {
  const { page, store } = app;
  const inForce = await versionInForce(store, "2026-12");
  const text = (await getRubricVersion(store, inForce.id)).text.replace(/version "[^"]*"/, 'version "新县草稿"');
  const draft = await createDraft(store, { text, author: "测试准备" });
  // with one in force, the draft is offered the comparison
  await page.goto(`${app.url}/rubrics/${draft.id}`);
  await page.waitForSelector(byTestId("compare-in-force-link"));
  await withdrawRubricVersion(store, inForce.id, { actor: "测试准备", reason: "新县尚无施行中的版本" });
  await page.reload();
  await page.waitForSelector("text=哈希");
  await page.waitForLoadState("networkidle");
  expect(await page.locator(byTestId("compare-in-force-link")).count()).toBe(0);
});

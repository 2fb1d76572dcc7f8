/**
 * A rubric that ranks a month and its quarter, in Chromium on the demo data: the version in force for 2018-12
 * ranks 投诉件办理 (the main one, published) and 季度投诉件办理, and reports 超期率 without scoring it. The
 * ranking page offers both, the main one first and chosen; the choice is kept in the address, through the
 * month picker and to the unit page, which shows the quarter's score and the reported indicator; a name the
 * rubric does not rank is said in Chinese.
 */
import { createDraft, publishRubricVersion, seedDemo } from "@kaohe/services";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type App, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";
import { QUARTERLY, quarterlyVariant } from "./support/rubric-variants.ts";

let app: App;
explainFailures(() => app);
const byTestId = (id: string) => `[data-testid="${id}"]`;
const MONTH = "2018-12";

beforeAll(async () => {
  app = await startApp();
  await seedDemo(app.store, { cycle: true });
  const draft = await createDraft(app.store, { text: quarterlyVariant(MONTH), author: "测试准备" });
  await publishRubricVersion(app.store, draft.id, "测试准备");
});
afterAll(() => app?.close());

test("the ranking offers the rubric's ranked assessments, the main one chosen; the quarter's is kept in the address and on the unit page", async () => {
  const { page } = app;
  await page.goto(`${app.url}/ranking/${MONTH}`);
  await page.waitForSelector(byTestId("ranking-table"), { timeout: 120_000 });
  const picker = page.locator(byTestId("assessment-picker"));
  await expect.poll(() => picker.locator(".ant-segmented-item-label").allInnerTexts()).toEqual(["投诉件办理考核", QUARTERLY.label]);
  expect(await picker.locator(".ant-segmented-item-selected").innerText()).toBe("投诉件办理考核");
  // the main one: published from here, with the change against last month
  expect(await page.locator(byTestId("other-assessment-notice")).count()).toBe(0);
  await page.waitForSelector(byTestId("export-button"));
  await page.waitForSelector('th:has-text("名次变化")');
  await page.waitForSelector('th:has-text("超期率")');
  const volume = async () => Number((await page.locator(byTestId("stat-volume")).innerText()).replace(/[^\d]/g, ""));
  const december = await volume();

  await picker.locator(`.ant-segmented-item:has-text("${QUARTERLY.label}")`).click();
  await page.waitForURL((u) => u.searchParams.get("assessment") === QUARTERLY.name);
  const notice = page.locator(byTestId("other-assessment-notice"));
  await notice.waitFor({ timeout: 120_000 });
  await expect.poll(() => notice.innerText(), { timeout: 120_000 }).toContain(`${QUARTERLY.label}（考核期 2018年第4季度）`);
  await page.waitForSelector(byTestId("ranking-table"), { timeout: 120_000 });
  // the quarter counts October to December: more orders than December alone
  expect(await volume()).toBeGreaterThan(december);
  expect(await page.locator('th:has-text("名次变化")').count()).toBe(0);
  expect(await page.locator(byTestId("export-button")).count()).toBe(0);
  expect(await page.locator(byTestId("bulletin-button")).count()).toBe(0);

  // the month before is under the 2017 method, which ranks no quarter: it says so and shows the main ranking, keeping the choice for the way back
  await page.click(byTestId("month-picker-prev"));
  await page.waitForURL((u) => u.pathname.endsWith("/ranking/2018-11") && u.searchParams.get("assessment") === QUARTERLY.name);
  const unranked = page.locator(byTestId("unranked-assessment-notice"));
  await unranked.waitFor({ timeout: 120_000 });
  expect(await unranked.innerText()).toContain(`2018年11月施行的规则没有名为“${QUARTERLY.name}”的排名考核，下面是“投诉件办理考核”的排名`);
  await page.waitForSelector(byTestId("ranking-table"), { timeout: 120_000 });
  await page.click(byTestId("month-picker-next"));
  await page.waitForURL((u) => u.pathname.endsWith(`/ranking/${MONTH}`) && u.searchParams.get("assessment") === QUARTERLY.name);

  await expect.poll(() => notice.innerText(), { timeout: 120_000 }).toContain(`${QUARTERLY.label}（考核期 2018年第4季度）`);
  await page.waitForSelector(byTestId("ranking-table"), { timeout: 120_000 });

  // a unit's page shows the quarter's score and the indicator reported, not scored
  await page.click(byTestId("unit-link-HTZ01"), { timeout: 120_000 });
  await page.waitForURL((u) => u.pathname === "/units/HTZ01" && u.searchParams.get("assessment") === QUARTERLY.name);
  await page.waitForSelector(byTestId("unit-indicators"), { timeout: 120_000 });
  expect(await page.locator(byTestId("unit-indicators")).innerText()).toMatch(/超期率[\s\S]*\d+\.\d{2}%/);
  await page.waitForSelector(`text=${QUARTERLY.label}（考核期 2018年第4季度）`);
  expect(await page.locator(byTestId("unit-score")).innerText()).toMatch(/\d+\.\d{2}/);
  // back to the ranking of the same assessment
  expect(new URL(await page.locator(byTestId("back-link")).evaluate((a) => (a as HTMLAnchorElement).href)).searchParams.get("assessment")).toBe(QUARTERLY.name);
});

test("a name the rubric does not rank is said in Chinese, with the choices, and the main ranking shown", async () => {
  const { page } = app;
  await page.goto(`${app.url}/ranking/${MONTH}?assessment=${encodeURIComponent("年终成绩")}`);
  const said = page.locator(byTestId("unranked-assessment-notice"));
  await said.waitFor({ timeout: 120_000 });
  expect(await said.innerText()).toBe(
    `2018年12月施行的规则没有名为“年终成绩”的排名考核，下面是“投诉件办理考核”的排名\n本月可选：投诉件办理考核、${QUARTERLY.label}`,
  );
  await page.waitForSelector(byTestId("ranking-table"), { timeout: 120_000 });
  expect(await page.locator(byTestId("assessment-picker")).locator(".ant-segmented-item-selected").innerText()).toBe("投诉件办理考核");
});

/**
 * The version in force for the month made one whose ranked 月度考核 is `body` (a total reading 投诉件办理, items of its
 * own), published as `version`.
 */
async function rankMonthlyTotal(version: string, body: string): Promise<void> {
  const text = quarterlyVariant(MONTH)
    .replace('version "2018-季度"', `version "${version}"`)
    .replace("\n# 附件1 综合管理考核细则", `\nmonthly 月度考核 "月度考核" {\n${body}\n}\n\n# 附件1 综合管理考核细则`)
    .replace(`  monthly 投诉件办理\n  monthly ${QUARTERLY.name}\n`, "  monthly 月度考核\n");
  if (!text.includes("monthly 月度考核\n  yearly")) throw new Error("the 2017 rubric changed: update the test");
  const draft = await createDraft(app.store, { text, author: "测试准备" });
  await publishRubricVersion(app.store, draft.id, "测试准备");
}

test("a score taken from another assessment: the unit's page lists that assessment's items, their orders a click away, and 失分 counted from them", async () => {
  // last here: the version in force for the month becomes one whose ranked 月度考核 has no items and takes 投诉件办理's
  // score (or, under 5 orders, the group's mean), as another district wrote its method
  await rankMonthlyTotal("2018-总分取自基础", "  total = if 工单数 >= 5 then 投诉件办理 else group_mean(if 工单数 >= 5 then 投诉件办理 else not applicable)");
  const { page } = app;
  await page.goto(`${app.url}/units/HTZ01?period=${MONTH}`);
  const from = page.locator(byTestId("unit-referenced-投诉件办理"));
  await from.waitFor({ timeout: 120_000 });
  expect(await from.locator(byTestId("unit-referenced-title")).innerText()).toBe("得分来自 投诉件办理考核：");
  await from.locator(byTestId("unit-referenced-row-投诉件办理-按期办结")).waitFor();
  // 失分 from its items, not 0.00
  expect(await page.locator(byTestId("unit-lost")).innerText()).toContain("失分（投诉件办理考核）");
  // an item's counts open the orders behind them
  const collapsed = from.locator(".ant-table-row-expand-icon-collapsed");
  while ((await collapsed.count()) > 0) await collapsed.first().click();
  const drill = from.locator('button[data-testid^="drill-"]').first();
  await drill.click();
  const modal = page.locator(".ant-modal");
  await modal.waitFor();
  await expect.poll(() => modal.innerText(), { timeout: 120_000 }).toContain("投诉件办理考核");
  await modal.locator(".ant-table-row").first().waitFor({ timeout: 120_000 });
});

test("a total of another assessment beside an item of its own: the page lists both, each's 失分 out of its own full marks, none of the whole", async () => {
  // after the one above: the version in force becomes an 80/20 composite (the manual's §3.18), 80% of 投诉件办理 and
  // an item of its own; the page listed that item alone, not 投诉件办理's items nor the orders behind them (another
  // county's officer, of 80% × 工单指标 + 20% × 督办事项 + 表扬)
  await rankMonthlyTotal("2018-八二合成", '  item 态度 "服务态度" 20 points {\n    deduct per 服务态度恶劣\n  }\n  total = 80% × 投诉件办理 + 态度');
  const { page } = app;
  await page.goto(`${app.url}/units/HTZ01?period=${MONTH}`);
  const from = page.locator(byTestId("unit-referenced-投诉件办理"));
  await from.waitFor({ timeout: 120_000 });
  // its own item, under its own heading, and the assessment its total reads below it
  expect(await page.locator(byTestId("unit-own-items-title")).innerText()).toBe("月度考核本身的考核项：");
  await page.locator(byTestId("unit-item-row-态度")).waitFor();
  expect(await from.locator(byTestId("unit-referenced-title")).innerText()).toBe("计入得分的 投诉件办理考核（按总分公式计入，见得分由来）：");
  expect(await from.locator(byTestId("unit-referenced-score")).innerText()).toMatch(/\d+\.\d{2} 分（满分 100，失分 \d+\.\d{2}）/);
  await from.locator(byTestId("unit-referenced-row-投诉件办理-按期办结")).waitFor();
  expect(await page.locator(byTestId("unit-total-steps")).innerText()).toContain("80% × 投诉件办理 + 态度");
  // no 失分 of the whole: not its own item's alone, nor 投诉件办理's as the unit's
  const lost = await page.locator(byTestId("unit-lost")).innerText();
  expect(lost).toContain("—");
  expect(lost).not.toContain("失分（");
  // an item of 投诉件办理 opens the orders behind it, as that assessment's
  const collapsed = from.locator(".ant-table-row-expand-icon-collapsed");
  while ((await collapsed.count()) > 0) await collapsed.first().click();
  await from.locator('button[data-testid^="drill-"]').first().click();
  const modal = page.locator(".ant-modal");
  await modal.waitFor();
  await expect.poll(() => modal.innerText(), { timeout: 120_000 }).toContain("投诉件办理考核");
  await modal.locator(".ant-table-row").first().waitFor({ timeout: 120_000 });
});

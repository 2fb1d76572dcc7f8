/**
 * The rule editor checks, as policy staff (规则编辑) type, the texts compared with a column of open values against the
 * data imported (KH267), in Chromium on the demo data: `诉求类型 = "咨询类"` where the data says 咨询 is a warning among
 * the live diagnostics, naming the data's values and the one probably meant; typing on asks the server nothing more
 * while the columns compared stay the same; and a server that cannot say leaves the editor checking as before.
 */
import { join } from "node:path";
import { createDraft, createUser, seedDemo } from "@kaohe/services";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, E2E_PASSWORD, keepScreenshot, screenshotDir, signInContext, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

let app: App;
explainFailures(() => app);
let page: Page;
beforeAll(async () => {
  app = await startApp();
  await seedDemo(app.store);
  await createUser(app.store, { username: "guize", displayName: "规则编辑", role: "editor", password: E2E_PASSWORD }, "测试准备");
  const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  await signInContext(context, app.url, "guize");
  page = await context.newPage();
}, 240_000);
afterAll(async () => {
  await app?.close();
});

const T = 15_000;
const byTestId = (id: string) => `[data-testid="${id}"]`;
const editor = `${byTestId("rubric-editor")} .cm-content`;
const warning = () => page.locator(`${byTestId("diagnostic-item")}[data-code="KH267"]`);
/** The 2017 measure the new one is written after. */
const LINE = 'measure 工单数 "承办量" = count 本期工单';
const counting = (kind: string) => `${LINE}\nmeasure 咨询件数 "咨询件数" = count 本期工单 where 诉求类型 = "${kind}"`;

/** A draft of the published 2017 rubric, opened in the editor, and its text. */
async function openDraft(version: string): Promise<string> {
  const published = await app.store.prisma.rubricVersion.findFirst({ where: { status: "published", text: { contains: 'version "2017"' } } });
  if (!published) throw new Error("no published 2017 rubric");
  const text = published.text.replace('version "2017"', `version "${version}"`);
  expect(text).toContain(LINE);
  const draft = await createDraft(app.store, { text, author: "测试准备" });
  await page.goto(`${app.url}/rubrics/${draft.id}`);
  await page.waitForSelector(editor, { timeout: 30_000 });
  await page.waitForSelector(byTestId("diagnostics-list"), { timeout: T });
  return text;
}

/** Type `text` as the whole of the editor's text (one change, as a paste). */
async function typeWhole(text: string) {
  await page.click(editor);
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

describe("规则编辑器对照数据检查 / the rule editor checks against the data", () => {
  test('诉求类型 = "咨询类" is warned of as it is typed, with the data\'s values; typing on asks the server no more', async () => {
    const asked: string[] = [];
    const listen = (r: { url(): string }) => {
      if (r.url().includes("rubrics.columnValues")) asked.push(r.url());
    };
    page.on("request", listen);
    const text = await openDraft("2017-数据");
    await typeWhole(text.replace(LINE, counting("咨询类")));
    await warning().waitFor({ timeout: 30_000 });
    expect(await warning().getAttribute("data-severity")).toBe("warning");
    expect(await warning().textContent()).toMatch(
      /第 \d+ 行.*KH267.*数据中没有诉求类型为“咨询类”的工单（数据中的诉求类型有：[^）]*咨询[^）]*）：这个比较永远不成立，是否想写 咨询？/,
    );
    // underlined in the text too, where the text compared is written (the list's item goes there)
    await warning().click();
    await page.locator(".cm-lintRange-warning", { hasText: "咨询类" }).first().waitFor({ timeout: T });
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('"咨询类"');
    expect(asked).toHaveLength(1);
    await keepScreenshot(page, { path: join(screenshotDir, "editor-data-values.png") });

    // typing on, the same columns compared: the values had already serve, nothing asked again
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\n# 咨询类工单另计");
    await page.waitForTimeout(1_000);
    await warning().waitFor({ timeout: T });
    expect(asked).toHaveLength(1);

    // written as the data has it: no warning
    await typeWhole(text.replace(LINE, counting("咨询")));
    await warning().waitFor({ state: "detached", timeout: T });
    expect(asked).toHaveLength(1);
    page.off("request", listen);
  });

  test("a server that cannot say the data's values leaves the editor checking the text as before", async () => {
    await page.route(/rubrics\.columnValues/, (route) => route.abort());
    try {
      const text = await openDraft("2017-数据-断开");
      await typeWhole(text.replace(LINE, `${counting("咨询类")}\nmeasure 未声明 = count 不存在的范围`));
      // the parse's diagnostics as ever (an error of its own), none of the data's
      await page
        .locator(`${byTestId("diagnostic-item")}[data-severity="error"]`)
        .first()
        .waitFor({ timeout: T });
      await page.waitForTimeout(1_000);
      expect(await warning().count()).toBe(0);
      // and the editor still edits
      await page.keyboard.insertText("\n# 仍可编辑");
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("# 仍可编辑"), editor, { timeout: T });
    } finally {
      await page.unroute(/rubrics\.columnValues/);
    }
  });
});

/**
 * A rubric in Chinese in the console's editor: the format menu rewrites every
 * keyword in Chinese (and back to English, giving the rubric back exactly),
 * Chinese keywords are highlighted, and typing the beginning of a keyword in
 * either language offers it in both.
 */
import { createDraft } from "@kaohe/services";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

let app: App;
explainFailures(() => app);
beforeAll(async () => {
  app = await startApp();
}, 240_000);
afterAll(async () => {
  await app?.close();
});

const byTestId = (id: string) => `[data-testid="${id}"]`;

describe("规则编辑器中的中文关键词 / Chinese keywords in the rubric editor", () => {
  test("format to Chinese and back, highlighting and completion in both languages", async () => {
    const { page, store } = app;
    // a draft of the 2017 rubric under a version of its own
    const published = await store.prisma.rubricVersion.findFirst({ where: { status: "published", text: { contains: 'version "2017"' } } });
    if (!published) throw new Error("no published 2017 rubric");
    const draft = await createDraft(store, { text: published.text.replace('version "2017"', 'version "2017-中文"'), author: "测试准备" });
    await page.goto(`${app.url}/rubrics/${draft.id}`);
    const editor = `${byTestId("rubric-editor")} .cm-content`;
    await page.waitForSelector(editor);
    const saved = async () => (await store.prisma.rubricVersion.findUnique({ where: { id: draft.id } }))?.text ?? "";
    // saved: the save's answer has come (the server answers once the draft is written), then the draft is read back
    const save = async (expected: (text: string) => boolean) => {
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("rubrics.updateDraft") && r.request().method() === "POST", { timeout: 60_000 }),
        page.click(byTestId("save-button")),
      ]);
      expect(answer.status()).toBe(200);
      expect(expected(await saved())).toBe(true);
    };

    await page.click(byTestId("format-keywords-button"));
    await page.getByText("格式化，关键词改为中文").click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("考核办法"), editor, { timeout: 15_000 });
    // declarations bold, other keywords coloured, in Chinese as in English
    await page.waitForSelector(".kh-tok-declaration:text-is('考核类别')", { timeout: 15_000 });
    await page.waitForSelector(".kh-tok-keyword:text-is('施行自')", { timeout: 15_000 });
    await app.shot("rubric-editor-chinese");
    await save((t) => t.startsWith("# 桓台") && t.includes("\n考核办法 "));
    const chinese = await saved();
    expect(chinese).toContain('\n考核办法 "桓台县市民投诉（民生热线）工作考核办法" 版本 "2017-中文"\n');
    expect(chinese).toContain("\n考核截至次月月底\n");
    expect(chinese).not.toMatch(/^\s*(deduct|item|measure) /m);

    // completion: the beginning of a Chinese keyword, at the end of the file
    await page.click(editor);
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\n考核");
    await page.waitForSelector(".cm-tooltip-autocomplete", { timeout: 15_000 });
    const offered = await page.locator(".cm-tooltip-autocomplete li").allInnerTexts();
    expect(offered.some((o) => o.includes("考核项") && o.includes("item"))).toBe(true);
    await app.shot("rubric-editor-completion");
    await page.keyboard.press("Escape");
    // an English beginning in a Chinese file: the Chinese spelling first
    await page.keyboard.insertText("\nded");
    await page.waitForSelector(".cm-tooltip-autocomplete", { timeout: 15_000 });
    expect((await page.locator(".cm-tooltip-autocomplete li").first().textContent())?.startsWith("扣")).toBe(true);
    // CodeMirror takes no key for the list until it has been open interactionDelay (75 ms): a person never types that fast,
    // a test does (Enter then went into the text instead of choosing 扣)
    await page.waitForTimeout(200);
    await page.keyboard.press("Enter");
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.endsWith("考核扣"), editor, { timeout: 15_000 });
    // take the typing back, then the keywords back to English: the rubric as it was
    for (let i = 0; i < 6; i++) await page.keyboard.press("Control+Z");
    await page.waitForFunction((sel) => !document.querySelector(sel)?.textContent?.includes("考核扣"), editor, { timeout: 15_000 });
    await page.keyboard.press("Escape");
    await page.click(byTestId("format-keywords-button"));
    await page.getByText("格式化，关键词改为英文").click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("rubric "), editor, { timeout: 15_000 });
    await save((t) => t.includes("\nrubric "));
    expect(await saved()).toBe(draft.text);
  }, 180_000);
});

/**
 * The rule editor's tools, as the policy staff (规则编辑) use them in Chromium:
 * find/replace with its panel in Chinese, completion of the rubric's own
 * names with their kind and 说明, hover on a name and on a function, go to
 * declaration with F12 and Ctrl+click, and the language manual searched in the
 * editor's side panel and on its own page. A label holding HTML is shown as
 * text.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDraft, createUser, updateDraft } from "@kaohe/services";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type App, E2E_PASSWORD, keepScreenshot, screenshotDir, signInContext, startApp } from "./support/app.ts";
import { explainFailures } from "./support/explain.ts";

let app: App;
explainFailures(() => app);
let page: Page;
beforeAll(async () => {
  app = await startApp();
  await createUser(app.store, { username: "guize", displayName: "规则编辑", role: "editor", password: E2E_PASSWORD }, "测试准备");
  const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai", acceptDownloads: true });
  await signInContext(context, app.url, "guize");
  page = await context.newPage();
}, 240_000);
afterAll(async () => {
  await app?.close();
});

const T = 15_000;
const byTestId = (id: string) => `[data-testid="${id}"]`;
const editor = `${byTestId("rubric-editor")} .cm-content`;
const editorText = () => page.evaluate((sel) => document.querySelector(sel)?.textContent ?? "", editor);
const activeLine = () => page.evaluate(() => document.querySelector(".cm-activeLine")?.textContent ?? "");
const shot = (name: string, on: Page = page) => keepScreenshot(on, { path: join(screenshotDir, `${name}.png`) });
/** The name tooltip's hoverTime (rules-names.ts). */
const HOVER_MS = 350;
/** Two animation frames of the page: what the editor measures and draws after a change has been done. */
const afterFrames = () => page.evaluate(() => new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))));

/** The middle of the `nth` occurrence of `word` on the visible line holding `lineText`, in page coordinates. */
async function wordCenter(lineText: string, word: string): Promise<{ x: number; y: number }> {
  const at = await page.evaluate(
    ({ lineText, word }) => {
      const line = Array.from(document.querySelectorAll(".cm-line")).find((l) => l.textContent?.includes(lineText));
      if (!line) return null;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let offset = line.textContent?.indexOf(lineText) ?? -1;
      offset += lineText.indexOf(word);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const len = node.textContent?.length ?? 0;
        if (offset < len) {
          const r = document.createRange();
          r.setStart(node, offset);
          r.setEnd(node, offset + 1);
          const box = r.getBoundingClientRect();
          return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        }
        offset -= len;
      }
      return null;
    },
    { lineText, word },
  );
  if (!at) throw new Error(`no visible line with “${lineText}”`);
  return at;
}

/** Type into a field of the search panel (it reads its fields on keyup, as a person's typing gives it). */
async function fillSearch(field: "search" | "replace", text: string) {
  const input = `.cm-search input[name=${field}]`;
  await page.fill(input, text);
  await page.press(input, "End");
}

/** Find `text` with the search panel (it scrolls there), then close the panel. */
async function scrollTo(text: string) {
  await page.focus(editor); // a click would scroll the wide content sideways to its middle
  await page.keyboard.press("Control+f");
  await fillSearch("search", text);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await lineSettled(text);
}

/**
 * Wait until the visible line holding `text` stays where it is for three frames running. Closing the search panel
 * gives the editor its height back and the editor scrolls in the frames after, so a place measured at once can be
 * taken from under the pointer before the hover looks it up.
 */
async function lineSettled(text: string) {
  const settled = await page.evaluate(async (text) => {
    const frame = () => new Promise<void>((ok) => requestAnimationFrame(() => ok()));
    let last = "";
    let still = 0;
    for (let i = 0; i < 300 && still < 3; i++) {
      await frame();
      const line = Array.from(document.querySelectorAll(".cm-line")).find((l) => l.textContent?.includes(text));
      const box = line?.getBoundingClientRect();
      const at = box ? `${box.left},${box.top}` : "";
      still = at !== "" && at === last ? still + 1 : 0;
      last = at;
    }
    return still >= 3;
  }, text);
  if (!settled) throw new Error(`the line with “${text}” did not come to rest in view`);
}

/** The published 2017 rubric (its text). */
async function published2017(): Promise<{ text: string }> {
  const published = await app.store.prisma.rubricVersion.findFirst({ where: { status: "published", text: { contains: 'version "2017"' } } });
  if (!published) throw new Error("no published 2017 rubric");
  return published;
}

/** A draft of the 2017 rubric under this version, opened in the editor. */
async function openDraft(version: string) {
  const published = await published2017();
  const draft = await createDraft(app.store, { text: published.text.replace('version "2017"', `version "${version}"`), author: "测试准备" });
  await page.goto(`${app.url}/rubrics/${draft.id}`);
  await page.waitForSelector(editor, { timeout: 30_000 });
  return { published, draft };
}

describe("规则编辑器的工具 / the rule editor's tools", () => {
  test("find/replace, completion, hover, go to declaration", async () => {
    const { published } = await openDraft("2017-工具");

    // find/replace from the toolbar: the panel speaks Chinese; replace all, then undo
    await page.click(byTestId("find-replace-button"));
    await page.waitForSelector(".cm-search", { timeout: T });
    expect(await page.getAttribute(".cm-search input[name=search]", "placeholder")).toBe("查找");
    expect(await page.getAttribute(".cm-search input[name=replace]", "placeholder")).toBe("替换为");
    expect(await page.locator(".cm-search button[name=replaceAll]").textContent()).toBe("全部替换");
    await fillSearch("search", "measure 超期件数");
    await page.keyboard.press("Enter"); // to the first match (the editor shows the lines around it)
    await fillSearch("search", "超期件数");
    await fillSearch("replace", "超时件数");
    await shot("editor-find-replace");
    await page.click(".cm-search button[name=replaceAll]");
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("measure 超时件数"), editor, { timeout: T });
    expect(await editorText()).toContain('rate 超期率 "超期率" = 超时件数 / 工单数');
    expect(await editorText()).not.toContain("超期件数 /");
    await page.focus(editor); // a click would scroll the wide content sideways to its middle
    await page.keyboard.press("Control+z");
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("measure 超期件数"), editor, { timeout: T });
    await page.keyboard.press("Escape");
    await page.waitForSelector(".cm-search", { state: "detached", timeout: T });
    // Ctrl+H opens the same panel
    await page.keyboard.press("Control+h");
    await page.waitForSelector(".cm-search input[name=replace]", { timeout: T });
    await page.keyboard.press("Escape");

    // completion: after `per`, the rubric's events, each with its kind and 说明
    await page.focus(editor); // a click would scroll the wide content sideways to its middle
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText(
      '\nevent 测试事件 "<img src=x onerror=window.__xss=1>" points 1\nvalue 测试值 "测试" = round(超期率, 2)\nmonthly 测试考核 {\n  item 一 10 points {\n    deduct per ',
    );
    // after `per ` the list opens by itself, with the events, then the counts (deduct 2 per 超期件数)
    await page.waitForSelector(".cm-tooltip-autocomplete", { timeout: T });
    const events = await page.locator(".cm-tooltip-autocomplete li").allInnerTexts();
    expect(events[0]).toContain("行政不作为");
    const isEvent = events.map((o) => o.includes("考核事件"));
    const firstOther = isEvent.indexOf(false);
    expect(firstOther === -1 || isEvent.slice(firstOther).every((e) => !e)).toBe(true);
    await page.keyboard.insertText("推");
    await page.waitForFunction(() => document.querySelector(".cm-tooltip-autocomplete li")?.textContent?.startsWith("推诿扯皮"), undefined, { timeout: T });
    const offered = await page.locator(".cm-tooltip-autocomplete li").allInnerTexts();
    expect(offered[0]).toContain("推诿扯皮");
    expect(offered[0]).toContain("考核事件");
    await page.waitForSelector(".cm-completionInfo .kh-name-label", { timeout: T });
    expect(await page.locator(".cm-completionInfo").textContent()).toContain("县中心交办事项推诿扯皮，经查证属实");
    await shot("editor-completion-names");
    await page.waitForTimeout(200); // CodeMirror's interactionDelay before Enter chooses
    await page.keyboard.press("Enter");
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.endsWith("deduct per 推诿扯皮"), editor, { timeout: T });
    // in an item's formula: measures and rates, those beginning with what was typed first
    await page.keyboard.insertText("\n  }\n  item 二 10 points = 10 × 满意");
    await page.waitForSelector(".cm-tooltip-autocomplete", { timeout: T });
    const unitNames = await page.locator(".cm-tooltip-autocomplete li").allInnerTexts();
    expect(unitNames[0]).toContain("满意率");
    expect(unitNames.some((o) => o.includes("过程满意数") && o.includes("指标"))).toBe(true);
    await page.keyboard.press("Escape");
    await page.keyboard.insertText("率\n}");

    // hover: a rate used in an item shows its kind, 说明 and the line it is declared on
    const rateLine = published.text.split(/\r?\n/).findIndex((l) => l.startsWith("rate 超期率")) + 1;
    await scrollTo("(100% - 超期率)");
    const rate = await wordCenter("20 × (100% - 超期率)", "超期率");
    await page.mouse.move(rate.x, rate.y);
    await page.waitForSelector(".cm-tooltip-hover .kh-name-info", { timeout: T });
    const hover = await page.locator(".cm-tooltip-hover").textContent();
    expect(hover).toContain("比率指标");
    expect(hover).toContain(`声明于第 ${rateLine} 行`);
    expect(await page.locator(".cm-tooltip-hover .kh-name-source").textContent()).toBe('rate 超期率 "超期率" = 超期件数 / 工单数, when zero: 0 "本月无工单"');
    await shot("editor-hover-name");
    // F12 on it: the cursor goes to the declaration
    await page.mouse.click(rate.x, rate.y);
    await page.keyboard.press("F12");
    await page.waitForFunction(() => document.querySelector(".cm-activeLine")?.textContent?.startsWith("rate 超期率"), undefined, { timeout: T });

    // hover on a function: its signature and meaning; on the event with HTML in its label: the text as written, nothing run
    await page.mouse.move(0, 0);
    await scrollTo("round(超期率, 2)");
    const round = await wordCenter("round(超期率, 2)", "round");
    await page.mouse.move(round.x, round.y);
    await page.waitForFunction(() => document.querySelector(".cm-tooltip-hover")?.textContent?.includes("round(x, 位数)"), undefined, { timeout: T });
    expect(await page.locator(".cm-tooltip-hover").textContent()).toContain("四舍五入");
    // and a link to the manual, searched for it
    expect(await page.getAttribute(".cm-tooltip-hover a.kh-name-manual", "href")).toBe("/reference?q=round(");
    await page.mouse.move(0, 0);
    await scrollTo("deduct per 推诿扯皮");
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\n# 测试事件");
    // the new line drawn, and the editor's scroll to it done (in its next frames), before its place is measured
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".cm-line")).some((l) => l.textContent === "# 测试事件"), undefined, { timeout: T });
    await afterFrames();
    const evil = await wordCenter("# 测试事件", "测");
    await page.mouse.move(evil.x, evil.y); // inside a comment: no tooltip
    // the hover is looked up once the pointer has rested HOVER_MS by the page's clock; twice that, timed in the page
    // (its timers run in order, however busy the machine), and the tooltip would be there by now
    await page.evaluate((ms) => new Promise((ok) => setTimeout(ok, ms)), 2 * HOVER_MS);
    await afterFrames();
    // the pointer is on the comment still (the check says nothing if the text moved from under it)
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest(".cm-line")?.textContent, evil)).toBe("# 测试事件");
    expect(await page.$(".cm-tooltip-hover .kh-name-info")).toBeNull();
    await scrollTo("event 测试事件");
    const use = await wordCenter('event 测试事件 "<img', "测试事件");
    await page.mouse.move(use.x, use.y);
    await page.waitForSelector(".cm-tooltip-hover .kh-name-label", { timeout: T });
    expect(await page.locator(".cm-tooltip-hover .kh-name-label").textContent()).toBe("<img src=x onerror=window.__xss=1>");
    expect(await page.$(".cm-tooltip-hover img")).toBeNull();
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    // Ctrl+click on an event used in an item: to its declaration
    await page.mouse.move(0, 0);
    await scrollTo("deduct per 推诿扯皮");
    const used = await wordCenter("deduct per 推诿扯皮", "推诿扯皮");
    await page.keyboard.down("Control");
    await page.mouse.move(used.x, used.y);
    // with Ctrl held the name is a link
    await page.waitForFunction(() => document.querySelector(".kh-goto-link")?.textContent === "推诿扯皮", undefined, { timeout: T });
    await shot("editor-ctrl-hover-link");
    await page.mouse.down();
    await page.mouse.up();
    await page.keyboard.up("Control");
    await page
      .waitForFunction(() => document.querySelector(".cm-activeLine")?.textContent?.startsWith("event 推诿扯皮"), undefined, { timeout: T })
      .catch(async (err) => {
        await shot("editor-tools-ctrl-click-failed");
        throw err;
      });
    expect(await activeLine()).toContain("县中心交办事项推诿扯皮");
    // only one cursor: Ctrl+click went to the declaration, it did not add a cursor
    expect(await page.locator(".cm-cursor-primary").count()).toBeLessThanOrEqual(1);
  }, 180_000);

  test("saving a text that moves the draft's first month (施行自) says so", async () => {
    const published = await published2017();
    const text = published.text.replace('version "2017"', 'version "2017-施行"');
    const draft = await createDraft(app.store, { text, author: "测试准备" });
    expect(draft.effectiveFrom).toBe("2017-09");
    await page.goto(`${app.url}/rubrics/${draft.id}`);
    await page.waitForSelector(editor, { timeout: 30_000 });
    await page.click(editor);
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(text.replace("in force from 2017-09", "in force from 2019-01"));
    await page.click(byTestId("save-button"));
    await page.locator(".ant-message", { hasText: "已保存；按规则文本，施行月份由 2017年9月 改为 2019年1月" }).waitFor({ timeout: T });
    expect((await app.store.prisma.rubricVersion.findUniqueOrThrow({ where: { id: draft.id } })).effectiveFrom).toBe("2019-01");
  });

  test("a save refused because a colleague saved the draft since stays said, with this page's text to download and the latest to load", async () => {
    // it was a 12-second toast, the page left showing the old text as 未保存 (a policy officer's walk with two tabs)
    const text = (await published2017()).text.replace('version "2017"', 'version "2017-冲突"');
    const draft = await createDraft(app.store, { text, author: "测试准备" });
    await page.goto(`${app.url}/rubrics/${draft.id}`);
    await page.waitForSelector(editor, { timeout: 30_000 });
    const saved = await updateDraft(app.store, draft.id, { text: `${text}\n# 同事的修改\n`, author: "规则编辑（同事）", base: draft.contentHash });
    await page.click(editor);
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\n# 我的修改");
    await page.click(byTestId("save-button"));
    const refused = page.locator(byTestId("save-refused"));
    await refused.waitFor({ timeout: T });
    expect(await refused.textContent()).toMatch(/这份草稿已由 规则编辑（同事） 于 .* 修改并保存，您的修改没有保存/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(byTestId("save-refused-download"))]);
    expect(download.suggestedFilename()).toBe("桓台县市民投诉（民生热线）工作考核办法（2017-冲突）-未保存的修改.kh");
    expect(readFileSync((await download.path()) as string, "utf8")).toMatch(/# 我的修改$/);
    // the latest loaded: the colleague's text, its hash, nothing unsaved
    await page.click(byTestId("save-refused-reload"));
    await refused.waitFor({ state: "hidden", timeout: T });
    expect(await page.locator(byTestId("rubric-meta")).textContent()).toContain(saved.contentHash.slice(0, 12));
    expect(await page.$(byTestId("dirty-tag"))).toBeNull();
    expect(await editorText()).toContain("# 同事的修改");
    expect(await editorText()).not.toContain("# 我的修改");
  });

  test("signing out with unsaved edits asks first, as leaving the page does; staying keeps the edit and the session", async () => {
    // it went straight to the sign-in page, the edit lost (found by a helper walking the editor as 规则编辑)
    const { draft } = await openDraft("2017-退出");
    await page.click(editor);
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("\n# 未保存的修改\n");
    await page.click(byTestId("user-menu"));
    await page.click(byTestId("sign-out"));
    const ask = page.locator(".ant-modal-confirm:visible", { hasText: "退出登录，未保存的修改将会丢失" });
    await ask.waitFor({ timeout: T });
    await ask.locator(".ant-btn:not(.ant-btn-dangerous)").click();
    await ask.waitFor({ state: "hidden", timeout: T });
    expect(new URL(page.url()).pathname).toBe(`/rubrics/${draft.id}`);
    expect(await editorText()).toContain("# 未保存的修改");
    // still signed in: saving works
    await page.click(byTestId("save-button"));
    await page.locator(".ant-message", { hasText: "已保存" }).waitFor({ timeout: T });
    expect((await app.store.prisma.rubricVersion.findUniqueOrThrow({ where: { id: draft.id } })).text).toContain("# 未保存的修改");
  });

  test("publishing a text with warnings lists them, and publishes only once they are confirmed as meant", async () => {
    // a section's items over its points (KH233) was published with one click, the warning under the dialog unsaid
    // (found by a helper as 考核管理员); an admin publishes
    await createUser(app.store, { username: "kaohe", displayName: "考核管理员", role: "admin", password: E2E_PASSWORD }, "测试准备");
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    await signInContext(context, app.url, "kaohe");
    const admin = await context.newPage();
    const published = await published2017();
    const text = published.text
      .replace('version "2017"', 'version "2030-提示"')
      .replace("in force from 2017-09", "in force from 2030-01")
      .replace('item 5.1 "积极参加各类会议、培训" 5 points', 'item 5.1 "积极参加各类会议、培训" 8 points');
    const draft = await createDraft(app.store, { text, author: "测试准备" });
    await admin.goto(`${app.url}/rubrics/${draft.id}`);
    await admin.waitForSelector(editor, { timeout: 30_000 });
    // at once, before the live check has run (the dialog checks the text itself: it showed no warnings so, a review found)
    await admin.click(byTestId("publish-button"));
    const warnings = admin.locator(byTestId("publish-warnings"));
    await warnings.waitFor({ timeout: T });
    expect(await warnings.textContent()).toContain("KH233");
    const confirm = admin.locator(byTestId("publish-confirm"));
    expect(await confirm.textContent()).toMatch(/有 \d+ 处提示，仍然发布/);
    expect(await confirm.isDisabled()).toBe(true);
    await shot("editor-publish-warnings", admin);
    await admin.click(byTestId("publish-warnings-weighed"));
    expect(await confirm.isDisabled()).toBe(false);
    // on screen however long the notes (1,800 pixels down a 768-pixel window: a walk)
    const box = await confirm.boundingBox();
    expect((box?.y ?? Number.POSITIVE_INFINITY) + (box?.height ?? 0)).toBeLessThanOrEqual(admin.viewportSize()?.height ?? 768);
    await confirm.click();
    await admin.locator(".ant-message", { hasText: "已发布" }).waitFor({ timeout: 30_000 });
    expect((await app.store.prisma.rubricVersion.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("published");
    await context.close();
  });

  test("a draft saved by an editor while the publish dialog is open is not published unseen: said, reloaded, then published as shown", async () => {
    // found by a concurrency test: the administrator's publish went through with a line saved after the dialog showed the draft
    await createUser(app.store, { username: "shenhe", displayName: "审核人", role: "admin", password: E2E_PASSWORD }, "测试准备");
    const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    await signInContext(context, app.url, "shenhe");
    const admin = await context.newPage();
    const text = (await published2017()).text.replace('version "2017"', 'version "2030-审阅"').replace("in force from 2017-09", "in force from 2030-02");
    const draft = await createDraft(app.store, { text, author: "测试准备" });
    await admin.goto(`${app.url}/rubrics/${draft.id}`);
    await admin.waitForSelector(editor, { timeout: 30_000 });
    await admin.click(byTestId("publish-button"));
    await admin.locator(byTestId("publish-impact")).waitFor({ timeout: 30_000 });
    // its first month has no data yet: not said to be scored "用现有数据" (a walk), but tried, to check the rubric scores
    await admin.locator(byTestId("publish-first-month"), { hasText: "2030年2月还没有数据" }).waitFor({ timeout: T });
    // the policy officer saves a line meanwhile
    const late = "# 编辑在审阅之后加的一行";
    const saved = await updateDraft(app.store, draft.id, { text: `${text}\n${late}\n`, author: "规则编辑（guize）", base: draft.contentHash });
    const confirm = admin.locator(byTestId("publish-confirm"));
    await confirm.click();
    const refused = admin.locator(byTestId("publish-draft-changed"));
    await refused.waitFor({ timeout: T });
    expect(await refused.textContent()).toMatch(/这份草稿在您查看后已由 规则编辑（guize） 于 .* 修改并保存，本次没有发布/);
    expect(await confirm.isDisabled()).toBe(true);
    expect((await app.store.prisma.rubricVersion.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("draft");
    // the latest text loaded and its impact computed again: then published, the text now shown
    await admin.click(byTestId("publish-reload"));
    await refused.waitFor({ state: "hidden", timeout: T });
    await admin.locator(byTestId("publish-impact")).waitFor({ timeout: 30_000 });
    // the page holds the latest text: its hash shown, and the editor's text that one (not marked unsaved)
    expect(await admin.locator(byTestId("rubric-meta")).textContent()).toContain(saved.contentHash.slice(0, 12));
    expect(await admin.$(byTestId("dirty-tag"))).toBeNull();
    await confirm.click();
    await admin.locator(".ant-message", { hasText: "已发布" }).waitFor({ timeout: 30_000 });
    const row = await app.store.prisma.rubricVersion.findUniqueOrThrow({ where: { id: draft.id } });
    expect([row.status, row.text.includes(late)]).toEqual(["published", true]);
    await context.close();
  });

  test("a text with thousands of problems (a rubric pasted 40 times over) lists the first 200 and says how many more", async () => {
    const { published } = await openDraft("2017-粘贴");
    await page.waitForSelector(byTestId("diagnostics-errors"), { timeout: T });
    // pasted as a person pastes (the editor takes the clipboard's text in one change)
    await page.evaluate(
      ({ sel, text }) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        const content = document.querySelector(sel) as HTMLElement;
        content.focus();
        document.execCommand("selectAll");
        content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      },
      { sel: editor, text: published.text.repeat(40) },
    );
    const more = page.locator(byTestId("diagnostics-more"));
    await more.waitFor({ timeout: T });
    const errors = Number((await page.textContent(byTestId("diagnostics-errors")))?.match(/\d+/)?.[0]);
    expect(errors).toBeGreaterThan(2000);
    expect(await page.locator(byTestId("diagnostic-item")).count()).toBe(200);
    expect(await more.textContent()).toContain(`另有 ${(errors - 200).toLocaleString("zh-CN")} 处问题未列出`);
  });

  test("the language manual: in the editor's side panel and on its page, searched", async () => {
    await page.click(byTestId("manual-button"));
    await page.waitForSelector(byTestId("manual-search"), { timeout: 30_000 });
    await page.fill(byTestId("manual-search"), "threshold");
    // the sections found are drawn with the search, the words marked in them just after: "8 节，0 处" shows first, with no
    // highlight yet (read then, the count below raced the marking)
    await page.waitForFunction((sel) => /\d+ 节，[1-9]\d* 处/.test(document.querySelector(sel)?.textContent ?? ""), byTestId("manual-count"), { timeout: T });
    const marked = await page.evaluate(() => (CSS as unknown as { highlights: Map<string, Set<unknown>> }).highlights.get("kh-manual-match")?.size ?? 0);
    expect(marked).toBeGreaterThan(0);
    const visible = await page.locator(`${byTestId("manual")} section:not([hidden])`).allTextContents();
    expect(visible.length).toBeGreaterThan(0);
    for (const s of visible) expect(s.toLowerCase()).toContain("threshold");
    // the examples are code, coloured as in the editor
    expect(await page.locator(`${byTestId("manual")} section:not([hidden]) pre code .kh-tok-keyword`).count()).toBeGreaterThan(0);
    await shot("editor-manual-panel");

    // the page of its own, from the rubric list; a search with two words
    const manualPage = await page.context().newPage();
    await manualPage.setViewportSize({ width: 1366, height: 768 });
    await manualPage.goto(`${app.url}/rubrics`);
    await manualPage.click(byTestId("reference-link"));
    await manualPage.waitForURL((u) => u.pathname === "/reference", { timeout: T });
    await manualPage.waitForSelector(byTestId("manual-search"), { timeout: 30_000 });
    expect(await manualPage.locator(".kh-manual-toc button").count()).toBeGreaterThan(50);
    // the table of contents scrolls, each entry a line high (not squeezed into the panel)
    expect(
      await manualPage
        .locator(".kh-manual-toc button")
        .last()
        .evaluate((e) => e.getBoundingClientRect().height),
    ).toBeGreaterThan(16);
    await shot("reference-page", manualPage);
    await manualPage.fill(byTestId("manual-search"), "KH213 per");
    // a search's count (N 节，M 处): the whole manual's 共 122 节, still shown as the words are typed, matched /\d+ 节/ at
    // once, and the sections below were read before the search was applied
    await manualPage.waitForFunction((sel) => /\d+ 节，\d+ 处/.test(document.querySelector(sel)?.textContent ?? ""), byTestId("manual-count"), { timeout: T });
    const titles = await manualPage.locator(`${byTestId("manual")} section:not([hidden]) h3`).allTextContents();
    expect(titles.some((t) => t.startsWith("KH213"))).toBe(true);
    // the section whose heading holds the words is brought into view
    await manualPage.waitForFunction(
      () => {
        const h = Array.from(document.querySelectorAll(".kh-manual-body h3")).find((e) => e.textContent?.startsWith("KH213"));
        const body = document.querySelector(".kh-manual-body");
        return h && body && Math.abs(h.getBoundingClientRect().top - body.getBoundingClientRect().top) < 40;
      },
      undefined,
      { timeout: T },
    );
    await shot("reference-search", manualPage);
    // nothing found: said so
    await manualPage.fill(byTestId("manual-search"), "没有这样的词语");
    await manualPage.waitForFunction((sel) => document.querySelector(sel)?.textContent === "没有找到", byTestId("manual-count"), { timeout: T });
    // a chapter link of the manual's own table of contents scrolls inside the page
    await manualPage.fill(byTestId("manual-search"), "");
    await manualPage.click('.kh-manual-body a[href^="#4-"]'); // the anchor, percent-encoded
    await manualPage.waitForFunction(
      () => {
        const h = document.getElementById("4-表达式-expressions");
        const body = document.querySelector(".kh-manual-body");
        return h && body && Math.abs(h.getBoundingClientRect().top - body.getBoundingClientRect().top) < 40;
      },
      undefined,
      { timeout: T },
    );
    expect(new URL(manualPage.url()).pathname).toBe("/reference");
    await manualPage.close();
  }, 120_000);
});

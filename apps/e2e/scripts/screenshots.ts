/**
 * Screenshots of every console page at 1366×768, as docs/screenshots/README.md lists them.
 *
 *   npx tsx apps/e2e/scripts/screenshots.ts
 *
 * starts the server on a fresh demo database (the demo data carried through a month's cycle: 2018-10
 * published, 2018-11 open to the units; one user per role, README's demo accounts) with the console
 * built for production, and drives Debian's Chromium through the pages. `KAOHE_URL=http://…` takes the
 * pages of a demo server already started instead (`npm run demo`); the last two pictures need the
 * database (a rubric ranking two assessments is published for the latest month) and are left out then.
 * Chromium needs a Chinese font (Debian: fonts-noto-cjk); the script refuses to run without one.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@kaohe/db";
import { createKaoheServer } from "@kaohe/server";
import { createDraft, DEMO_PASSWORD, publishRubricVersion, seedDemo } from "@kaohe/services";
import type { Browser, Page } from "playwright-core";
import { launchChromium, signInPage } from "../test/support/app.ts";
import { buildConsole, root } from "../test/support/console-build.ts";
import { QUARTERLY, quarterlyVariant } from "../test/support/rubric-variants.ts";

const out = join(root, "docs/screenshots");
const VIEWPORT = { width: 1366, height: 768 };

/** Something still loading: a skeleton, a spinner, a button waiting for its answer. */
const BUSY = ".ant-skeleton, .ant-spin-spinning, .ant-btn-loading, .ant-table-placeholder .ant-spin";

/**
 * Wait until the page has drawn its content: the element it is for shown (`ready`), no request in flight
 * and nothing loading for a second and a half running (a redirect or a second query starts after the first).
 */
async function settled(page: Page, ready?: string): Promise<void> {
  if (ready) await page.waitForSelector(ready, { timeout: 180_000 });
  const deadline = Date.now() + 180_000;
  let quiet = 0;
  while (quiet < 5) {
    if (Date.now() > deadline) throw new Error(`页面 ${page.url()} 三分钟内未加载完`);
    await page.waitForLoadState("networkidle", { timeout: 180_000 });
    const busy = await page.evaluate((sel) => document.querySelector(sel) !== null || !document.querySelector("#root *"), BUSY);
    quiet = busy ? 0 : quiet + 1;
    await page.waitForTimeout(300);
  }
}

async function signedIn(browser: Browser, url: string, username: string | null): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`页面脚本出错：${e}`));
  if (username) await signInPage(page, url, username, DEMO_PASSWORD);
  return page;
}

async function shot(page: Page, name: string, path: string, ready?: string, then?: (page: Page) => Promise<void>): Promise<void> {
  await page.goto(`${page.url().split("/").slice(0, 3).join("/")}${path}`);
  await settled(page, ready);
  if (then) {
    await then(page);
    await settled(page);
  }
  await page.screenshot({ path: join(out, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png  ${path}`);
}

async function main(): Promise<void> {
  // without a Chinese font Chromium draws every character as a box: the pictures would be useless
  const zh = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  if (zh.status === 0 && zh.stdout.trim() === "")
    throw new Error("没有中文字体，截图中的汉字会显示为方框：请先安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）");
  mkdirSync(out, { recursive: true });
  let url = process.env.KAOHE_URL?.replace(/\/$/, "");
  let store: Store | null = null;
  let stop = async () => {};
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), "kaohe-shots-"));
    // served from a copy: another build of apps/console (a test run beside this one) replaces dist/ as it goes
    const consoleDir = join(dir, "console");
    cpSync(buildConsole(), consoleDir, { recursive: true });
    const s = await openStore(`file:${join(dir, "kaohe.db")}`);
    console.log("准备演示数据 …");
    await seedDemo(s, { cycle: true });
    const server = createKaoheServer({ store: s, consoleDir });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = s;
    stop = async () => {
      await server.stop();
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const browser = await launchChromium();
  try {
    const anonymous = await signedIn(browser, url, null);
    await anonymous.goto(url);
    await shot(anonymous, "login", "/login");

    // the system administrator sees every page
    const admin = await signedIn(browser, url, "xitong");
    await shot(admin, "ranking", "/ranking", '[data-testid="ranking-table"]');
    const month = new URL(admin.url()).pathname.split("/").pop() as string;
    await shot(admin, "unit", `/units/HTZ01?period=${month}`, '[data-testid="unit-items"]');
    await shot(admin, "year", "/year/2018");
    await shot(admin, "rubrics", "/rubrics");
    const versions = await admin.evaluate(async () => {
      const r = await fetch("/trpc/rubrics.list");
      return ((await r.json()) as { result: { data: { id: number; version: string }[] } }).result.data;
    });
    const v2017 = versions.find((v) => v.version === "2017");
    const revision = versions.find((v) => v.version === "2018-example");
    if (!v2017 || !revision) throw new Error("演示数据中没有 2017 版或 2018-example 版规则");
    await shot(admin, "rubric-editor", `/rubrics/${v2017.id}`);
    await shot(admin, "reference", "/reference");
    await shot(admin, "compare", `/compare?b=${revision.id}&period=2018-03`, ".ant-table-row");
    await shot(admin, "data", "/data");
    await shot(admin, "review", "/review/2018-11");
    await shot(admin, "users", "/users");
    await shot(admin, "audit", "/audit");

    // a unit's liaison: the month open to the units, their explanation and objections
    const unit = await signedIn(browser, url, "tangshan");
    await shot(unit, "responses", "/responses/2018-11");

    if (store) {
      // a rubric that ranks a month and its quarter, with an indicator only reported: in force for the latest month
      const draft = await createDraft(store, { text: quarterlyVariant(month), author: "截图准备" });
      await publishRubricVersion(store, draft.id, "截图准备");
      await shot(admin, "ranking-assessments", `/ranking/${month}?assessment=${encodeURIComponent(QUARTERLY.name)}`, '[data-testid="ranking-table"]');
      await shot(admin, "unit-indicators", `/units/HTZ01?period=${month}`, '[data-testid="unit-indicators"]', async (page) => {
        await page.locator('[data-testid="unit-indicators"]').scrollIntoViewIfNeeded();
      });
    }
  } finally {
    await browser.close();
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

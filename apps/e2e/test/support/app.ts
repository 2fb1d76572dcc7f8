/**
 * The application as a user meets it: the console built for production,
 * served by the real server on a fresh SQLite database that holds the
 * shipped rubric versions and no data yet, driven in Debian's Chromium.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openStore, type Store } from "@kaohe/db";
import { createKaoheServer } from "@kaohe/server";
import { createUser, loadRubricFiles, setCenterName, shippedRubrics } from "@kaohe/services";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { signIn } from "../../../server/test/support.ts";
import { buildConsole, root } from "./console-build.ts";

export { root };
export const screenshotDir = join(root, "screenshots");

/**
 * A picture of a step for a person to look at (screenshots/), taken when KAOHE_SCREENSHOTS=1: not on every run, where
 * nobody looks at them and each full-page PNG costs the browser a capture and the test an encoding (a failed test's
 * pages are always pictured: explain.ts).
 */
export async function keepScreenshot(page: Page, options: { path: string; fullPage?: boolean }): Promise<void> {
  if (process.env.KAOHE_SCREENSHOTS === "1") await page.screenshot(options);
}

export interface App {
  url: string;
  store: Store;
  browser: Browser;
  page: Page;
  dataDir: string;
  downloads: string;
  shot(name: string): Promise<void>;
  /** the tasks the server's threads have been sent and not yet answered (a failed test prints them: explain.ts) */
  busy(): string[];
  close(): Promise<void>;
}

/** The center's name the e2e stores start with. */
export const E2E_CENTER = "桓台县民生热线服务中心";

/** Every e2e user's password, and the administrator the month is walked through as. */
export const E2E_PASSWORD = "E2e-Password-2017";
const E2E_ADMIN = "wangkz";

/** Sign in through the sign-in page, as a person does. */
export async function signInPage(page: Page, url: string, username: string, password = E2E_PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('[data-testid="login-username"]', username);
  await page.fill('[data-testid="login-password"]', password);
  await page.click('[data-testid="login-submit"]');
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 30_000 });
}

/**
 * Sign a browser session in over HTTP, as the sign-in page does (POST /auth/signin), and hand it the session's
 * cookie: for steps whose subject is not signing in. It spares the sign-in page and the page it lands on, two page
 * loads of 1.5 to 3 s of Chromium's CPU each; signing in through the page is walked in roles.test.ts and others.
 */
export async function signInContext(context: BrowserContext, url: string, username: string, password = E2E_PASSWORD): Promise<void> {
  const { cookie } = await signIn(url, username, password);
  await context.addCookies([{ name: "kaohe_session", value: cookie.slice(cookie.indexOf("=") + 1), url, httpOnly: true, sameSite: "Strict" }]);
}

/**
 * The browsers the tests can drive, the first one installed: Debian's Chromium headless shell (package
 * chromium-headless-shell: Chromium's own engine without the desktop browser around it, what Playwright drives
 * headless by default), then the full Chromium run headless. The shell takes about half the CPU for the same test
 * file (layout.test.ts on a 2-core machine: 55 s of CPU against 93–103 s, 36 s against 52–58 s of wall time), and
 * the suite is CPU-bound there. scripts/run-tests.mjs installs it.
 */
const CHROMIUM_BINARIES = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

/**
 * Debian's Chromium, headless, as the e2e tests and the page bench drive it: KAOHE_CHROMIUM names another binary,
 * `executablePath` one for this caller (the page bench measures the full browser a person has).
 */
export async function launchChromium(executablePath = process.env.KAOHE_CHROMIUM ?? CHROMIUM_BINARIES.find((b) => existsSync(b))): Promise<Browser> {
  if (!executablePath || !existsSync(executablePath))
    throw new Error(`找不到 Chromium（${executablePath ?? CHROMIUM_BINARIES.join("、")}）：npm test 会用 apt-get 安装 chromium-headless-shell`);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // every page as a user who asks their system for less motion: the console's dialogs and drawers appear at once
  // (main.tsx), so a click is never aimed at a button still zooming in (a confirmation's OK clicked mid-animation and
  // missed). Chromium's own switch for it does nothing headless; a context's option does
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ reducedMotion: "reduce", ...options });
  return browser;
}

/**
 * The first module of the server's worker threads: the bundle built of the current sources (the global setup builds
 * it: console-build.ts), which a thread loads in about a second, where the sources through tsx took 5 to 10 s a
 * thread on a busy 2-core machine, every app waiting on them at its first sign-in; the sources themselves when the
 * bundle is not current (a source changed since), so that a test never runs code older than the checkout's.
 */
async function workerEntry(): Promise<URL | undefined> {
  const build = (await import(pathToFileURL(join(root, "scripts/build.mjs")).href)) as { freshEntry(name: string, entry: string): URL | undefined };
  return build.freshEntry("server", "worker");
}

export async function startApp(): Promise<App> {
  // Chromium starts while the store is made and the server's threads start
  const launched = launchChromium();
  launched.catch(() => {}); // awaited below: a failure meanwhile is not also an unhandled rejection
  const prepare = async () => {
    const consoleDir = buildConsole();
    const dataDir = mkdtempSync(join(tmpdir(), "kaohe-e2e-"));
    const store = await openStore(`file:${join(dataDir, "kaohe.db")}`);
    await loadRubricFiles(store, await shippedRubrics(), "系统");
    // the center's name, as the first start asks for it (month.test.ts removes it to walk the console's own question)
    await setCenterName(store, E2E_CENTER, "测试准备");
    // the center's administrator, who walks through the month
    await createUser(store, { username: E2E_ADMIN, displayName: "考核办王科长", role: "admin", password: E2E_PASSWORD }, "测试准备");
    const server = createKaoheServer({ store, consoleDir, threads: { entry: await workerEntry() } });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    return { dataDir, store, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  // should the store or the server fail, the browser is closed, not left running
  const { dataDir, store, server, url } = await prepare().catch(async (err) => {
    await launched.then(
      (b) => b.close(),
      () => {},
    );
    throw err;
  });
  // should Chromium fail, the server and the store are stopped, not left running in the worker
  const browser = await launched.catch(async (err) => {
    await server.stop();
    await store.close();
    throw err;
  });
  const downloads = join(dataDir, "downloads");
  mkdirSync(downloads, { recursive: true });
  mkdirSync(screenshotDir, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", acceptDownloads: true, timezoneId: "Asia/Shanghai" });
  await signInContext(context, url, E2E_ADMIN);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // a script or style the Content-Security-Policy refused is a page that does not work as built
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  return {
    url,
    store,
    browser,
    page,
    dataDir,
    downloads,
    async shot(name) {
      // no fixed wait before it (300 ms a shot, 6 s of month.test.ts): the pages' motion is off (reducedMotion,
      // launchChromium), and a screenshot is taken of a frame drawn after it was asked for
      await keepScreenshot(page, { path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    busy: () => server.busy(),
    async close() {
      await browser.close();
      await server.stop();
      await store.close();
      if (errors.length) throw new Error(`页面脚本出错 / page errors:\n${errors.join("\n")}`);
    },
  };
}

/**
 * A failed e2e test says what the user would have seen and what was still under way: each open page's address, the
 * messages, dialogs and alerts on it, a screenshot (screenshots/failed-….png), the requests the browser had sent and
 * not had answered, and the tasks the server's threads were still working on. A test that fails one run in several
 * (the publication that never showed 已发布) is then found from that run's output, not guessed at.
 */
import { join } from "node:path";
import type { BrowserContext, Page, Request } from "playwright-core";
import { beforeEach } from "vitest";
import type { App } from "./app.ts";
import { screenshotDir } from "./app.ts";

/** requests sent and not yet answered, per browser context, with when each was sent */
const open = new WeakMap<BrowserContext, Map<Request, number>>();

function track(context: BrowserContext): void {
  if (open.has(context)) return;
  const sent = new Map<Request, number>();
  open.set(context, sent);
  const done = (r: Request) => sent.delete(r);
  context.on("request", (r) => sent.set(r, Date.now()));
  context.on("requestfinished", done);
  context.on("requestfailed", done);
}

/** what a page shows: its address, then the visible messages, dialogs, alerts and busy buttons' text */
async function shown(page: Page): Promise<string> {
  const seen = await page.evaluate(() => {
    const visible = (e: Element) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === "fixed";
    const texts = (selector: string) =>
      Array.from(document.querySelectorAll(selector))
        .filter(visible)
        .map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 300))
        .filter(Boolean);
    return {
      messages: texts(".ant-message-notice, .ant-notification-notice"),
      dialogs: texts(".ant-modal-wrap .ant-modal"),
      alerts: texts(".ant-alert"),
      busy: texts(".ant-btn-loading"),
    };
  });
  return [`  页面 page ${page.url()}`, ...Object.entries(seen).flatMap(([kind, list]) => list.map((t) => `    ${kind}: ${t}`))].join("\n");
}

/** Within `ms`, or a line saying it did not answer (a page hung on a script must not hang the explanation). */
const within = <T>(ms: number, work: Promise<T>, fallback: T): Promise<T> =>
  Promise.race([work.catch(() => fallback), new Promise<T>((ok) => setTimeout(() => ok(fallback), ms))]);

/** The state of the browser and the server when a test failed, as printed; a screenshot of each page beside it. */
async function explain(app: App, name: string): Promise<string> {
  const now = Date.now();
  const pages = app.browser.contexts().flatMap((c) => c.pages());
  const lines: string[] = [`[e2e] “${name}” 失败时 / when it failed:`];
  for (const [i, page] of pages.entries()) {
    lines.push(await within(5_000, shown(page), `  页面 page ${page.url()}（未应答 did not answer）`));
    const file = join(screenshotDir, `failed-${name.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60)}-${i + 1}.png`);
    if (
      await within(
        10_000,
        page.screenshot({ path: file, fullPage: true }).then(() => true),
        false,
      )
    )
      lines.push(`    截图 screenshot ${file}`);
  }
  for (const context of app.browser.contexts())
    for (const [r, t] of open.get(context) ?? [])
      lines.push(`  未应答的请求 request unanswered: ${r.method()} ${r.url()} (${((now - t) / 1000).toFixed(1)} s)`);
  for (const task of app.busy()) lines.push(`  服务器线程 server thread: ${task}`);
  return lines.join("\n");
}

/** Each failed test in this file prints `explain` (requests are tracked in the contexts open when each test starts). */
export function explainFailures(current: () => App | undefined): void {
  beforeEach(({ task, onTestFailed }) => {
    const app = current();
    if (!app) return;
    for (const context of app.browser.contexts()) track(context);
    onTestFailed(async () => {
      console.error(await explain(app, task.name));
    });
  });
}

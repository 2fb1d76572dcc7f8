/** Pages as a phone shows them, and how their text is laid out: the layout tests' tools. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { signInContext } from "./app.ts";

/** A signed-in page on a phone's screen (390 × 844, touch), its context pushed onto `contexts` to be closed. */
export async function phonePage(browser: Browser, url: string, contexts: BrowserContext[], username: string, password: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    isMobile: true,
    hasTouch: true,
  });
  contexts.push(context);
  await signInContext(context, url, username, password);
  return context.newPage();
}

/** How many lines each of the elements' texts takes (its height over its line height). */
export async function lines(page: Page, selector: string): Promise<Record<string, number>> {
  return page.$$eval(selector, (els) =>
    Object.fromEntries(
      els.map((el) => {
        // the lines the text's characters are laid out on (the middles of their boxes, a few pixels apart at most)
        const middles: number[] = [];
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of Array.from(range.getClientRects())) if (r.width > 0) middles.push(r.top + r.height / 2);
        }
        const rows = middles.sort((x, y) => x - y).filter((m, i, all) => i === 0 || m - (all[i - 1] as number) > 6);
        return [(el.textContent ?? "").trim(), rows.length];
      }),
    ),
  );
}

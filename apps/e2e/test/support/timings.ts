/**
 * How long each page takes until its table is shown, as the browser loads it
 * (informational: printed at the end of a test file, never asserted). Each
 * visit is a full page load: the time runs from the navigation to the table's
 * first appearance; beside it what the page's scripts and styles cost on the
 * wire (compressed, 0 when the browser had them cached) and as built.
 */
import type { Page } from "playwright-core";

interface Visit {
  page: string;
  ms: number;
  /** scripts and styles: bytes transferred (compressed, 0 from the cache), bytes decoded */
  transferred: number;
  decoded: number;
  /** the requests to /trpc made before the table showed (the console batches calls made together), and the slowest */
  calls: number;
  slowest: string;
}

export class PageTimings {
  private readonly visits: Visit[] = [];

  /** Open `url` and wait until `ready` is shown; recorded under `name`. */
  async open(page: Page, url: string, name: string, ready: string, timeout = 60_000): Promise<void> {
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForSelector(ready, { timeout });
    const ms = Date.now() - t0;
    const resources = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((r) => ({
        name: r.name,
        type: r.initiatorType,
        transferred: r.transferSize,
        decoded: r.decodedBodySize,
        ms: r.duration,
      })),
    );
    const assets = resources.filter((r) => /\/assets\//.test(r.name));
    const calls = resources.filter((r) => /\/trpc\//.test(r.name));
    const slowest = calls.sort((a, b) => b.ms - a.ms)[0];
    this.visits.push({
      page: name,
      ms,
      transferred: assets.reduce((n, r) => n + r.transferred, 0),
      decoded: assets.reduce((n, r) => n + r.decoded, 0),
      calls: calls.length,
      slowest: slowest ? `${decodeURIComponent(new URL(slowest.name).pathname.replace(/^\/trpc\//, ""))} ${Math.round(slowest.ms)} ms` : "",
    });
  }

  /** The table of every visit, in order. */
  print(title: string): void {
    if (this.visits.length === 0) return;
    const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
    const width = Math.max(...this.visits.map((v) => v.page.length)) + 2;
    const lines = [
      `\n${title}：每页到表格显示的时间 / time until each page's table shows（仅供参考 / informational）`,
      `${"页面 page".padEnd(width)} ${"ms".padStart(6)}  ${"脚本样式 传输 / 解码 assets on the wire / decoded".padEnd(30)}  接口请求 requests（最慢的 slowest，批量 batched calls）`,
      ...this.visits.map(
        (v) =>
          `${v.page.padEnd(width)} ${String(v.ms).padStart(6)}  ${`${kib(v.transferred)} / ${kib(v.decoded)}`.padEnd(30)}  ${v.calls}（${v.slowest || "—"}）`,
      ),
    ];
    console.log(lines.join("\n"));
  }
}

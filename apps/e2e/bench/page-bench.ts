/**
 * What the console costs the browser, part of `npm run bench`: pages of the demo loaded as a person opens them, each
 * round in a new browser session (nothing cached, as on a colleague's computer), in Debian's Chromium. For each page
 * the time from the navigation to its content (the ranking's rows, the unit's chart, the editor, the import history),
 * and the CPU Chromium's processes spent per page load (read from /proc: the browser, its renderers and the GPU
 * process alike). Rounds alternate between the servers compared, so that the machine's noise hits each alike.
 * Figures, not assertions: the machines are shared and noisy.
 *
 *   BENCH_CONSOLES="before=/tmp/old,after=/work/main"   built checkouts to compare (label=root), each its own demo data;
 *                             the ratios of the last to the first are printed. Default: this checkout's build.
 *   BENCH_ROUNDS=8            new browser sessions per checkout
 *   KAOHE_CHROMIUM=/usr/bin/chromium   the browser measured: the full Chromium a person has (not the tests' headless shell)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_PASSWORD, DEMO_PREVIEW_MONTH } from "@kaohe/services";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { startBuiltServer, stopServer } from "../../server/test/support.ts";
import { launchChromium, signInPage } from "../test/support/app.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const CONSOLES = (process.env.BENCH_CONSOLES ?? `kaohe=${root}`).split(",").map((spec) => {
  const [label = "", at = ""] = spec.split("=");
  return { label, root: at };
});

/** The CPU seconds Chromium's processes have spent so far (utime + stime of each, children waited for included). */
function chromiumCpuSeconds(): number {
  const tick = 100;
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("chromium")) continue;
      const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
      total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // the process ended meanwhile
    }
  }
  return total / tick;
}

interface Measured {
  label: string;
  base: string;
  state: BrowserContextOptions["storageState"];
  pages: { name: string; path: string; ready: string; ms: number[] }[];
  cpuPerLoad: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Sign in once (the session's cookie is reused by each round's new browser session) and find a unit to open. */
async function prepare(browser: Browser, label: string, base: string): Promise<Measured> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signInPage(page, base, "kaohe", DEMO_PASSWORD);
  await page.goto(`${base}/ranking/${DEMO_PREVIEW_MONTH}`);
  const unit = await (await page.waitForSelector('a[href^="/units/"]')).getAttribute("href");
  const state = await context.storageState();
  await context.close();
  const pages = [
    { name: "月度排名 ranking", path: `/ranking/${DEMO_PREVIEW_MONTH}`, ready: ".ant-table-row" },
    { name: "单位 a unit", path: unit ?? "", ready: "canvas" },
    { name: "规则编辑 the editor", path: "/rubrics/1", ready: ".cm-content" },
    { name: "数据 data", path: "/data", ready: ".ant-table-row" },
  ];
  return { label, base, state, pages: pages.map((p) => ({ ...p, ms: [] })), cpuPerLoad: [] };
}

async function round(browser: Browser, m: Measured): Promise<void> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", storageState: m.state, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const cpu0 = chromiumCpuSeconds();
  for (const p of m.pages) {
    const t0 = performance.now();
    await page.goto(`${m.base}${p.path}`);
    await page.waitForSelector(p.ready, { timeout: 60_000 });
    p.ms.push(performance.now() - t0);
  }
  m.cpuPerLoad.push(((chromiumCpuSeconds() - cpu0) * 1000) / m.pages.length);
  await context.close();
}

const dir = mkdtempSync(join(tmpdir(), "kaohe-page-bench-"));
const servers: Awaited<ReturnType<typeof startBuiltServer>>[] = [];
// launched as the e2e tests launch it
const browser = await launchChromium(process.env.KAOHE_CHROMIUM ?? "/usr/bin/chromium");
try {
  const measured: Measured[] = [];
  for (const c of CONSOLES) {
    const server = await startBuiltServer(c.root, { DATABASE_URL: `file:${join(dir, `${c.label}.db`)}` });
    servers.push(server);
    measured.push(await prepare(browser, c.label, server.base));
  }
  // a round of each first, not counted: the servers' first answers, Chromium's own start
  for (const m of measured) await round(browser, { ...m, pages: m.pages.map((p) => ({ ...p, ms: [] })), cpuPerLoad: [] });
  for (let r = 0; r < ROUNDS; r++) for (const m of r % 2 === 0 ? measured : [...measured].reverse()) await round(browser, m);
  console.log(
    `控制台页面 console pages：演示数据，每轮一个新的浏览器会话，${ROUNDS} 轮取中位数 / the demo data, a new browser session each round, medians of ${ROUNDS} rounds`,
  );
  for (const m of measured) {
    const pages = m.pages.map((p) => `${p.name} ${Math.round(median(p.ms))} ms`).join("；");
    console.log(`  ${m.label}：${pages}；Chromium CPU 每次页面加载 per page load ${Math.round(median(m.cpuPerLoad))} ms`);
  }
  const [first, last] = [measured[0], measured[measured.length - 1]];
  if (first && last && first !== last) {
    const ratios = first.pages.map((p, i) => `${p.name} ${(median(last.pages[i]?.ms ?? []) / median(p.ms)).toFixed(2)}×`).join("；");
    console.log(`  ${last.label} ÷ ${first.label}：${ratios}；CPU ${(median(last.cpuPerLoad) / median(first.cpuPerLoad)).toFixed(2)}×`);
  }
} finally {
  await browser.close();
  for (const s of servers) await stopServer(s.child);
  rmSync(dir, { recursive: true, force: true });
}

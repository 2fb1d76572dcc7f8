/**
 * Starts kaohe: migrates the store (embedded SQLite by default), loads the shipped rubrics, fills an empty
 * store with the Huantai demo data and its users (not with KAOHE_DEMO=0: a store for real use, whose first
 * start creates a 系统管理员 instead), and serves the console at the URL it prints.
 */
import { type AddressInfo, isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { createInterface } from "node:readline/promises";
import { AppError, DEFAULT_SQLITE_URL, openStore } from "@kaohe/db";
import {
  DEMO_PREVIEW_MONTH,
  DEMO_PUBLISHED_MONTH,
  demoPasswordsInUse,
  ensureFirstAdmin,
  getCenterName,
  loadRubricFiles,
  recordInterruptedImports,
  seedDemo,
  setCenterName,
  shippedRubrics,
} from "@kaohe/services";
import { plainAddress } from "./auth.ts";
import { createKaoheServer, isLoopbackHost } from "./server.ts";

const url = process.env.DATABASE_URL ?? DEFAULT_SQLITE_URL;
const port = Number(process.env.PORT ?? 5180);
const host = process.env.HOST ?? "127.0.0.1";
// KAOHE_DEMO=0 (false, no, off, 否): a store for real use gets no demo data and no demo users with the README's password
const demo = !/^(0|false|no|off|否)$/i.test(process.env.KAOHE_DEMO?.trim() ?? "");
// behind a reverse proxy (nginx): its addresses, so that sign-in locks and the audit log name the client, not the proxy
const trustedProxies = (process.env.KAOHE_TRUSTED_PROXIES ?? "").split(/[\s,]+/).filter(Boolean);
const notAddresses = trustedProxies.filter((a) => isIP(plainAddress(a)) === 0);
if (notAddresses.length > 0) {
  console.error(`KAOHE_TRUSTED_PROXIES 中“${notAddresses.join("、")}”不是 IP 地址：请写反向代理的 IP 地址，多个用逗号分隔 / not IP addresses`);
  process.exit(1);
}

/** Until it listens, a failure is the start's: said (an AppError in its own words, anything else whole) and exit 1. */
let listening = false;
const startFailed = (err: unknown) => {
  console.error(err instanceof AppError ? `kaohe 未能启动：${err.zh}\n  / kaohe did not start: ${err.en}` : err);
  process.exit(1);
};
// whatever goes wrong in one request is that request's error: logged here, and the server stays up
process.on("unhandledRejection", (err) => {
  if (!listening) startFailed(err);
  console.error(`[kaohe] ${new Date().toISOString()} 未处理的错误 / unhandled rejection:`, err);
});
process.on("uncaughtException", (err) => {
  if (!listening) startFailed(err);
  console.error(`[kaohe] ${new Date().toISOString()} 未捕获的错误 / uncaught exception:`, err);
});

const store = await openStore(url);
// imports the last process was stopped in (killed, the power cut): nothing of them was stored (all or nothing); said in
// the audit log and on the data page, before this process can start one of its own
const interrupted = await recordInterruptedImports(store).catch((err: unknown) => {
  // never in the way of starting: the data page simply does not list them
  console.error("[kaohe] 无法检查上次运行时中断的导入 / could not look for interrupted imports:", err);
  return [];
});
for (const lost of interrupted)
  console.warn(
    `[kaohe] 上次运行时 ${lost.startedBy} 开始的导入（${lost.files.join("、")}）因服务器停止而中断，没有保存任何数据 / an import was interrupted by the server stopping; nothing of it was stored`,
  );
// the shipped rubric versions in every store: with the demo (seedDemo loads them), or alone
let seeded = false;
if (demo) {
  // a terminal's line rewritten as the percentage moves; a log file (a service, `npm start > log`) a line a quarter,
  // not every step's line run together by \r
  let shown = -1;
  seeded = await seedDemo(store, {
    cycle: true,
    onProgress: (p) => {
      const percent = Math.round(p.fraction * 100);
      const step = process.stdout.isTTY ? percent : Math.floor(percent / 25) * 25;
      if (step === shown) return;
      shown = step;
      process.stdout.write(process.stdout.isTTY ? `\r写入演示数据 ${percent}%   ` : `写入演示数据 ${step}%\n`);
    },
  });
}
// for real use as drafts: a county's data is not scored by Huantai's method until its own center publishes one
else if (
  (await loadRubricFiles(
    store,
    (await shippedRubrics()).map((f) => ({ ...f, publish: false })),
    "系统",
  )) > 0
)
  process.stdout.write(
    "随附的规则（桓台县 2017 年办法及几份示例）已作为草稿载入，尚未施行：请由规则编辑改写为本地的考核办法（或从空白开始），考核管理员发布后施行。\n",
  );
if (seeded) {
  process.stdout.write(`${process.stdout.isTTY ? "\n" : ""}已写入桓台县演示数据、随附规则版本与各角色的演示用户（见 README）。\n`);
  process.stdout.write(`演示：${DEMO_PUBLISHED_MONTH} 已发布，${DEMO_PREVIEW_MONTH} 已向各单位开放预览（可提交书面说明、提出异议）。\n`);
}
// a store without a 系统管理员: one is made, its password shown this once (it must be changed at the first sign-in)
const admin = await ensureFirstAdmin(store);
if (admin) {
  console.log("\n已创建系统管理员账号（密码只显示这一次，首次登录后须修改）/ a system administrator was created (the password is shown once):");
  console.log(`  用户名 / user name: ${admin.username}`);
  console.log(`  密码 / password:    ${admin.password}\n`);
}

// the center's name (the console's header, the reports): asked on the first start, from KAOHE_CENTER_NAME or at the
// terminal; without either, the first 系统管理员 to sign in is asked for it
if ((await getCenterName(store)) === null) {
  let name = process.env.KAOHE_CENTER_NAME?.trim() ?? "";
  if (!name && process.stdin.isTTY && process.stdout.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    name = (await rl.question("请输入考核中心的名称（如“桓台县民生热线服务中心”，直接回车则稍后由系统管理员在控制台填写）/ the center's name: ")).trim();
    rl.close();
  }
  if (name) {
    try {
      console.log(`中心名称：${await setCenterName(store, name, "首次启动")}`);
    } catch (err) {
      console.error(`中心名称未保存：${err instanceof AppError ? err.zh : String(err)}（系统管理员可在控制台填写）`);
    }
  } else console.log("尚未设置中心名称：系统管理员登录控制台后填写（也可设置环境变量 KAOHE_CENTER_NAME）。");
}

// the names the console answers to (against DNS rebinding, server.ts `hostAllowed`): KAOHE_ALLOWED_HOSTS, with the
// address listened on and this computer's own names (localhost; listening beyond it, also its network addresses and
// host name, by which the intranet reaches it without a name of its own)
const loopback = isLoopbackHost(host);
const namedHosts = (process.env.KAOHE_ALLOWED_HOSTS ?? "").split(/[\s,]+/).filter(Boolean);
const ownNames = loopback ? [] : [hostname(), ...Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((a) => a.address))];
const allowedHosts = [...new Set([...namedHosts, host, ...ownNames])].filter((h) => h !== "0.0.0.0" && h !== "::");
const server = createKaoheServer({ store, trustedProxies, allowedHosts });
server.on("error", (err: NodeJS.ErrnoException) => {
  console.error(err.code === "EADDRINUSE" ? `端口 ${port} 已被占用：请设置环境变量 PORT 换一个端口 / port in use` : err);
  process.exit(1);
});
await server.ready();
// listening beyond this computer while demo users still have the README's password: anyone on the network can sign in
// as them, the 系统管理员 xitong included
if (!loopback) {
  const open = await demoPasswordsInUse(store);
  if (open.length > 0)
    console.warn(
      `\n警告：服务器在 ${host} 上监听，演示账号 ${open.join("、")} 仍使用 README 中公开的演示密码，网络中任何人都可以用它们登录。` +
        "请以系统管理员登录后在“用户”页停用这些账号或修改其密码；正式使用请在空数据库上以 KAOHE_DEMO=0 启动。\n" +
        `  / warning: listening on ${host} while the demo users ${open.join(", ")} still have the published demo password\n`,
    );
}
server.listen(port, host, () => {
  listening = true;
  // the port bound (PORT=0 asks for any free one)
  const bound = (server.address() as AddressInfo).port;
  console.log(`kaohe 考核控制台已启动：http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${bound}/`);
  console.log(`数据库：${url}（按 Ctrl+C 停止）`);
  if (!loopback && namedHosts.length === 0)
    console.log(
      `以本机的地址或主机名（${ownNames.filter((n) => !isLoopbackHost(n)).join("、")}）访问控制台；以域名访问时，请设置 KAOHE_ALLOWED_HOSTS=域名（其他名称得到 421）`,
    );
});

// once: Ctrl+C in a terminal reaches both `npm start`'s process, which passes it on, and this one
let stopping: Promise<void> | null = null;
const stop = () => {
  stopping ??= (async () => {
    await server.stop();
    await store.close();
    process.exit(0);
  })();
  return stopping;
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
// the terminal closed (npm start passes it on): stopped as for the others, the database closed
process.on("SIGHUP", stop);

/**
 * The kaohe server: the tRPC API at /trpc, the monthly report download at
 * /export, and the built console (apps/console/dist) for everything else.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { appRouter, type Context } from "@kaohe/api";
import { currentPublication, type Store, scoreInForce } from "@kaohe/db";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { monthlyReport } from "./report.ts";

export interface ServerOptions {
  store: Store;
  /** folder of the built console; default apps/console/dist */
  consoleDir?: string;
}

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/** Who is acting: the console sends the name the user signed in with. */
function actorOf(req: IncomingMessage): string {
  const raw = req.headers["x-kaohe-user"];
  const name = Array.isArray(raw) ? raw[0] : raw;
  try {
    return name ? decodeURIComponent(name).slice(0, 50) : "管理员";
  } catch {
    return "管理员";
  }
}

function sendError(res: ServerResponse, status: number, zh: string, en: string): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ zh, en }));
}

async function exportMonth(store: Store, month: string, res: ServerResponse): Promise<void> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return sendError(res, 400, `月份应写成 2018-03，而不是“${month}”`, "bad month");
  const published = await currentPublication(store, month);
  const result = published ? published.result : (await scoreInForce(store, month)).result;
  const status = published
    ? `已发布：${published.publishedBy} ${published.publishedAt.toISOString().slice(0, 16).replace("T", " ")}${published.reason ? `（重新发布：${published.reason}）` : ""}`
    : "未发布（预览）";
  const body = await monthlyReport(result, { status });
  res.writeHead(200, {
    "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`考核排名-${month}.xlsx`)}`,
    "content-length": body.length,
  });
  res.end(body);
}

function serveStatic(dir: string, url: string, res: ServerResponse): void {
  const path = decodeURIComponent(url.split("?")[0] ?? "/");
  let file = normalize(join(dir, path));
  if (!file.startsWith(resolve(dir))) return sendError(res, 403, "禁止访问", "forbidden");
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, "index.html"); // the console routes in the browser
  if (!existsSync(file)) {
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
    res.end("控制台尚未构建：请运行 npm start（会自动构建）/ the console is not built yet");
    return;
  }
  const immutable = file.includes(`${join(dir, "assets")}`);
  res.writeHead(200, {
    "content-type": types[extname(file)] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
  createReadStream(file).pipe(res);
}

export function createKaoheServer(options: ServerOptions): Server {
  const consoleDir = options.consoleDir ?? new URL("../../console/dist/", import.meta.url).pathname;
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ req }): Context => ({ store: options.store, actor: actorOf(req) }),
    maxBodySize: 300 * 1024 * 1024,
  });
  return createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/trpc/")) {
      trpc(req, res);
      return;
    }
    const exportMatch = /^\/export\/month\/([^/?]+)\.xlsx/.exec(url);
    if (exportMatch) {
      exportMonth(options.store, decodeURIComponent(exportMatch[1] as string), res).catch((err: unknown) => {
        const e = err as { zh?: string; message?: string };
        sendError(res, 409, e.zh ?? `导出失败：${e.message ?? String(err)}`, "export failed");
      });
      return;
    }
    if (url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
      return;
    }
    serveStatic(consoleDir, url, res);
  });
}

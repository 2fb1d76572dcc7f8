/**
 * The server over real HTTP on a temporary database: the tRPC endpoint, the
 * monthly report download (read back as a workbook), the console fallback.
 */
import { readFileSync } from "node:fs";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { MAX_BATCH_CALLS } from "@kaohe/api";
import type { Store } from "@kaohe/db";
import { decideObjection, openPreview, owingUnits, publishPeriod, raiseObjection, submitExplanation } from "@kaohe/services";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { hostAllowed, LOOPBACK_HOSTS } from "../src/server.ts";
import { rawGet, signInAs, startDemoServer } from "./support.ts";

let store: Store;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ store, base, close } = await startDemoServer("kaohe-server-"));
}, 120_000);
afterAll(() => close());

test("the tRPC endpoint answers over HTTP, with Chinese errors", async () => {
  const admin = await signInAs(base, "admin");
  const units = (await (await admin.fetch("/trpc/units.list")).json()) as { result: { data: unknown[] } };
  expect(units.result.data.length).toBe(40);
  const bad = await admin.fetch(`/trpc/scores.month?input=${encodeURIComponent(JSON.stringify({ month: "2018-13" }))}`);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(await bad.json())).toMatch(/[\u4e00-\u9fff]/);
});

test("a batch of more calls than the console sends at once is refused before any of them runs; one of as many works", async () => {
  const sysadmin = await signInAs(base, "sysadmin");
  const batch = (path: string, n: number) => Array.from({ length: n }, () => path).join(",");
  const full = await sysadmin.fetch(`/trpc/${batch("units.list", MAX_BATCH_CALLS)}?batch=1`);
  expect(full.status).toBe(200);
  expect(((await full.json()) as { result: { data: unknown[] } }[]).map((r) => r.result.data.length)).toEqual(Array(MAX_BATCH_CALLS).fill(40));
  // one GET asking a unit's 36-month trend once more than that: each would score every month
  const trends = Object.fromEntries(Array.from({ length: MAX_BATCH_CALLS + 1 }, (_, i) => [i, { unitCode: "HTZ01", endMonth: "2018-12", months: 36 }]));
  const over = await sysadmin.fetch(`/trpc/${batch("scores.trend", MAX_BATCH_CALLS + 1)}?batch=1&input=${encodeURIComponent(JSON.stringify(trends))}`);
  expect(over.status).toBe(400);
  const refusal = (await over.json()) as { error: { message: string; data: Record<string, unknown> } };
  expect(refusal.error.message).toBe(`一次请求最多合并 ${MAX_BATCH_CALLS} 个调用：请分几次请求`);
  expect(refusal.error.data).toMatchObject({ appCode: "BAD_REQUEST", zh: refusal.error.message, httpStatus: 400 });
  // nothing of the batch ran: one call over the limit of changes changed nothing
  const renamed = () => store.prisma.auditLog.count({ where: { action: "settings.centerName" } });
  const centerName = async () => (await store.prisma.setting.findUnique({ where: { key: "centerName" } }))?.value;
  const before = { renamed: await renamed(), name: await centerName() };
  expect(before.name).toBeTruthy();
  const names = Object.fromEntries(Array.from({ length: MAX_BATCH_CALLS + 1 }, (_, i) => [i, { name: `改名的中心${i}` }]));
  const changes = await sysadmin.fetch(`/trpc/${batch("settings.setCenterName", MAX_BATCH_CALLS + 1)}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(names),
  });
  expect(changes.status).toBe(400);
  expect({ renamed: await renamed(), name: await centerName() }).toEqual(before);
  // the console's batch link never sends more than the server takes
  const consoleLink = readFileSync(new URL("../../console/src/lib/trpc.ts", import.meta.url), "utf8");
  expect(consoleLink).toMatch(new RegExp(`httpBatchLink\\(\\{[^}]*maxItems: ${MAX_BATCH_CALLS},`));
});

test("the monthly report downloads as a workbook: one sheet per category with title, period, version, status", async () => {
  await publishPeriod(store, "2018-03", { actor: "李四" });
  const res = await (await signInAs(base, "viewer")).fetch("/export/month/2018-03.xlsx");
  expect(res.status).toBe(200);
  // a plain ASCII name too, for a client that reads only that (as every other download has)
  expect(res.headers.get("content-disposition")).toBe(
    `attachment; filename="ranking-2018-03.xlsx"; filename*=UTF-8''${encodeURIComponent("考核排名-2018-03.xlsx")}`,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name).sort()).toEqual(["县直部门", "街道", "镇", "书面说明与异议"].sort());
  const towns = wb.getWorksheet("镇");
  expect(String(towns?.getCell(1, 1).value)).toContain("2018年3月");
  expect(String(towns?.getCell(2, 1).value)).toContain("规则版本：2017");
  expect(String(towns?.getCell(2, 1).value)).toContain("已发布：李四");
  // the time is Beijing's (UTC+8), as on the screen, not UTC
  const published = await store.prisma.publishedResult.findFirstOrThrow({ where: { period: "2018-03", supersededAt: null } });
  const beijing = new Date(published.publishedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
  expect(String(towns?.getCell(2, 1).value)).toContain(`已发布：李四 ${beijing}`);
  expect(towns?.getRow(4).getCell(1).value).toBe("名次");
  // 7 towns ranked, the first one ranked 1
  expect(towns?.getRow(5).getCell(1).value).toBe(1);
  expect(towns?.getRow(11).getCell(2).value).toBeTruthy();
});

test("the report's last sheet lists who owes a written explanation and where it stands, and the objections with their decisions", async () => {
  const month = "2018-05";
  await openPreview(store, month, { actor: "考核办" });
  const owing = await owingUnits(store, month);
  expect(owing.length).toBeGreaterThan(1);
  const [first, second] = owing as [(typeof owing)[number], (typeof owing)[number]];
  await submitExplanation(store, {
    period: month,
    unitCode: first.unit.code,
    text: "超期件系交通管制所致，已整改完毕。",
    files: [],
    actor: "联络员甲（lly1）",
  });
  const orders = await store.prisma.order.findMany({
    where: { unit: second.unit.code, receivedAt: { gte: Date.parse("2018-05-01T00:00:00+08:00"), lt: Date.parse("2018-06-01T00:00:00+08:00") } },
    take: 1,
  });
  const order = orders[0];
  if (!order) throw new Error("the demo has no May order of the second owing unit");
  const objection = await raiseObjection(store, {
    period: month,
    unitCode: second.unit.code,
    subject: "orders",
    changes: [{ record: "orders", recordId: order.id, field: "delayExcused", to: !order.delayExcused }],
    reason: "延期已经中心批准",
    files: [],
    actor: "联络员乙",
  });
  await decideObjection(store, objection.id, { accept: false, decision: "无批准记录", actor: "考核办（kaohe）" });

  const res = await (await signInAs(base, "admin")).fetch(`/export/month/${month}.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet("书面说明与异议");
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? "")));
  });
  const line = (unit: string) => rows.find((r) => r[0] === unit) ?? [];
  // the one that submitted, the one that did not (the deadline is days away: not yet overdue); people by name, not
  // login (联络员甲（lly1）: a walk)
  expect(line(first.unit.name)).toEqual(expect.arrayContaining(["已提交", "联络员甲"]));
  expect(line(first.unit.name)[2]).toContain("须书面说明");
  expect(line(second.unit.name)).toContain("待提交");
  // why each owes one: the condition's figures that are not 0, as the console lists them (超期件数 6, not also 问题反弹件数 0)
  const figures = owing.flatMap((u) => u.reasons.flatMap((r) => r.because));
  expect(figures.some((b) => b.value === 0)).toBe(true);
  for (const u of owing) {
    const cell = line(u.unit.name)[2] ?? "";
    expect(cell, u.unit.name).not.toMatch(/ 0(，|；|$)/);
    for (const b of u.reasons.flatMap((r) => r.because).filter((x) => (x.value ?? 0) !== 0)) expect(cell).toContain(`${b.label ?? b.measure} ${b.value}`);
  }
  expect(rows.length).toBeGreaterThanOrEqual(owing.length + 5);
  const objectionRow = rows.find((r) => r[0] === `#${objection.id}`) ?? [];
  expect(objectionRow.slice(1, 6)).toEqual([second.unit.name, expect.stringContaining(order.id), "延期已经中心批准", "不予采纳", "无批准记录（考核办）"]);
});

test("policy staff's copy of the report has no sheet of the units' explanations and objections (responses.read)", async () => {
  const res = await (await signInAs(base, "editor")).fetch("/export/month/2018-05.xlsx");
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name).sort()).toEqual(["县直部门", "街道", "镇"].sort());
  // the objection's reason is nowhere in the file
  expect(JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()))).not.toContain("延期已经中心批准");
});

test("an unknown path falls back to the console (or says it is not built)", async () => {
  const res = await fetch(`${base}/ranking/2018-03`);
  expect([200, 503]).toContain(res.status);
});

test("the report calls a first publication's note 发布说明, and only one that replaced another 重新发布", async () => {
  const admin = await signInAs(base, "admin");
  const status = async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await admin.fetch("/export/month/2018-07.xlsx")).arrayBuffer()) as unknown as ArrayBuffer);
    return String(wb.worksheets[0]?.getCell(2, 1).value);
  };
  // a first publication with a note (as when it cites the accepted objections)
  await store.prisma.publishedResult.deleteMany({ where: { period: "2018-07" } });
  await publishPeriod(store, "2018-07", { actor: "考核办" });
  await store.prisma.publishedResult.updateMany({ where: { period: "2018-07" }, data: { reason: "依已采纳的异议 #9（唐山镇）更正数据" } });
  expect(await status()).toContain("（发布说明：依已采纳的异议 #9（唐山镇）更正数据）");
  await publishPeriod(store, "2018-07", { actor: "考核办", reason: "复核后更正" });
  expect(await status()).toContain("（重新发布：复核后更正）");
});

test("the Host header's name is compared without its port, case, brackets or the root's dot; only the names listed, no other *.localhost", () => {
  const allowed = new Set([...LOOPBACK_HOSTS, "kaohe.county.example"]);
  const said = (host: string | undefined) => [host, hostAllowed(host, allowed)];
  expect(["[::1]:5180", "LOCALHOST", "localhost.", "kaohe.county.example.:80", "127.0.0.1"].map(said)).toEqual(
    ["[::1]:5180", "LOCALHOST", "localhost.", "kaohe.county.example.:80", "127.0.0.1"].map((h) => [h, true]),
  );
  // a name under localhost is not this computer's unless listed: an old browser asked the intranet's DNS for it (a review)
  const refused = ["[::2]:5180", "127.0.0.1.evil.example", "evil.example:5180", "evil.localhost", "app.localhost:5180", "", undefined];
  expect(refused.map(said)).toEqual(refused.map((h) => [h, false]));
  // without a list (tests, a server whose names are not known): any
  expect(hostAllowed("evil.example", null)).toBe(true);
});

test("tRPC answers go compressed as the browser accepts (brotli, else gzip), and decode to the same answer; small ones as they are", async () => {
  const admin = await signInAs(base, "admin");
  const get = (path: string, acceptEncoding: string) => rawGet(`${base}${path}`, { cookie: admin.cookie, "accept-encoding": acceptEncoding });
  const month = `/trpc/scores.month?input=${encodeURIComponent(JSON.stringify({ month: "2018-10" }))}`;
  const [plain, br, gz] = [await get(month, "identity"), await get(month, "gzip, deflate, br"), await get(month, "gzip")];
  expect([plain.headers["content-encoding"], br.headers["content-encoding"], gz.headers["content-encoding"]]).toEqual([undefined, "br", "gzip"]);
  expect(br.headers.vary).toMatch(/Accept-Encoding/i);
  expect(JSON.parse(plain.body.toString("utf8")).result.data.units.length).toBeGreaterThan(0);
  // the same answer, a small part of its size (the month's 40 units, their items and explanations)
  expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
  expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
  expect([plain.body.length > 50_000, br.body.length < plain.body.length / 5, Number(br.headers["content-length"]) === br.body.length]).toEqual([
    true,
    true,
    true,
  ]);
  // who is signed in: a few bytes, sent as they are
  const me = await get("/trpc/auth.me", "br");
  expect([me.headers["content-encoding"], JSON.parse(me.body.toString("utf8")).result.data.username]).toEqual([undefined, "kaohe"]);
});

/**
 * The server over real HTTP on a temporary database: the tRPC endpoint, the
 * monthly report download (read back as a workbook), the console fallback.
 */
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, publishPeriod, type Store, seedDemo } from "@kaohe/db";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createKaoheServer } from "../src/server.ts";
import { signInAs } from "./support.ts";

let store: Store;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "kaohe-server-"));
  store = await openStore(`file:${join(dir, "k.db")}`);
  await seedDemo(store);
  const server = createKaoheServer({ store, consoleDir: dir });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    await server.stop();
    await store.close();
  };
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

test("the monthly report downloads as a workbook: one sheet per category with title, period, version, status", async () => {
  await publishPeriod(store, "2018-03", { actor: "李四" });
  const res = await (await signInAs(base, "viewer")).fetch("/export/month/2018-03.xlsx");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("考核排名-2018-03.xlsx"));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name).sort()).toEqual(["县直部门", "街道", "镇"].sort());
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

test("an unknown path falls back to the console (or says it is not built)", async () => {
  const res = await fetch(`${base}/ranking/2018-03`);
  expect([200, 503]).toContain(res.status);
});

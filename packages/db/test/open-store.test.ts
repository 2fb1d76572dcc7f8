/**
 * A database the store cannot open is said in a sentence — where (the address without its password) and what to do —
 * as an AppError, not the driver's report (an unreachable PostgreSQL was some 30 KB of the client's minified source).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { AppError, openStore } from "../src/index.ts";
import { POSTGRES_ADMIN_URL } from "./support/databases.ts";

async function refusal(url: string): Promise<AppError> {
  const err = await openStore(url).then(
    (store) => store.close().then(() => null),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

test("PostgreSQL not listening: the server's address, that PostgreSQL should be started; the password is not repeated", async () => {
  const err = await refusal("postgresql://kaohe:secret-pw@127.0.0.1:1/kaohe");
  expect(err.zh).toBe("无法连接数据库服务器 127.0.0.1:1：请确认 PostgreSQL 已启动，地址和端口正确（DATABASE_URL 或 --db）");
  expect(err.message).not.toContain("secret-pw");
});

test("a database the PostgreSQL server does not have: its name, and how to create it", async () => {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/kaohe_no_such_database_${process.pid}`;
  const err = await refusal(url.toString());
  expect(err.zh).toBe(
    `数据库服务器 ${url.hostname}:${url.port || "5432"} 上没有名为 kaohe_no_such_database_${process.pid} 的数据库：请先创建它（createdb kaohe_no_such_database_${process.pid}），或改正连接地址`,
  );
});

test("a user the PostgreSQL server does not know: refused, with the server's own words saying why", async () => {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.username = `kaohe_nobody_${process.pid}`;
  url.password = "pw";
  const err = await refusal(url.toString());
  expect(err.zh).toMatch(new RegExp(`^用户 kaohe_nobody_${process.pid} .*（数据库服务器的原话：role "kaohe_nobody_${process.pid}" does not exist）$`));
  expect(err.message).not.toContain(":pw@");
});

test("a file that is not a SQLite database: named, and left as it was", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "kaohe-open-")), "notes.db");
  writeFileSync(file, "这不是数据库\n");
  const err = await refusal(`file:${file}`);
  expect(err.zh).toBe(`${file} 不是 SQLite 数据库文件：请检查 DATABASE_URL（或 --db）是否指向了别的文件`);
  expect(readFileSync(file, "utf8")).toBe("这不是数据库\n");
});

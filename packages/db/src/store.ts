/**
 * A store: the Prisma client for ordinary reads and writes, and a plain
 * driver connection for the two hot paths (import, measure push-down), on
 * the same database, migrated on open.
 */
import { type Database, DEFAULT_SQLITE_URL, openDatabase } from "./client.ts";
import { AppError, ErrorCodes, databaseProblemKind as problemKind } from "./errors.ts";
import { migrate } from "./migrate.ts";
import { openRaw, type RawDb } from "./raw.ts";

export interface Store extends Database {
  raw: RawDb;
}

export async function openStore(url: string = process.env.DATABASE_URL ?? DEFAULT_SQLITE_URL, options: { migrate?: boolean } = {}): Promise<Store> {
  let db: Database | null = null;
  try {
    db = await openDatabase(url);
    if (options.migrate !== false) await migrate(db);
  } catch (err) {
    await db?.close().catch(() => {});
    throw openProblem(err, url) ?? err;
  }
  const raw = openRaw(url);
  return {
    ...db,
    raw,
    async close() {
      await raw.close();
      await db.close();
    },
  };
}

/**
 * A database that cannot be opened, said in words: where (the address without its password) and what to do — not
 * the driver's report (an unreachable PostgreSQL printed some 30 KB of the client's minified source). Null: another
 * error, thrown as it is.
 */
function openProblem(err: unknown, url: string): AppError | null {
  const kind = problemKind(err);
  if (kind === null) return null;
  if (kind.startsWith("Sqlite")) {
    const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
    const [zh, en] =
      kind === "SqliteNotADatabase"
        ? [`${path} 不是 SQLite 数据库文件：请检查 DATABASE_URL（或 --db）是否指向了别的文件`, `${path} is not a SQLite database`]
        : kind === "SqliteReadOnly"
          ? [`数据库文件 ${path} 只读：kaohe 需要写入它，请检查文件的权限`, `the database file ${path} is read-only`]
          : [`无法打开数据库文件 ${path}：请确认所在文件夹存在且可写`, `cannot open the database file ${path}`];
    return new AppError(ErrorCodes.BadInput, zh, en);
  }
  let address: URL | null = null;
  try {
    address = new URL(url);
  } catch {
    // not a URL: said without its parts
  }
  const server = address ? `${address.hostname}:${address.port || "5432"}` : "（地址无法解析）";
  const user = address ? decodeURIComponent(address.username) || "（未写用户名）" : "";
  const database = address ? decodeURIComponent(address.pathname.slice(1)) || "postgres" : "";
  const messages: Record<string, [string, string]> = {
    DatabaseNotReachable: [
      `无法连接数据库服务器 ${server}：请确认 PostgreSQL 已启动，地址和端口正确（DATABASE_URL 或 --db）`,
      `cannot reach the database server at ${server}`,
    ],
    AuthenticationFailed: [
      `数据库服务器 ${server} 拒绝了用户 ${user} 登录：请检查连接地址中的用户名和密码`,
      `the database server at ${server} refused user ${user}`,
    ],
    DatabaseDoesNotExist: [
      `数据库服务器 ${server} 上没有名为 ${database} 的数据库：请先创建它（createdb ${database}），或改正连接地址`,
      `there is no database ${database} on ${server}`,
    ],
    DatabaseAccessDenied: [
      `用户 ${user} 无权使用数据库 ${database}（${server}）：请由数据库管理员授权`,
      `user ${user} may not use database ${database} on ${server}`,
    ],
  };
  const message = messages[kind];
  if (!message) return null;
  // who was refused, and why, as the server put it (a user that does not exist reads as access denied)
  const said = (err as { meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } }).meta?.driverAdapterError?.cause?.originalMessage;
  const serverSaid = typeof said === "string" && kind !== "DatabaseNotReachable" && kind !== "DatabaseDoesNotExist" ? said : null;
  return new AppError(
    ErrorCodes.BadInput,
    serverSaid ? `${message[0]}（数据库服务器的原话：${serverSaid}）` : message[0],
    serverSaid ? `${message[1]} (the server said: ${serverSaid})` : message[1],
  );
}

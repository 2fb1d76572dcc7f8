/**
 * The store a command works on, which must already exist: `score`, `explain` and `diff` with --db, `import`, `user …`.
 * A SQLite file that is not there is refused, and nothing is created: a mistyped path (file:data/kaoh.db) was made into
 * a new empty database, folders and all, that told of no users and no rubric, and took users and imports the server
 * never read. A store is made by the server's first start (npm start) or by `kaohe demo --db`.
 */
import { existsSync } from "node:fs";
import { DEFAULT_SQLITE_URL, openStore, type Store, sqliteFile } from "@kaohe/db";
import { CliError } from "./errors.ts";

export async function openExistingStore(url: string = process.env.DATABASE_URL ?? DEFAULT_SQLITE_URL): Promise<Store> {
  const file = sqliteFile(url);
  if (file !== null && !existsSync(file)) {
    throw new CliError(
      `数据库文件 ${file} 不存在：请检查 --db（或环境变量 DATABASE_URL）中的路径是否写错；本命令不新建数据库。` +
        `要用自己的数据建立新库，用 kaohe import --create --db file:${file} 文件或文件夹；` +
        `服务器使用这个库时，以 DATABASE_URL=file:${file} KAOHE_DEMO=0 npm start 启动（见 README） / ` +
        `no database file at ${file}: check the path; to make a new store of your own files, kaohe import --create --db file:${file} …; ` +
        `for the server, DATABASE_URL=file:${file} KAOHE_DEMO=0 npm start`,
    );
  }
  return openStore(url);
}

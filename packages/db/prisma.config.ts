// Prisma CLI configuration. The js schema engine works through a driver
// adapter, so nothing is downloaded (Prisma 7's CLI and the classic engine
// would fetch a native binary, which fails offline). KAOHE_DB_PROVIDER picks
// the schema: sqlite (default) or postgres.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const provider = process.env.KAOHE_DB_PROVIDER === "postgres" ? "postgres" : "sqlite";
const url = process.env.DATABASE_URL ?? (provider === "sqlite" ? "file:./unused.db" : "postgresql://postgres@127.0.0.1:5432/postgres");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  adapter: async () => (provider === "sqlite" ? new PrismaBetterSQLite3({ url: url.replace(/^file:/, "") }) : new PrismaPg({ connectionString: url })),
});

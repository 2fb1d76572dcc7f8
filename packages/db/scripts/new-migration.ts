// Writes a new migration for each database from the change between the
// schema of the last migration and prisma/models.prisma:
//   pnpm --filter @kaohe/db migration:new <name>
// (`prisma migrate dev` does not work offline with the js engine; `migrate diff` does.)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { extraIndexes, schemaLayout, statementCheckedReferences } from "../src/layout.ts";
import { listMigrations } from "../src/migrate.ts";

const root = new URL("..", import.meta.url).pathname;
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: migration:new <snake_case_name>");
  process.exit(2);
}
execFileSync("node", [join(root, "scripts/generate.mjs"), "--schemas-only"], { stdio: "inherit" });
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const provider of ["sqlite", "postgres"] as const) {
  const dir = join(root, "prisma", provider, "migrations");
  const previous = existsSync(dir) ? readdirSync(dir).sort() : [];
  const snapshot = join(dir, ".schema-at-last-migration.prisma");
  const from = previous.length && existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const url =
    provider === "sqlite"
      ? `file:${join(root, "prisma", "sqlite", ".generate.db")}`
      : (process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  const sql = execFileSync(
    join(root, "node_modules/.bin/prisma"),
    ["migrate", "diff", ...from, "--to-schema-datamodel", join(root, "prisma", provider, "schema.prisma"), "--script"],
    {
      cwd: root,
      env: { ...process.env, KAOHE_DB_PROVIDER: provider, DATABASE_URL: url },
      encoding: "utf8",
    },
  );
  // what Prisma cannot say (src/layout.ts): SQLite's clustered tables, partial indexes no earlier migration created,
  // and PostgreSQL's references checked by statement that no earlier migration made so
  const earlier = (previous.length > 0 ? listMigrations(provider) : []).map((m) => m.sql).join("\n");
  const introduce = [
    ...extraIndexes.filter((i) => !earlier.includes(`"${i.name}"`)).map((i) => i.name),
    ...statementCheckedReferences.filter((r) => !earlier.includes(`"kaohe_${r.name}"`)).map((r) => r.name),
  ];
  const target = join(dir, `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "migration.sql"), schemaLayout(provider, sql, { introduce }));
  execFileSync("cp", [join(root, "prisma", provider, "schema.prisma"), snapshot]);
  console.log(`wrote ${target}/migration.sql`);
}

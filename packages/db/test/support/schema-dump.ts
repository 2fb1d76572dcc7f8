/**
 * A normalized description of a database's schema — tables, columns (type,
 * nullability, default, primary key), indexes, foreign keys and the triggers
 * that check references on PostgreSQL (src/layout.ts, named kaohe_…) — read from
 * the catalog (sqlite_master and pragmas, or information_schema and
 * pg_catalog), so two databases built different ways can be compared.
 * Prisma's own `_prisma_migrations` table is left out.
 */
import type { RawDb } from "../../src/raw.ts";

export interface SchemaDump {
  tables: Record<
    string,
    {
      columns: string[];
      primaryKey: string[];
      indexes: string[];
      foreignKeys: string[];
      checks: string[];
      /** PostgreSQL: the triggers named kaohe_… (src/layout.ts referenceChecks), each with its function's body */
      triggers: string[];
    }
  >;
  /** PostgreSQL sequences (SQLite has none) */
  sequences: string[];
}

const EXCLUDED = new Set(["_prisma_migrations"]);

export async function dumpSchema(raw: RawDb): Promise<SchemaDump> {
  return raw.provider === "sqlite" ? dumpSqlite(raw) : dumpPostgres(raw);
}

async function dumpSqlite(raw: RawDb): Promise<SchemaDump> {
  const tables = await raw.query<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const dump: SchemaDump = { tables: {}, sequences: [] };
  for (const { name, sql } of tables) {
    if (EXCLUDED.has(name)) continue;
    const q = (pragma: string) => raw.query<Record<string, unknown>>(`SELECT * FROM pragma_${pragma}('${name.replace(/'/g, "''")}')`);
    const columns = await q("table_info");
    const indexes = await q("index_list");
    const foreignKeys = await q("foreign_key_list");
    const indexText: string[] = [];
    for (const index of indexes) {
      const parts = await raw.query<{ seqno: number; name: string | null; desc: number; coll: string; key: number }>(
        `SELECT * FROM pragma_index_xinfo('${String(index.name).replace(/'/g, "''")}') WHERE key = 1 ORDER BY seqno`,
      );
      const cols = parts.map((p) => `${p.name}${p.desc ? " DESC" : ""} COLLATE ${p.coll}`).join(", ");
      // automatic indexes (sqlite_autoindex_…) are named by table position: describe them by what they index
      const label = String(index.name).startsWith("sqlite_autoindex_") ? "(auto)" : String(index.name);
      indexText.push(`${label} ${index.unique ? "UNIQUE " : ""}origin=${index.origin} partial=${index.partial} (${cols})`);
    }
    const fkById = new Map<number, Record<string, unknown>[]>();
    for (const fk of foreignKeys) fkById.set(Number(fk.id), [...(fkById.get(Number(fk.id)) ?? []), fk]);
    const fkText = [...fkById.values()].map((parts) => {
      const sorted = parts.sort((a, b) => Number(a.seq) - Number(b.seq));
      const first = sorted[0] as Record<string, unknown>;
      return `(${sorted.map((p) => p.from).join(", ")}) → ${first.table}(${sorted.map((p) => p.to).join(", ")}) on update ${first.on_update} on delete ${first.on_delete} match ${first.match}`;
    });
    dump.tables[name] = {
      columns: columns.map(
        (c) => `${c.name} ${String(c.type).toUpperCase()}${Number(c.notnull) ? " NOT NULL" : ""}${c.dflt_value !== null ? ` DEFAULT ${c.dflt_value}` : ""}`,
      ),
      primaryKey: columns
        .filter((c) => Number(c.pk) > 0)
        .sort((a, b) => Number(a.pk) - Number(b.pk))
        .map((c) => String(c.name)),
      indexes: indexText.sort(),
      foreignKeys: fkText.sort(),
      // table options the pragmas do not show
      checks: [
        /\bAUTOINCREMENT\b/i.test(sql) ? "AUTOINCREMENT" : "",
        /\bWITHOUT\s+ROWID\b/i.test(sql) ? "WITHOUT ROWID" : "",
        /\bSTRICT\s*$/i.test(sql) ? "STRICT" : "",
      ].filter(Boolean),
      triggers: [],
    };
  }
  return dump;
}

async function dumpPostgres(raw: RawDb): Promise<SchemaDump> {
  const dump: SchemaDump = { tables: {}, sequences: [] };
  const tables = await raw.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  for (const { table_name: name } of tables) {
    if (EXCLUDED.has(name)) continue;
    const columns = await raw.query<Record<string, unknown>>(
      `SELECT column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale, datetime_precision, is_identity, is_generated
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [name],
    );
    const indexes = await raw.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 ORDER BY indexname",
      [name],
    );
    const constraints = await raw.query<{ conname: string; contype: string; def: string }>(
      `SELECT c.conname, c.contype, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relname = $1 ORDER BY c.conname`,
      [name],
    );
    const triggers = await raw.query<{ def: string; body: string }>(
      `SELECT pg_get_triggerdef(g.oid) AS def, p.prosrc AS body
         FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_proc p ON p.oid = g.tgfoid
        WHERE n.nspname = 'public' AND t.relname = $1 AND NOT g.tgisinternal AND g.tgname LIKE 'kaohe\\_%' ORDER BY g.tgname`,
      [name],
    );
    const pk = constraints.find((c) => c.contype === "p");
    dump.tables[name] = {
      columns: columns.map(
        (c) =>
          `${c.column_name} ${c.data_type}/${c.udt_name}(${c.character_maximum_length ?? ""},${c.numeric_precision ?? ""},${c.numeric_scale ?? ""},${c.datetime_precision ?? ""})` +
          `${c.is_nullable === "NO" ? " NOT NULL" : ""}${c.column_default !== null ? ` DEFAULT ${c.column_default}` : ""}${c.is_identity === "YES" ? " IDENTITY" : ""}${c.is_generated !== "NEVER" ? " GENERATED" : ""}`,
      ),
      primaryKey: pk ? [`${pk.conname} ${pk.def}`] : [],
      indexes: indexes.map((i) => i.indexdef),
      foreignKeys: constraints.filter((c) => c.contype === "f").map((c) => `${c.conname} ${c.def}`),
      checks: constraints.filter((c) => c.contype !== "f" && c.contype !== "p").map((c) => `${c.conname} ${c.contype} ${c.def}`),
      triggers: triggers.map((g) => `${g.def}\n${g.body}`),
    };
  }
  const sequences = await raw.query<Record<string, unknown>>(
    "SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY sequence_name",
  );
  dump.sequences = sequences.map((s) => `${s.sequence_name} ${s.data_type} start ${s.start_value} by ${s.increment}`).filter((s) => !s.startsWith("_prisma"));
  return dump;
}

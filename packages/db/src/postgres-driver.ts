/**
 * The PostgreSQL driver — node-postgres, Prisma's adapter for it and the Prisma client generated for PostgreSQL —
 * loaded the first time a PostgreSQL database is opened. A process on SQLite (the embedded default: every command
 * of the CLI, the server and each of its threads) never loads it: about 50 ms less at every start.
 */
import { createRequire } from "node:module";
import type { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import type { PrismaClient } from "./generated/postgres/index.js";

interface PostgresDriver {
  pg: typeof pg;
  /** how node-postgres turns a parameter into its text (pg/lib/utils.js) */
  prepareValue(v: unknown): unknown;
  PrismaPg: typeof PrismaPg;
  PostgresClient: typeof PrismaClient;
}

/** CommonJS loads, relative to this file (kept in the built bundles: scripts/build.mjs). */
const load = createRequire(import.meta.url);
let driver: PostgresDriver | null = null;

export function postgresDriver(): PostgresDriver {
  driver ??= {
    pg: load("pg"),
    prepareValue: load("pg/lib/utils.js").prepareValue,
    PrismaPg: load("@prisma/adapter-pg").PrismaPg,
    PostgresClient: load("./generated/postgres/index.js").PrismaClient,
  };
  return driver;
}

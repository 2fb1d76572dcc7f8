/**
 * `@kaohe/db/testing`: what the tests of the packages over the store share with the store's own — both
 * databases for `describe.each` (a fresh SQLite file, a fresh PostgreSQL database), import files written as a
 * center's tools write them, and the stored records read back.
 */

// the lock an import holds, for a test to hold as another process's import (or an earlier version's) does
export { IMPORT_LOCK } from "../../src/import-runner.ts";
export * from "./databases.ts";
export * from "./files.ts";
export * from "./records.ts";

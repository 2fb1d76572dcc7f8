/**
 * `@kaohe/db/testing`: what the tests of the packages over the store share with the store's own — both
 * databases for `describe.each` (a fresh SQLite file, a fresh PostgreSQL database), import files written as a
 * center's tools write them, and the stored records read back.
 */
export * from "./databases.ts";
export * from "./files.ts";
export * from "./records.ts";

/**
 * @kaohe/db — the store: Prisma schema and migrations (SQLite embedded,
 * PostgreSQL as a server option), raw SQL access, imports and their
 * corrections, the measures pushed down to SQL. The domain services over it
 * are @kaohe/services.
 */
export { type Database, DEFAULT_SQLITE_URL, openDatabase, type Prisma, type Provider, providerOf, sqliteFile } from "./client.ts";
export { COLUMN_VALUES_COUNTED, columnValues } from "./column-values.ts";
export {
  type CorrectedRecord,
  type Correction,
  type CorrectionReport,
  type CorrectionValue,
  checkChange,
  columnValue,
  correctionsOf,
  describeValue,
  type FieldChange,
  fieldLabel,
  insertCorrection,
  listCorrections,
  RECORD_ZH,
  readRecord,
  toCorrection,
  writeField,
} from "./corrections.ts";
export { fillMissingDigests } from "./digests.ts";
export { AppError, DATABASE_UNAVAILABLE_ZH, databaseUnavailable, type ErrorCode, ErrorCodes } from "./errors.ts";
export { EXAMPLE_ROWS, type FileContents } from "./import/contents.ts";
export { type ImportFile, kindOfFile } from "./import/kinds.ts";
export { eventFromRow, eventSpec, orderFromRow, orderSpec, RECORD_ORDER, storedRowDigest, type TableSpec, unitSpec } from "./import/row-specs.ts";
export { stampColumns } from "./import/write.ts";
export {
  type FileReport,
  IMPORT_CLOSINGS,
  type ImportChanges,
  type ImportConfirmation,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  importFiles,
} from "./import.ts";
export { jsonColumn } from "./import-changes.ts";
export { importsConnected, runnerAlive, tryImportLock } from "./import-runner.ts";
export { compileMeasureQuery, listRecordIds, measureCondition, recordListing, SqlMeasureSource, sqlTarget } from "./measure-sql.ts";
export { listMigrations, migrate } from "./migrate.ts";
export { openRaw, type RawDb, type Row } from "./raw.ts";
export { param, placeholders } from "./sql.ts";
export { openStore, type Store } from "./store.ts";
export { readCalendar, rebuildWorkdays } from "./workday-sql.ts";

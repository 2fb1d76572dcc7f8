/**
 * @kaohe/db — the store: Prisma schema and migrations (SQLite embedded,
 * PostgreSQL as a server option), imports, measure push-down, rubric
 * versions, publication and drill-down.
 */
export { type Database, DEFAULT_SQLITE_URL, openDatabase, type Provider, providerOf } from "./client.ts";
export { seedDemo, shippedRubrics } from "./demo.ts";
export { type DrilldownPage, type DrilldownQuery, drilldown, eventFromRow, orderFromRow } from "./drilldown.ts";
export { AppError, type ErrorCode, ErrorCodes } from "./errors.ts";
export { type FileReport, type ImportFile, type ImportOptions, type ImportProgress, type ImportResult, importFiles, kindOfFile } from "./import.ts";
export { compileMeasureQuery, listRecordIds, measureCondition, SqlMeasureSource } from "./measure-sql.ts";
export { listMigrations, migrate } from "./migrate.ts";
export {
  currentPublication,
  listPublications,
  type Publication,
  type PublishedResult,
  publishPeriod,
  type Reproduction,
  reproducePublication,
} from "./publication.ts";
export { openRaw, type RawDb } from "./raw.ts";
export {
  compileVersion,
  contentHash,
  createDraft,
  deleteDraft,
  getRubricVersion,
  listRubricVersions,
  loadRubricFiles,
  publishRubricVersion,
  type RubricVersionDetail,
  type RubricVersionSummary,
  updateDraft,
  versionInForce,
} from "./rubrics.ts";
export { assertPeriod, dataHash, diffVersions, isYear, loadFacts, loadUnits, scoreInForce, scorePeriod, scoringData } from "./scores.ts";
export { openStore, type Store } from "./store.ts";

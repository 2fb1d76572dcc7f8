/**
 * @kaohe/db — the store: Prisma schema and migrations (SQLite embedded,
 * PostgreSQL as a server option), imports, measure push-down, rubric
 * versions, publication and drill-down.
 */

export { detectFileKind, requiredColumnsText } from "@kaohe/data";
export {
  type AttachmentFile,
  type AttachmentInfo,
  type AttachmentOwner,
  type AttachmentOwnerType,
  type AttachmentWriter,
  insertAttachments,
  listAttachments,
  type NewAttachment,
  readAttachment,
} from "./attachments.ts";
export { type AuditEntry, type AuditQuery, eachAuditEntry, listAudit, type NewAuditEntry, recordAudit } from "./audit.ts";
export { BULLETIN_ISSUE_MAX, BULLETIN_LEAD_MAX, type BulletinText, getBulletinText, type SaveBulletinInput, saveBulletinText } from "./bulletins.ts";
export { type Database, DEFAULT_SQLITE_URL, openDatabase, type Provider, providerOf } from "./client.ts";
export {
  type CorrectedRecord,
  type Correction,
  type CorrectionReport,
  type CorrectionValue,
  correctionsOf,
  type FieldChange,
  listCorrections,
} from "./corrections.ts";
export {
  assertOpenToUnits,
  type Cycle,
  type CycleStage,
  endOfBeijingDay,
  getCycle,
  listCycles,
  openPreview,
  setDeadlines,
  startNotice,
  workingDaysAfter,
} from "./cycle.ts";
export { DEMO_CENTER_NAME, DEMO_PASSWORD, DEMO_PREVIEW_MONTH, DEMO_PUBLISHED_MONTH, DEMO_USERS, type DemoUser, seedDemo, shippedRubrics } from "./demo.ts";
export { type DrilldownPage, type DrilldownQuery, drilldown, eventFromRow, orderFromRow } from "./drilldown.ts";
export { AppError, type ErrorCode, ErrorCodes } from "./errors.ts";
export {
  acknowledgeExplanation,
  type Explanation,
  type ExplanationDuty,
  type ExplanationState,
  explanationDuties,
  listExplanations,
  owingUnits,
  submitExplanation,
} from "./explanations.ts";
export { type ImportFile, kindOfFile } from "./import/kinds.ts";
export { type FileReport, type ImportOptions, type ImportProgress, type ImportResult, importFiles } from "./import.ts";
export { type UndoImportInput, type UndoImportResult, undoImportBatch } from "./import-undo.ts";
export { compileMeasureQuery, listRecordIds, measureCondition, SqlMeasureSource } from "./measure-sql.ts";
export { listMigrations, migrate } from "./migrate.ts";
export {
  decideObjection,
  getObjection,
  listObjections,
  markDecisionsSeen,
  OBJECTION_STATUS_LABEL,
  type Objection,
  type ObjectionEffect,
  type ObjectionStatus,
  type ObjectionSubject,
  objectionEffect,
  raiseObjection,
} from "./objections.ts";
export { PASSWORD_RULES, passwordProblem } from "./password.ts";
export {
  comparePublication,
  currentPublication,
  getPublication,
  listPublications,
  type Publication,
  type PublicationComparison,
  type PublicationFreshness,
  type PublishedResult,
  type PublishInput,
  publicationFreshness,
  publishPeriod,
  type Reproduction,
  reproducePublication,
  type Standing,
  type UnitComparison,
} from "./publication.ts";
export { openRaw, type RawDb } from "./raw.ts";
export {
  compilePublishedVersions,
  compileVersion,
  contentHash,
  createDraft,
  deleteDraft,
  getRubricVersion,
  listRubricVersions,
  loadRubricFiles,
  publishRubricVersion,
  type RubricStatus,
  type RubricVersionDetail,
  type RubricVersionSummary,
  scoreInForce,
  updateDraft,
  versionInForce,
  withdrawRubricVersion,
} from "./rubrics.ts";
export {
  assertPeriod,
  dataHash,
  diffVersions,
  isYear,
  loadFacts,
  loadUnits,
  prefetchDataHash,
  scorePeriod,
  scoringData,
} from "./scores.ts";
export { CENTER_NAME_MAX, getCenterName, latestDataMonth, setCenterName } from "./settings.ts";
export { openStore, type Store } from "./store.ts";
export {
  type ClientInfo,
  changePassword,
  countUsers,
  createUser,
  ensureFirstAdmin,
  findUser,
  listUsers,
  type NewUser,
  ROLE_LABEL,
  ROLES,
  type Role,
  randomPassword,
  resetPassword,
  SESSION_MAX_MS,
  type SessionUser,
  type SignIn,
  sessionUser,
  setUserDisabled,
  signIn,
  signOut,
  touchSession,
  type UserSummary,
  verifyPassword,
} from "./users.ts";

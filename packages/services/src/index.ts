/**
 * @kaohe/services — the domain services over the store (@kaohe/db): rubric
 * versions, scoring a period, publication, the units' workflow (cycle,
 * objections, written explanations, attachments), users and sessions, the
 * bulletin, audit, the data page's files and import undo. The API's routers,
 * the command line and the server call them; none of them knows tRPC or HTTP.
 */

export {
  ACCEPTED_ATTACHMENTS,
  ATTACHMENT_STAGING_ROOT,
  type AttachmentKind,
  attachmentName,
  attachmentStagingDir,
  attachmentTooLarge,
  discardStaged,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  removeOrphanAttachments,
  type SniffedAttachment,
  type StagedAttachment,
  sniffAttachment,
  stageAttachment,
  type TakenAttachment,
  takeStaged,
  zipEntryNames,
} from "./attachment-uploads.ts";
export {
  type AttachmentFile,
  type AttachmentInfo,
  type AttachmentOwner,
  type AttachmentOwnerType,
  type AttachmentWriter,
  insertAttachments,
  listAttachments,
  MAX_ATTACHMENT_BYTES_PER_UNIT_MONTH,
  type NewAttachment,
  readAttachment,
} from "./attachments.ts";
export { type AuditEntry, type AuditQuery, actorName, eachAuditEntry, listAudit, type NewAuditEntry, personOf, recordAudit } from "./audit.ts";
export { ALLOWANCE_DETAIL, AuditAllowance } from "./audit-allowance.ts";
export { eachAuditCsvLine } from "./audit-csv.ts";
export {
  type BulletinData,
  type BulletinDuty,
  type BulletinEventType,
  type BulletinGroup,
  type BulletinRow,
  bulletinData,
  dayText,
  monthText,
  orderedGroupNames,
  previousMonthCompared,
  rankMove,
} from "./bulletin.ts";
export { BULLETIN_ISSUE_MAX, BULLETIN_LEAD_MAX, type BulletinText, getBulletinText, type SaveBulletinInput, saveBulletinText } from "./bulletin-text.ts";
export { type ChangeSincePublished, changesSincePublication } from "./changes-since.ts";
export {
  assertOpenToUnits,
  assertPeriodBegunForExport,
  assertWindowOpenToUnits,
  type Cycle,
  type CycleStage,
  type DeadlinesFromNow,
  deadlinesFromNow,
  endOfBeijingDay,
  getCycle,
  listCycles,
  openPreview,
  setDeadlines,
  startNotice,
  withdrawPreview,
  workingDaysAfter,
} from "./cycle.ts";
export {
  DEMO_CENTER_NAME,
  DEMO_PASSWORD,
  DEMO_PREVIEW_MONTH,
  DEMO_PUBLISHED_MONTH,
  DEMO_USERS,
  type DemoUser,
  demoPasswordsInUse,
  seedDemo,
  shippedRubrics,
} from "./demo.ts";
export { type DrilldownPage, type DrilldownQuery, drilldown } from "./drilldown.ts";
export { type DeclaredEventType, type EnteredEvent, enteredEventCsv, enteredEventFileName, eventTypesFor, newEventId } from "./event-entry.ts";
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
export { type DeclaredFact, type EnteredFacts, enteredFactsCsv, enteredFactsFileName, type YearlyFacts, yearlyFactsFor } from "./fact-entry.ts";
export {
  type EndedImport,
  endedImport,
  type InterruptedImport,
  listImportBatches,
  listInterruptedImports,
  recordInterruptedImports,
} from "./import-batches.ts";
export { fileKindGuides, inspectUploads, problemListDownload, templateDownload } from "./import-files.ts";
export { type UndoImportInput, type UndoImportResult, undoImportBatch } from "./import-undo.ts";
export { type ImportDataOptions, type ImportReport, type ImportWarning, type ImportWarningCode, importData } from "./import-warnings.ts";
export { inboxOf } from "./inbox.ts";
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
  withdrawObjection,
} from "./objections.ts";
export { PASSWORD_RULES, passwordProblem } from "./password.ts";
export {
  comparePublication,
  currentPublication,
  currentPublicationOnly,
  getPublication,
  listPublications,
  type Publication,
  type PublicationComparison,
  type PublicationFreshness,
  type PublishedPlace,
  type PublishedResult,
  type PublishInput,
  publicationFreshness,
  publishedPlace,
  publishPeriod,
  type Reproduction,
  reasonForUnit,
  replacedPublicationId,
  reproducePublication,
  type Standing,
  type UnitComparison,
} from "./publication.ts";
export { publishImpact } from "./publish-impact.ts";
export { PERMISSION_LABEL, ROLE_LABEL, ROLE_SUBJECT, ROLES, type Role } from "./roles.ts";
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
export { asksForExplanation, causeText, sanctionCauses } from "./sanction-causes.ts";
export {
  assessmentsForPeriod,
  type ComparedUnit,
  compareVersions,
  drilldownMeasure,
  type PlaceChange,
  rankingRuleOf,
  rubricFor,
  type ScoredPeriod,
  scoreForPeriod,
  scoreTrend,
  type TrendPoint,
  type UnitDetail,
  unitDetail,
  type VersionComparison,
  type VersionRef,
} from "./score-views.ts";
export {
  assertPeriod,
  assertPeriodHasData,
  type DataCutoffReader,
  dataBeforeAsOf,
  dataHash,
  diffVersions,
  fingerprintIn,
  isYear,
  loadFacts,
  loadUnits,
  monthsScored,
  openPastData,
  prefetchDataHash,
  sameData,
  scorePeriod,
  scoringData,
  warningsFor,
  yearDataBeforeAsOf,
  yearOpenPastData,
} from "./scores.ts";
export { withIsoDates } from "./serialize.ts";
export {
  BULLETIN_TITLE_MAX,
  CENTER_NAME_MAX,
  DEFAULT_BULLETIN_TITLE,
  earliestDataMonth,
  getBulletinTitle,
  getCenterName,
  latestDataMonth,
  setCenterName,
} from "./settings.ts";
export { categoryLabelsOf, findUnitNamed, listCategories, listUnits, type NamedUnit, type UnitNotFound } from "./units.ts";
export { MAX_UPLOAD_BYTES, PENDING_UPLOADS_MAX, type StoredUpload, tooLarge, Uploads, uploads } from "./uploads.ts";
export {
  type ClientInfo,
  changePassword,
  countUsers,
  createUser,
  ensureFirstAdmin,
  findUser,
  KNOWN_DEVICE_MS,
  listUsers,
  type NewUser,
  newDeviceToken,
  passwordToChangeOrigin,
  randomPassword,
  resetPassword,
  SESSION_MAX_MS,
  type SessionUser,
  type SignIn,
  sessionUser,
  setUserDisabled,
  signIn,
  signInFromOwnDevice,
  signInsExhausted,
  signOut,
  touchSession,
  type UserChanges,
  type UserSummary,
  type UserUpdate,
  updateUser,
  verifyPassword,
} from "./users.ts";
export {
  monthsText,
  type YearBulletinChecklist,
  type YearBulletinData,
  type YearBulletinEntry,
  type YearBulletinGroup,
  type YearBulletinReason,
  type YearBulletinRow,
  yearBulletinData,
  yearText,
} from "./year-bulletin.ts";
export { type YearSanction, yearSanctions, yearSanctionsInForce, yearSanctionsText } from "./year-sanctions.ts";

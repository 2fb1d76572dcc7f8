/**
 * @kaohe/api — tRPC routers over the domain services: units, imports (as
 * jobs), rubric versions, scores and their explanations, publication.
 * Serve `appRouter` with any tRPC adapter, with a context `{ store, actor }`;
 * clients type themselves from `AppRouter` (`RouterInputs`, `RouterOutputs`).
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root.ts";

export { type AppCode, describeError, type ErrorInfo, statusOfAppCode, toTRPCError, type ZodErrorData } from "./errors.ts";
export { permissionMatrixMarkdown, type RouteRow } from "./permission-matrix.ts";
export { actorName, assertAllowed, assertMonthOpenToUnit, assertOwnUnit, type Permission } from "./permissions.ts";
export { exclusive, type Placement, placementOf, type RemoteCall, RemoteError, type Workers } from "./placement.ts";
export { describeFailure, type RemoteFailure, runRemoteCall } from "./remote.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
export { auditQuerySchema } from "./routers/audit.ts";
export {
  ACCEPTED_ATTACHMENTS,
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
} from "./services/attachments.ts";
export { eachAuditCsvLine } from "./services/audit-csv.ts";
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
} from "./services/bulletin.ts";
export { type ImportJob, type ImportJobProgress, type ImportJobState, importHere, importJobs } from "./services/import-jobs.ts";
export type { ComparedUnit, PlaceChange, ScoredPeriod, TrendPoint, UnitDetail, VersionComparison, VersionRef } from "./services/scoring.ts";
export { drilldownMeasure, rubricFor } from "./services/scoring.ts";
export { MAX_UPLOAD_BYTES, tooLarge, Uploads, uploads } from "./services/uploads.ts";
export { type Context, createCallerFactory, type ErrorData, type Meta, recordDenial } from "./trpc.ts";
export { runWriterOp, type WriterOps, writerOp } from "./writer-ops.ts";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/**
 * @kaohe/api — tRPC routers over the domain services (@kaohe/services): units,
 * imports (as jobs, each in the writer thread), rubric versions, scores and
 * their explanations, publication, the units' workflow, users.
 * Serve `appRouter` with any tRPC adapter, with a context `{ store, actor }`;
 * clients type themselves from `AppRouter` (`RouterInputs`, `RouterOutputs`).
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root.ts";

export { BODY_LIMITS, bodyAllowance, bodyLimitOf, bodyNeeded, bodyTimedOut, callsOf, callsRefused, tooLargeBody } from "./call-body.ts";
export {
  type AppCode,
  bodyTooLarge,
  describeError,
  type ErrorInfo,
  MAX_BATCH_CALLS,
  statusOfAppCode,
  toTRPCError,
  type ZodErrorData,
  zodSummary,
} from "./errors.ts";
export { type ImportJob, type ImportJobProgress, type ImportJobState, importHere, importJobs } from "./import-jobs.ts";
export { permissionMatrixMarkdown, type RouteRow } from "./permission-matrix.ts";
export { allows, assertAllowed, assertOwnUnit, assertPeriodOpenToUnit, type Permission } from "./permissions.ts";
export { exclusive, type Placement, placementOf, type RemoteCall, RemoteError, requesterOf, type Workers } from "./placement.ts";
export { describeFailure, type RemoteFailure, runRemoteCall } from "./remote.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
export { auditQuerySchema } from "./routers/audit.ts";
export { yearOutOfRange } from "./schemas.ts";
export { type Context, createCallerFactory, type ErrorData, type Meta, recordDenial } from "./trpc.ts";
export { assertWellFormed } from "./well-formed.ts";
export { runWriterOp, type WriterOps, writerOp } from "./writer-ops.ts";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

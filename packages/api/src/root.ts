/** The API: one router per domain. */
import { auditRouter } from "./routers/audit.ts";
import { authRouter } from "./routers/auth.ts";
import { bulletinRouter } from "./routers/bulletin.ts";
import { importsRouter } from "./routers/imports.ts";
import { publicationRouter } from "./routers/publication.ts";
import { correctionsRouter, cycleRouter, explanationsRouter, inboxRouter, objectionsRouter } from "./routers/responses.ts";
import { rubricsRouter } from "./routers/rubrics.ts";
import { scoresRouter } from "./routers/scores.ts";
import { settingsRouter } from "./routers/settings.ts";
import { unitsRouter } from "./routers/units.ts";
import { usersRouter } from "./routers/users.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  units: unitsRouter,
  imports: importsRouter,
  rubrics: rubricsRouter,
  scores: scoresRouter,
  publication: publicationRouter,
  bulletin: bulletinRouter,
  cycle: cycleRouter,
  explanations: explanationsRouter,
  objections: objectionsRouter,
  corrections: correctionsRouter,
  inbox: inboxRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;

/** Call the API in-process (tests, the CLI): `createCaller({ store, user })`. */
export const createCaller = createCallerFactory(appRouter);

/** The API: one router per domain. */
import { importsRouter } from "./routers/imports.ts";
import { publicationRouter } from "./routers/publication.ts";
import { rubricsRouter } from "./routers/rubrics.ts";
import { scoresRouter } from "./routers/scores.ts";
import { unitsRouter } from "./routers/units.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  units: unitsRouter,
  imports: importsRouter,
  rubrics: rubricsRouter,
  scores: scoresRouter,
  publication: publicationRouter,
});

export type AppRouter = typeof appRouter;

/** Call the API in-process (tests, the CLI): `createCaller({ store, actor })`. */
export const createCaller = createCallerFactory(appRouter);

import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const root = import.meta.dirname;

/**
 * The order the files are handed to the workers: the longest first, so that the run does not end on one worker
 * finishing a long file while the other waits. Vitest's own order runs the projects one after another by name, and
 * within one the larger files first (the durations of the last run when it has them: not on a fresh clone, as in CI);
 * on a 2-core machine that ended runs on lone long files (roles.test.ts, 166 s, started late).
 * A project's files still run one after another, so that a worker imports its module graph once (isolate: false).
 * Only the order is decided here, never what runs.
 */
const PROJECTS = ["e2e", "server", "cli", "db", "checks", "api", "services", "rules-dsl", "data", "rules-engine", "console", "time"];
/** Files known to take longest (a run's JSON report), in that order: the rest of a project follows in Vitest's order. */
const LONGEST = [
  "apps/e2e/test/objections.test.ts",
  "apps/e2e/test/roles.test.ts",
  "apps/e2e/test/month.test.ts",
  "apps/e2e/test/data.test.ts",
  "apps/e2e/test/role-offers.test.ts",
  "apps/e2e/test/layout.test.ts",
  "packages/db/test/measure-pushdown.test.ts",
  "apps/server/test/auth.test.ts",
  "scripts/test/static-checks.test.ts",
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const order = (await super.sort(files)).map((spec, i) => ({ spec, i }));
    const last = Number.MAX_SAFE_INTEGER;
    const project = (s: TestSpecification) => PROJECTS.indexOf(s.project.name) >>> 0;
    const longest = (s: TestSpecification) => {
      const at = LONGEST.indexOf(relative(root, s.moduleId));
      return at < 0 ? last : at;
    };
    order.sort((a, b) => project(a.spec) - project(b.spec) || longest(a.spec) - longest(b.spec) || a.i - b.i);
    return order.map((o) => o.spec);
  }
}

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, every file after the other.
    // The files mostly wait (on a browser, a database, a server's threads): two at a time at least.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongestFirst },
    // The node-side projects run with isolate: false (each project's vitest.config.ts): a worker imports a module graph
    // once for all its files, not once per file (Prisma's client, the server, the engine: the imports were 142 s of a
    // 342 s run of those projects on a 2-core machine, 41 s of 243 s without isolation; the e2e files too).
    projects: ["packages/*", "apps/*", { test: { name: "checks", root: "scripts", include: ["test/**/*.test.ts"] } }],
  },
});

import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, every file after the other.
    // The files mostly wait (on a browser, a database, a server's threads): two at a time at least.
    maxWorkers: Math.max(2, availableParallelism()),
    // The node-side projects run with isolate: false (each project's vitest.config.ts): a worker imports a module graph
    // once for all its files, not once per file (Prisma's client, the server, the engine: the imports were 142 s of a
    // 342 s run of those projects on a 2-core machine, 41 s of 243 s without isolation; the e2e files keep theirs).
    projects: ["packages/*", "apps/*", { test: { name: "checks", root: "scripts", include: ["test/**/*.test.ts"] } }],
  },
});

import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, every file after the other.
    // The files mostly wait (on a browser, a database, a server's threads): two at a time at least.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: ["packages/*", "apps/*", { test: { name: "checks", root: "scripts", include: ["test/**/*.test.ts"] } }],
  },
});

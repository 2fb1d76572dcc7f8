import { defineProject } from "vitest/config";

// Each file walks the console as its users do, on an app of its own (its own database, server and browser: see
// test/support/app.ts), so files run beside each other and beside the other projects' tests; within a file the steps
// run in order, sharing that app.
export default defineProject({
  test: {
    name: "e2e",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/console-build.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    sequence: { concurrent: false },
  },
});

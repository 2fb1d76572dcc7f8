import { defineProject } from "vitest/config";

// Each file walks the console as its users do, on an app of its own (its own database, server and browser: see
// test/support/app.ts), so files run beside each other and beside the other projects' tests; within a file the steps
// run in order, sharing that app.
export default defineProject({
  test: {
    name: "e2e",
    // the files share a worker's module graph (the server, the services, Prisma's client, playwright) rather than each
    // importing it anew: 6 to 20 s a file on a busy 2-core machine. Each still has its own database, server and browser.
    isolate: false,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/console-build.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    sequence: { concurrent: false },
  },
});

import { defineProject } from "vitest/config";

// One browser walk through the month, in order: the steps share the app and its database.
export default defineProject({
  test: { name: "e2e", include: ["test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false, sequence: { concurrent: false } },
});

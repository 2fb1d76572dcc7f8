import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "db", isolate: false, include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", { test: { name: "checks", root: "scripts", include: ["test/**/*.test.ts"] } }],
  },
});

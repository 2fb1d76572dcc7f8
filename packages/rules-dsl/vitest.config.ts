import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "rules-dsl", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });

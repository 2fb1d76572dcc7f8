import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "rules-engine", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });

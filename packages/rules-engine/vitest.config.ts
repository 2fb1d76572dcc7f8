import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "rules-engine", isolate: false, include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });

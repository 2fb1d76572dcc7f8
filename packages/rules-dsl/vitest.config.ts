import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "rules-dsl", isolate: false, include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });

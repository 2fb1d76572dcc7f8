import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "data", isolate: false, include: ["test/**/*.test.ts"] } });

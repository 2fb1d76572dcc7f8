import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "time", isolate: false, include: ["test/**/*.test.ts"] } });

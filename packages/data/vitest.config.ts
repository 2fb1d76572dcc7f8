import { defineProject } from "vitest/config";

// a limit for a busy shared machine (a 20,000-row workbook passed 5 s under load), not a measurement: speed is the bench's
export default defineProject({ test: { name: "data", isolate: false, include: ["test/**/*.test.ts"], testTimeout: 60_000 } });

import { defineProject } from "vitest/config";

// CLI tests start real processes (tsx + the whole program): allow them time on a busy 2-core machine.
export default defineProject({ test: { name: "cli", isolate: false, include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 60_000 } });

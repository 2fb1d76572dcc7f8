/**
 * Runs the Prisma CLI the way scripts/new-migration.ts does: from
 * packages/db, with KAOHE_DB_PROVIDER picking the schema in prisma.config.ts
 * and DATABASE_URL set, offline (Prisma 6.19's js schema engine).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Provider } from "../../src/client.ts";

export const packageRoot = new URL("../../", import.meta.url).pathname;

function runPrisma(args: string[], env: { provider: Provider; url: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(packageRoot, "node_modules/.bin/prisma"), args, {
      cwd: packageRoot,
      env: {
        ...process.env,
        KAOHE_DB_PROVIDER: env.provider,
        DATABASE_URL: env.url,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`prisma ${args.join(" ")} exited with ${code}:\n${stderr}${stdout}`));
    });
  });
}

/** The SQL that builds the Prisma models of `prisma/<provider>/schema.prisma` from an empty database. */
export function schemaFromEmpty(provider: Provider, url: string): Promise<string> {
  return runPrisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", `prisma/${provider}/schema.prisma`, "--script"], { provider, url });
}

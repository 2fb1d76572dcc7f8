// `npm start`: install and build the server when its sources changed (via
// bootstrap), build the console when its sources changed, then start the built
// server (apps/server/dist/main.mjs, plain node; it migrates and seeds the
// embedded SQLite database on first start) and print the URL.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { supervise } from "./supervise.mjs";

const root = new URL("..", import.meta.url).pathname;
const run = (cmd, args, cwd = root, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, [join(root, "scripts", "bootstrap.mjs")]);

/** Newest modification time under a folder. */
const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};
const consoleDir = join(root, "apps", "console");
const built = join(consoleDir, "dist", "index.html");
// its sources, and how it is built (vite.config.ts, precompress.ts: the .br and .gz beside each file)
const sources = () => Math.max(newest(join(consoleDir, "src")), ...["vite.config.ts", "precompress.ts"].map((f) => statSync(join(consoleDir, f)).mtimeMs));
if (!existsSync(built) || sources() > statSync(built).mtimeMs) {
  console.error("[kaohe] 构建控制台 / building the console …");
  // for production whatever NODE_ENV the shell has (a development build is React's slow, checking one)
  run(join(consoleDir, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], consoleDir, { ...process.env, NODE_ENV: "production" });
}
// a young generation of 32 MiB semi-spaces, between V8's own 16 and the 64 once set for a single-threaded import:
// on 1,000,000 orders the server's peak is ~200 MiB lower than with 64 (console-bench: 1249/1221 → 1025/1063 MiB), and
// work that keeps what it allocates (1,000,000 rows read into memory) takes 31–33 s where 16 took 48–52 and 64 25–27
// the console's users are served in production mode
// source maps: a stack trace in the log names the .ts file and line
// the server as a child this process waits for, passing on the signals that stop it: `kill` of npm's process (a
// service manager, a script) stopped this one and left the server running, its port taken. One that dies on its own
// after it has been up a while (a V8 fatal error, out of memory: no JavaScript catches those) is started again
// (supervise.mjs): the console was down until someone restarted it by hand
const server = supervise(process.execPath, ["--max-semi-space-size=32", "--enable-source-maps", join(root, "apps", "server", "dist", "main.mjs")], {
  cwd: root,
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" },
});
// `kill` of npm's own process ends npm and its shell but passes nothing on to this one: it is left to init, and the
// server with it, its port taken. Started by npm (npm start), a parent gone stops the server as SIGTERM would; run by
// hand (nohup node scripts/start.mjs &), it is left to run.
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) server.stop("SIGTERM");
  }, 500).unref();
}
process.exit(await server.done);

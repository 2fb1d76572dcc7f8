// The server as a child process kept running: one that dies on its own after it has been up a while (a V8 fatal
// error or an out-of-memory abort, which no JavaScript catches) is started again, so the county's console is not
// down until someone restarts it by hand. It is not started again when it was asked to stop (a signal passed on),
// when it fails while starting (a port taken, a database it cannot open: starting again would fail again), or when it
// has died too often lately (something that kills it at once again: better stopped and seen in the log).
import { spawn } from "node:child_process";
import { constants } from "node:os";

/**
 * Runs `command args` as a child, passing on SIGINT, SIGTERM and SIGHUP. `done` resolves with the exit code this
 * process should end with once the child has stopped for good; `stop(signal)` stops it for good. `minUptimeMs`: how
 * long a child must have run for its death to be a crash rather than a failure to start; at most `maxRestarts` within
 * `windowMs`.
 */
export function supervise(command, args, { env = process.env, cwd, minUptimeMs = 10_000, maxRestarts = 5, windowMs = 10 * 60_000, log = console.error } = {}) {
  let child = null;
  let stopping = null;
  const restarts = [];
  const stop = (signal) => {
    stopping = signal;
    child?.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
  const done = new Promise((resolve) => {
    const start = () => {
      const startedAt = Date.now();
      child = spawn(command, args, { cwd, stdio: "inherit", env });
      child.on("error", (err) => {
        log(`[kaohe] 无法启动服务器 / the server could not start: ${err.message}`);
        resolve(1);
      });
      child.on("exit", (code, signal) => {
        // a server stopped by a signal ends as a shell says it: 128 + the signal's number
        const exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
        const now = Date.now();
        while (restarts.length > 0 && (restarts[0] ?? 0) < now - windowMs) restarts.shift();
        const crashed = stopping === null && exitCode !== 0 && now - startedAt >= minUptimeMs;
        if (!crashed) return resolve(exitCode);
        const how = signal ? `信号 ${signal}` : `退出码 ${code}`;
        if (restarts.length >= maxRestarts) {
          log(
            `[kaohe] 服务器意外退出（${how}），${Math.round(windowMs / 60_000)} 分钟内已重启 ${restarts.length} 次，不再重启：请查看上面的日志 / the server died again, not restarted`,
          );
          return resolve(exitCode);
        }
        restarts.push(now);
        log(`[kaohe] 服务器意外退出（${how}），正在重新启动（未写完的导入不会保存，需重新导入）/ the server died (${signal ?? code}): starting it again`);
        start();
      });
    };
    start();
  });
  return { done, stop };
}

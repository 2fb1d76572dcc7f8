// The server as a child process kept running: one killed by a signal it was not sent from here (a V8 fatal error or an
// out-of-memory abort, SIGABRT, which no JavaScript catches; the system's out-of-memory killer, SIGKILL) is started
// again, so the county's console is not down until someone restarts it by hand. It is not started again when it was
// asked to stop (a signal passed on), when it exits of itself (the server exits with a code only when it cannot start:
// a port taken, a database it cannot open — starting again would fail again; by time up instead, a start slower than
// the limit, a slow migration, was taken for a crash: a review), or when it has died too often lately (something that
// kills it at once again: better stopped and seen in the log).
import { spawn } from "node:child_process";
import { constants } from "node:os";

/**
 * Runs `command args` as a child, passing on SIGINT, SIGTERM and SIGHUP. `done` resolves with the exit code this
 * process should end with once the child has stopped for good; `stop(signal)` stops it for good. At most `maxRestarts`
 * within `windowMs`.
 */
export function supervise(command, args, { env = process.env, cwd, maxRestarts = 5, windowMs = 10 * 60_000, log = console.error } = {}) {
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
        if (stopping !== null || signal === null) return resolve(exitCode);
        const how = `信号 ${signal}`;
        if (restarts.length >= maxRestarts) {
          log(
            `[kaohe] 服务器意外退出（${how}），${Math.round(windowMs / 60_000)} 分钟内已重启 ${restarts.length} 次，不再重启：请查看上面的日志 / the server died again, not restarted`,
          );
          return resolve(exitCode);
        }
        restarts.push(now);
        log(`[kaohe] 服务器意外退出（${how}），正在重新启动（未写完的导入不会保存，需重新导入）/ the server died (${signal}): starting it again`);
        start();
      });
    };
    start();
  });
  return { done, stop };
}

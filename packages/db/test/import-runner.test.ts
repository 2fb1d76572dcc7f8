/**
 * Whether the process an import's start names runs still (runnerAlive): a live process of this machine does; one whose
 * id another process has since been given (a container started again keeps its host name and boot) does not.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runnerAlive, thisRunner } from "../src/import-runner.ts";

const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
afterAll(() => {
  child.kill();
});

const ticksOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
};

describe.runIf(process.platform === "linux")("runnerAlive", () => {
  it("says a live process of this machine runs, and not one whose id was given to another since", () => {
    const pid = child.pid as number;
    const here = thisRunner();
    expect(runnerAlive({ ...here, pid, ticks: ticksOf(pid) })).toBe(true);
    // the same id, started at another moment: another process
    expect(runnerAlive({ ...here, pid, ticks: ticksOf(pid) + 1 })).toBe(false);
    // this process itself (a server asking at its own start), another machine's, a start of no process named
    expect(runnerAlive(here)).toBe(false);
    expect(runnerAlive({ ...here, pid, ticks: ticksOf(pid), host: `${here.host}-other` })).toBe(false);
    expect(runnerAlive({ files: ["工单.csv"] })).toBe(false);
  });
});

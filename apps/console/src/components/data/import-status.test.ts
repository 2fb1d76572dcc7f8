import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { againLabel, jobContact, RECONNECTING_TEXT, retryJobQuery, runningText, SAVING_TEXT, WAITING_TEXT } from "./import-status.ts";

/** An error as the tRPC client makes it from the server's answer (`data` as the server's error formatter writes it). */
const answered = (appCode: string, httpStatus: number, detail?: unknown) =>
  new TRPCClientError("refused", { result: { error: { code: -32004, message: "refused", data: { appCode, httpStatus, zh: "…", detail } } } } as never);
/** No answer at all: the server is down (the browser's fetch failed). */
const unreachable = () => new TRPCClientError("Failed to fetch", { cause: new TypeError("Failed to fetch") });

describe("following an import across a server restart", () => {
  it("no answer: polled on quietly, the page says it is reconnecting (it said 无法查询导入进度 and stopped after 2 tries)", () => {
    expect(jobContact(null, unreachable())).toBe("reconnecting");
    expect(jobContact(null, answered("INTERNAL", 502))).toBe("reconnecting");
    // the 20th failure in a row is tried again as the 1st was
    expect(retryJobQuery(20, unreachable())).toBe(true);
    expect(RECONNECTING_TEXT).toMatch(/^正在重新连接服务器…/);
  });
  it("the server answers again without the job: interrupted, nothing saved, import again (never success wording)", () => {
    expect(jobContact(answered("NOT_FOUND", 404, { interrupted: true }), null)).toBe("lost");
    // a job the server no longer knows without having been interrupted (kept, then the server restarted): not said to
    // have stored nothing, the server's words shown
    expect(jobContact(answered("NOT_FOUND", 404), null)).toBe("error");
    expect(retryJobQuery(0, answered("NOT_FOUND", 404))).toBe(false);
    expect(againLabel(null, "lost")).toBe("重新导入");
  });
  it("the server answers again without the job, its import ended just before the restart: kept (success) or not, as the server says", () => {
    expect(jobContact(answered("NOT_FOUND", 404, { ended: "finished" }), null)).toBe("kept");
    expect(againLabel(null, "kept")).toBe("继续导入其他文件");
    expect(jobContact(answered("NOT_FOUND", 404, { ended: "refused" }), null)).toBe("ended");
    expect(jobContact(answered("NOT_FOUND", 404, { ended: "failed" }), null)).toBe("ended");
    expect(againLabel(null, "ended")).toBe("重新选择文件导入");
    expect(retryJobQuery(0, answered("NOT_FOUND", 404, { ended: "finished" }))).toBe(false);
  });
  it("the buttons after an import: success wording after a success only", () => {
    expect(againLabel("done", "answering")).toBe("继续导入其他文件");
    expect(againLabel("failed", "answering")).toBe("改正后重新上传");
    expect(againLabel(null, "error")).toBe("重新选择文件导入");
    expect(jobContact(answered("INTERNAL", 500), null)).toBe("error");
    expect(jobContact(null, null)).toBe("answering");
  });
  it("every file read, the import still saving: said so, not a finished-looking 100%", () => {
    expect(runningText({ file: "orders.csv", kind: "orders", rows: 1_000_000, phase: "saving" })).toBe(SAVING_TEXT);
    expect(SAVING_TEXT).toBe("正在保存（全部写入后才生效）…");
    expect(runningText({ file: "orders.csv", kind: "orders", rows: 1200, phase: "reading" })).toBe("正在导入 orders.csv（工单）：已读 1,200 行");
    // opened, no row yet (a large workbook's shared strings: seconds): reading it, not saving
    expect(runningText({ file: "工单.xlsx", kind: "orders", rows: 0, phase: "reading" })).toBe("正在读取 工单.xlsx（工单）…");
  });
  it("waiting for another import into the database: said so, not a still 正在准备导入", () => {
    expect(runningText({ file: null, kind: null, rows: 0, phase: "waiting" })).toBe(WAITING_TEXT);
    expect(WAITING_TEXT).toMatch(/^等待另一个导入完成…/);
  });
});

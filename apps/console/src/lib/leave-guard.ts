/**
 * Leaving a page with unsaved work: the browser asks on reload or close, the console before it moves to another
 * page (the rubric editor's unsaved text, a unit's explanation or objection being written).
 */
import { App } from "antd";
import { useEffect, useRef } from "react";
import { useBlocker } from "react-router";

/** The guards holding unsaved work now, each with what would be lost ("未提交的书面说明"). */
const holding = new Map<symbol, string>();

/** While `dirty`, leaving the page asks first: the browser on a reload or close, the console (LeaveGuardHost) on a move. */
export function useLeaveGuard(dirty: boolean, what = "未保存的修改"): void {
  const key = useRef<symbol | null>(null);
  key.current ??= Symbol(what);
  useEffect(() => {
    if (!dirty) return;
    const id = key.current as symbol;
    holding.set(id, what);
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      holding.delete(id);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [dirty, what]);
}

/**
 * The console's one navigation blocker, mounted once in the shell: React Router consults only the blocker registered
 * last, so a page with two forms (the 说明与异议 page: an explanation and an objection) had one of them unguarded.
 * It asks when any guard holds unsaved work, naming what would be lost.
 */
export function LeaveGuardHost(): null {
  const { modal } = App.useApp();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => holding.size > 0 && currentLocation.pathname !== nextLocation.pathname);
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== "blocked" || asking.current) return;
    asking.current = true;
    const what = [...new Set(holding.values())].join("、") || "未保存的修改";
    modal.confirm({
      title: `有${what}`,
      content: `离开此页面，${what}将会丢失。确定离开吗？`,
      okText: "放弃并离开",
      okButtonProps: { danger: true, "data-testid": "leave-confirm" },
      cancelText: "留在此页",
      onOk: () => {
        asking.current = false;
        blocker.proceed();
      },
      onCancel: () => {
        asking.current = false;
        blocker.reset();
      },
    });
  }, [blocker, modal]);
  return null;
}

/**
 * Leaving a page with unsaved work: the browser asks on reload or close, the console before it moves to another
 * page (the rubric editor's unsaved text, a unit's explanation or objection being written).
 */
import { App } from "antd";
import { useEffect, useLayoutEffect, useRef } from "react";
import { useBlocker } from "react-router";

/** A form on the page now: what it would lose ("未提交的书面说明"), and whether it holds unsaved work at this moment. */
interface Guard {
  what: string;
  holds: () => boolean;
}

const guards = new Map<symbol, Guard>();

/** What the forms on the page would lose if it were left now, each named once. */
function unsaved(): string[] {
  return [...new Set([...guards.values()].filter((g) => g.holds()).map((g) => g.what))];
}

/**
 * While `holds()` says the form has unsaved work, leaving the page asks first: the browser on a reload or close, the
 * console (LeaveGuardHost) on a move. `holds` is asked at the moment of leaving, so it should read the form's own store
 * (`form.getFieldValue`), which an input updates at once, not a watched value: antd's `Form.useWatch` reaches React a
 * timer later, and a Back pressed within it left a half-written objection without a word.
 */
export function useLeaveGuard(holds: () => boolean, what = "未保存的修改"): void {
  const latest = useRef(holds);
  useLayoutEffect(() => {
    latest.current = holds;
  });
  useEffect(() => {
    const id = Symbol(what);
    guards.set(id, { what, holds: () => latest.current() });
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (latest.current()) e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      guards.delete(id);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [what]);
}

type Modal = ReturnType<typeof App.useApp>["modal"];

/** Ask as leaving the page asks (LeaveGuardHost), when a form holds unsaved work; then `leave` (signing out: it leaves every page). */
export function confirmLeaving(modal: Modal, leave: () => void, how = "离开此页面"): void {
  const lost = unsaved();
  if (lost.length === 0) {
    leave();
    return;
  }
  const what = lost.join("、");
  modal.confirm({
    title: `有${what}`,
    content: `${how}，${what}将会丢失。确定吗？`,
    okText: "放弃并继续",
    okButtonProps: { danger: true, "data-testid": "leave-confirm" },
    cancelText: "留在此页",
    onOk: leave,
  });
}

/**
 * The console's one navigation blocker, mounted once in the shell: React Router consults only the blocker registered
 * last, so a page with two forms (the 说明与异议 page: an explanation and an objection) had one of them unguarded.
 * It asks when any form holds unsaved work, naming what would be lost.
 */
export function LeaveGuardHost(): null {
  const { modal } = App.useApp();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && unsaved().length > 0);
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== "blocked" || asking.current) return;
    asking.current = true;
    const what = unsaved().join("、") || "未保存的修改";
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

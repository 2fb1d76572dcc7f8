/**
 * Leaving a page with unsaved work: the browser asks on reload or close, the console before it moves to another
 * page (the rubric editor's unsaved text, a unit's explanation being written).
 */
import { App } from "antd";
import { useEffect, useRef } from "react";
import { useBlocker } from "react-router";

export function useLeaveGuard(dirty: boolean, what = "未保存的修改"): void {
  const { modal } = App.useApp();
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== "blocked" || asking.current) return;
    asking.current = true;
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
  }, [blocker, modal, what]);
}

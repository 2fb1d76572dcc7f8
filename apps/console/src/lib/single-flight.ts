/** Handlers that do one thing at a time: a double click on 提交 submits once. */
import { useCallback, useRef } from "react";

/**
 * `once(handler)`: the handler, ignored while an earlier call of any handler so wrapped is still running — the
 * second click of a double click comes before the button shows it is busy (a form is checked first, asynchronously).
 */
export function useSingleFlight(): <A extends unknown[]>(handler: (...args: A) => Promise<unknown>) => (...args: A) => Promise<void> {
  const running = useRef(false);
  return useCallback(
    <A extends unknown[]>(handler: (...args: A) => Promise<unknown>) =>
      async (...args: A) => {
        if (running.current) return;
        running.current = true;
        try {
          await handler(...args);
        } finally {
          running.current = false;
        }
      },
    [],
  );
}

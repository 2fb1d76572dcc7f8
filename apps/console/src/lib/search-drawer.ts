/**
 * A drawer (or dialog) opened over a page, kept in the address as `?name=value`: the back button closes it rather than
 * leaving the page, a reload opens it again, and a link (the bell's) can open it. Opening adds a history entry;
 * closing goes back over it when this page added it, and otherwise (a link opened it) removes the parameter in place.
 * Closed twice before the address changes (Esc pressed as a decision's own close comes), it goes back once: twice
 * left the page for the one before it (the review page went back to 数据: a test on a busy machine).
 */
import { useCallback, useEffect, useRef } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";

export function useSearchDrawer(name: string): [value: string | null, open: (value: string) => void, close: () => void] {
  const [search, setSearch] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const value = search.get(name);
  const opened = (location.state as { drawer?: string } | null)?.drawer === name;
  // a going back asked and not yet made: the address still holds the value until it is
  const goingBack = useRef(false);
  useEffect(() => {
    goingBack.current = false;
  }, [value]);
  const open = useCallback(
    (v: string) => {
      const next = new URLSearchParams(search);
      next.set(name, v);
      setSearch(next, { state: { drawer: name } });
    },
    [name, search, setSearch],
  );
  const close = useCallback(() => {
    if (goingBack.current) return;
    if (opened) {
      goingBack.current = true;
      navigate(-1);
      return;
    }
    const next = new URLSearchParams(search);
    next.delete(name);
    setSearch(next, { replace: true });
  }, [name, opened, navigate, search, setSearch]);
  return [value, open, close];
}

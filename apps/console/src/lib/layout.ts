import { useSyncExternalStore } from "react";
import { flushSync } from "react-dom";

/**
 * The page's header stays at the top while the page scrolls (styles.css .kh-app-header): a table's own sticky header
 * stops below it, not under it.
 */
const APP_HEADER_HEIGHT = 64;
const STICKY_BELOW_HEADER = { offsetHeader: APP_HEADER_HEIGHT } as const;

/** Set from the browser's beforeprint to its afterprint (matchMedia("print") is not told of every print). */
let printing = false;
const onPrintChange = (changed: () => void) => {
  const query = window.matchMedia("print");
  // the tables drawn again before the page is laid out for paper: the print is of what this render leaves
  const before = () => {
    printing = true;
    flushSync(changed);
  };
  const after = () => {
    printing = false;
    changed();
  };
  query.addEventListener("change", changed);
  window.addEventListener("beforeprint", before);
  window.addEventListener("afterprint", after);
  return () => {
    query.removeEventListener("change", changed);
    window.removeEventListener("beforeprint", before);
    window.removeEventListener("afterprint", after);
  };
};

/**
 * A table's sticky header below the page's, but none on paper: antd draws a sticky header as a table of its own, which
 * a printed page two does not repeat (a ranking's columns past page one had no names, a walk); one table's head the
 * browser repeats on every page.
 */
export const useStickyHeader = (): typeof STICKY_BELOW_HEADER | undefined => (usePrinting() ? undefined : STICKY_BELOW_HEADER);

/** The page is being printed (the browser's 打印, window.print(), or print media): drawn for paper. */
export const usePrinting = (): boolean =>
  useSyncExternalStore(
    onPrintChange,
    () => printing || window.matchMedia("print").matches,
    () => false,
  );

/** Narrower than antd's sm breakpoint (576 px). */
const PHONE_QUERY = "(max-width: 575.98px)";
const onPhoneChange = (changed: () => void) => {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
};

/**
 * A phone's screen: the menu folds into the header, forms take narrower fields. Known from the first render (antd's
 * Grid.useBreakpoint answers only after it, so a state started from it began as a computer's).
 */
export const usePhone = (): boolean =>
  useSyncExternalStore(
    onPhoneChange,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );

import { useSyncExternalStore } from "react";

/**
 * The page's header stays at the top while the page scrolls (styles.css .kh-app-header): a table's own sticky header
 * stops below it, not under it.
 */
const APP_HEADER_HEIGHT = 64;
export const STICKY_BELOW_HEADER = { offsetHeader: APP_HEADER_HEIGHT } as const;

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

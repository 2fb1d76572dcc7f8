/**
 * The page's header stays at the top while the page scrolls (styles.css .kh-app-header): a table's own sticky header
 * stops below it, not under it.
 */
const APP_HEADER_HEIGHT = 64;
export const STICKY_BELOW_HEADER = { offsetHeader: APP_HEADER_HEIGHT } as const;

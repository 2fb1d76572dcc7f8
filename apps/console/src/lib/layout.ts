import { Grid } from "antd";

/**
 * The page's header stays at the top while the page scrolls (styles.css .kh-app-header): a table's own sticky header
 * stops below it, not under it.
 */
const APP_HEADER_HEIGHT = 64;
export const STICKY_BELOW_HEADER = { offsetHeader: APP_HEADER_HEIGHT } as const;

/** A phone's screen (narrower than antd's sm, 576 px): the menu folds into the header, forms take narrower fields. */
export const usePhone = (): boolean => Grid.useBreakpoint().sm === false;

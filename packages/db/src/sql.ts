/** The few differences between SQLite and PostgreSQL SQL that kaohe's raw queries meet. */
import type { Provider } from "./client.ts";

/** The i-th positional parameter (from 1): `?` (SQLite) or `$i` (PostgreSQL). */
export const param = (provider: Provider, i: number): string => (provider === "sqlite" ? "?" : `$${i}`);

/** `n` positional parameters starting at `from`: `?, ?` (SQLite) or `$3, $4` (PostgreSQL). */
export function placeholders(provider: Provider, n: number, from = 1): string {
  return Array.from({ length: n }, (_, i) => param(provider, from + i)).join(", ");
}

/** A quoted identifier: the engine's, which its SQL compiler quotes with. */
export { ident } from "@kaohe/rules-engine";

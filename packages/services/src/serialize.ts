/**
 * Without a data transformer tRPC sends a Date as its ISO string; outputs say
 * so in their types, so what the console is told is what it gets.
 */
export type IsoDates<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** The object with its top-level Date fields as ISO strings. */
export function withIsoDates<T extends object>(o: T): IsoDates<T> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as IsoDates<T>;
}

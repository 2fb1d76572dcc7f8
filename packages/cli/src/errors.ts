/**
 * An error the command line prints as it is (already in Chinese and English) and exits 1. A module of its
 * own, so that main.ts can tell it without loading the data and scoring modules (see main.ts).
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** `text` is an alias two or more units give (data stored before imports refused such a units file): which, and to give a code. */
export function sharedAliasError(text: string, units: readonly { code: string; name: string }[]): CliError {
  return new CliError(
    `“${text.trim()}”是 ${units.map((u) => `${u.name}（${u.code}）`).join("、")} 共同的别名：请用单位编码指明是哪一个 / ${text.trim()} is an alias of ${units.map((u) => u.code).join(", ")}: give the code`,
  );
}

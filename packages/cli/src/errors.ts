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

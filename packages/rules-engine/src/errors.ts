/** The engine's error for data or a period it cannot score: what is wrong, in Chinese for the user and in English. */
export class ScoringError extends Error {
  constructor(
    /** Chinese, for the user */
    readonly zh: string,
    readonly messageEn: string,
  ) {
    super(`${zh} / ${messageEn}`);
    this.name = "ScoringError";
  }
}

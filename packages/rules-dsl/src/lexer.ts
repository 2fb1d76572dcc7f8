import { Lexer } from "chevrotain";
import { allTokens } from "./tokens.ts";

/** One lexer for the process: Chevrotain lexers are reusable and costly to build. */
export const rubricLexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: false,
  skipValidations: true,
});

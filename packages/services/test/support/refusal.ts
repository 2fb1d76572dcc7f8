/** Asserting that a service call is refused with an AppError. */
import { AppError } from "@kaohe/db";
import { expect } from "vitest";

/** The error a call rejects with, as an AppError (the test fails when it resolves or throws something else). */
export async function refusal(call: Promise<unknown>): Promise<AppError> {
  const e = await call.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, "the call should have been refused").toBeInstanceOf(AppError);
  return e as AppError;
}

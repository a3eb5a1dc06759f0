import { expect } from 'vitest';
import { CodedError, type ErrorCode } from '../../../src/core/errors.js';

/** Awaits a promise that must reject with a CodedError of the given code, and returns the error. */
export async function expectCoded(promise: Promise<unknown>, code: ErrorCode): Promise<CodedError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection, got a result'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CodedError);
  expect((error as CodedError).code, (error as Error).message).toBe(code);
  return error as CodedError;
}

/** The CopywatchError a call throws (or a promise rejects with); the test fails when there is none or it is another kind. */
import { expect } from 'vitest';
import { CopywatchError } from '../../src/domain/index.ts';

export function errorOf(fn: () => unknown): CopywatchError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CopywatchError);
    return error as CopywatchError;
  }
  throw new Error('expected a CopywatchError, and nothing was thrown');
}

export async function rejectionOf(p: Promise<unknown>): Promise<CopywatchError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(CopywatchError);
    return error as CopywatchError;
  }
  throw new Error('expected a CopywatchError, and the promise resolved');
}

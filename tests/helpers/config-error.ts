import { expect } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';

/** The ConfigError `run` throws (the test fails when it throws something else or nothing). */
export function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

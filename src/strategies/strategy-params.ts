import { z } from 'zod';
import { UsageError } from '../core/index.js';
import type { StrategyDefinition, StrategyParams } from './strategy.js';

/** 'rsi_period' or 'grid[2]' from a zod issue path. */
function keyPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** Zod issues as `key: problem` lines (paths relative to the params object). */
/** `known` lists the valid parameter names, quoted when a name is unknown. */
export function describeParamIssues(error: z.ZodError, known?: readonly string[]): { keyPath: string; problem: string }[] {
  return error.issues.map((issue) => {
    if (issue.code !== 'unrecognized_keys') return { keyPath: keyPath(issue.path), problem: issue.message.replace(/^Invalid input: /, '') };
    const single = issue.keys.length === 1;
    return {
      keyPath: keyPath(single ? [...issue.path, issue.keys[0]] : issue.path),
      problem: `${single ? 'unknown parameter' : `unknown parameters ${issue.keys.join(', ')}`}${known ? ` (valid: ${known.join(', ')})` : ''}`,
    };
  });
}

/**
 * Validates params against the strategy's schema and fills the defaults. Throws a UsageError naming the strategy,
 * the parameter and what was expected.
 */
export function parseStrategyParams<P extends StrategyParams>(definition: StrategyDefinition<P>, params: unknown = {}): P {
  const result = definition.paramsSchema.safeParse(params ?? {});
  if (result.success) return result.data;
  const lines = describeParamIssues(result.error, knownParams(definition)).map((line) => `${line.keyPath || '(params)'}: ${line.problem}`);
  throw new UsageError(`strategy ${definition.id}: invalid params: ${lines.join('; ')}`);
}

/** The default params of a strategy (its schema applied to `{}`). */
export function defaultParams<P extends StrategyParams>(definition: StrategyDefinition<P>): P {
  return parseStrategyParams(definition, {});
}

/** The parameter names of a strategy (the keys of its defaults). */
export function knownParams(definition: StrategyDefinition<StrategyParams>): string[] {
  const result = definition.paramsSchema.safeParse({});
  return result.success ? Object.keys(result.data) : [];
}

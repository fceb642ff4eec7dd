import type { z } from 'zod';

/** 'runtime.tf_list[2]' from a zod issue path. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}

/** Reads the value at a zod path out of the raw input, so the message can say what was found. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** One line per issue: 'runtime.topN: expected a number > 0, found number -3'. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): { keyPath: string; problem: string } {
  const keyPath = formatKeyPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return { keyPath, problem: `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} (check the spelling; see the shipped config for the valid keys)` };
  }
  const found = describeValue(valueAt(input, issue.path));
  const expected = issue.message.replace(/^Invalid input: /, '');
  return { keyPath, problem: `${expected}; found ${found}` };
}

import { z } from 'zod';

/** Which sides a bidirectional strategy may trade: its `direction` parameter narrows the definition's sides. */
export const DirectionSchema = z.enum(['both', 'long', 'short']).default('both');
export type Direction = z.infer<typeof DirectionSchema>;

export function allowsLong(direction: Direction): boolean {
  return direction !== 'short';
}

export function allowsShort(direction: Direction): boolean {
  return direction !== 'long';
}

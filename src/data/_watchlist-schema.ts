import { z } from 'zod';
import { DataIntegrityError } from '../core/errors.js';

/** data/watchlist.json, and each line of data/watchlist_history.jsonl. */
export const WatchlistSchema = z
  .object({
    exchange: z.string().min(1),
    simulated: z.boolean(),
    market: z.enum(['spot', 'swap']),
    quote: z.string().min(1),
    taken_at: z.iso.datetime({ offset: true }),
    pairs: z.array(z.object({ symbol: z.string().min(1), quote_volume: z.number().min(0) }).strict()),
  })
  .strict();
export type Watchlist = z.infer<typeof WatchlistSchema>;

/** Parses one watchlist JSON text; `where` names the file (and line) in the DataIntegrityError. */
export function parseWatchlist(text: string, where: string): Watchlist {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DataIntegrityError(where, `not valid JSON (${(error as Error).message}); delete it and run scalp watchlist`, {
      cause: error,
    });
  }
  const parsed = WatchlistSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.') || '(root)';
    throw new DataIntegrityError(where, `${path}: ${issue.message}; delete it and run scalp watchlist`);
  }
  return parsed.data;
}

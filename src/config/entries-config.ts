import { z } from 'zod';
import { loadConfigFile } from './load-file.js';

/** A default parameter value (numbers, strings, booleans). */
export const EntryParamValueSchema = z.union([z.number(), z.string(), z.boolean()]);
/** Values a parameter grid may list (numbers and strings, like research's ParameterGrid). */
export const EntryGridValueSchema = z.union([z.number(), z.string()]);

/**
 * One strategy of the library as the user configures it. Parameter names and values are checked by the strategy.
 * `family` and `sides` may be left out (they are the strategy's own); an entry for a user strategy (a module in
 * runtime.strategies_dir) only overrides what it names, e.g. `{ "grid": { "fast": [5, 8] } }` or `{ "enabled": false }`.
 */
export const StrategyEntrySchema = z
  .object({
    family: z.enum(['mono', 'grid']).optional(),
    sides: z.array(z.enum(['long', 'short'])).min(1).optional(),
    enabled: z.boolean().default(true),
    /** Params used when a parameter is not in the grid (risk params included); missing ones take the strategy's defaults. */
    defaults: z.record(z.string(), EntryParamValueSchema).default({}),
    /** Candidate values per parameter for the search (for a user strategy, omitted = the module's own grid). */
    grid: z.record(z.string(), z.array(EntryGridValueSchema).min(1)).optional(),
    notes: z.string().default(''),
  })
  .strict();

/** config/entries_config.json: `{ strategies: { <strategy id>: StrategyEntry } }`. */
export const EntriesConfigSchema = z
  .object({
    $comment: z.string().optional(),
    strategies: z.record(z.string(), StrategyEntrySchema),
  })
  .strict();

export type StrategyEntryInput = z.infer<typeof StrategyEntrySchema>;
/** An entry with everything resolved against its strategy: family, sides and grid always present. */
export type StrategyEntry = Required<Omit<StrategyEntryInput, 'grid'>> & { grid: Record<string, (string | number)[]> };
export type EntriesConfig = z.infer<typeof EntriesConfigSchema>;

/**
 * Reads and shape-checks entries_config.json. Strategy ids and parameter values are checked against the
 * strategy library by `validateEntries` in src/strategies (config/ cannot import strategies).
 */
export function loadEntriesConfig(file: string): EntriesConfig {
  return loadConfigFile(file, EntriesConfigSchema);
}

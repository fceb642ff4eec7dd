import { z } from 'zod';
import { loadConfigFile } from './load-file.js';

/** A default parameter value (numbers, strings, booleans). */
export const EntryParamValueSchema = z.union([z.number(), z.string(), z.boolean()]);
/** Values a parameter grid may list (numbers and strings, like research's ParameterGrid). */
export const EntryGridValueSchema = z.union([z.number(), z.string()]);

/** One strategy of the library as the user configures it. Parameter names and values are checked by the strategy. */
export const StrategyEntrySchema = z
  .object({
    family: z.enum(['mono', 'grid']),
    sides: z.array(z.enum(['long', 'short'])).min(1),
    enabled: z.boolean().default(true),
    /** Params used when a parameter is not in the grid (risk params included); missing ones take the strategy's defaults. */
    defaults: z.record(z.string(), EntryParamValueSchema).default({}),
    /** Candidate values per parameter for the search. */
    grid: z.record(z.string(), z.array(EntryGridValueSchema).min(1)).default({}),
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

export type StrategyEntry = z.infer<typeof StrategyEntrySchema>;
export type EntriesConfig = z.infer<typeof EntriesConfigSchema>;

/**
 * Reads and shape-checks entries_config.json. Strategy ids and parameter values are checked against the
 * strategy library by `validateEntries` in src/strategies (config/ cannot import strategies).
 */
export function loadEntriesConfig(file: string): EntriesConfig {
  return loadConfigFile(file, EntriesConfigSchema);
}

/**
 * A user strategy module turned into a strategy of the library: a params schema built from its `params`, a plan
 * that runs its `signals()` (output checked and packed) with the risk params handed to the mono kernel. Research,
 * grading and the forward test then treat it exactly like a built-in.
 */
import { z } from 'zod';
import { ConfigError } from '../core/index.js';
import * as indicators from '../indicators/index.js';
import type { MonoRiskOptions, StrategyDefinition, StrategyGrid, StrategyParams, StrategySource } from './strategy.js';
import { describeParamIssues } from './strategy-params.js';
import { packUserSignals } from './user-signals.js';
import { RISK_PARAMS, UserStrategySchema, type ParsedUserParam, type ParsedUserStrategy, type UserParams } from './user-strategy.js';

function isInteger(spec: ParsedUserParam): boolean {
  if (spec.integer !== undefined) return spec.integer;
  return [spec.default, ...(spec.grid ?? [])].every((value) => typeof value === 'number' && Number.isInteger(value));
}

function paramSchema(name: string, spec: ParsedUserParam): z.ZodType {
  if (typeof spec.default === 'boolean') return z.boolean().default(spec.default);
  if (typeof spec.default === 'string') return z.string().default(spec.default);
  let schema = isInteger(spec) ? z.number().int() : z.number();
  const risk = name in RISK_PARAMS;
  const min = spec.min ?? (risk ? 0 : undefined);
  if (min !== undefined) schema = schema.min(min);
  if (spec.max !== undefined) schema = schema.max(spec.max);
  if (risk) schema = schema.lt(1, 'a risk fraction must be below 1 (0.02 = 2%; 0 = off)');
  return schema.default(spec.default);
}

/** Strict params schema of a user strategy: every param with its type, bounds and default. */
function paramsSchemaOf(parsed: ParsedUserStrategy): z.ZodType<StrategyParams> {
  const shape = Object.fromEntries(Object.entries(parsed.params).map(([name, spec]) => [name, paramSchema(name, spec)]));
  return z.object(shape).strict() as unknown as z.ZodType<StrategyParams>;
}

function riskOptions(params: StrategyParams): MonoRiskOptions {
  const options: Record<string, number> = {};
  for (const [name, option] of Object.entries(RISK_PARAMS)) {
    const value = params[name];
    if (typeof value === 'number' && value > 0) options[option] = value;
  }
  return options as MonoRiskOptions;
}

/** Every default and grid value checked against the param's own schema; the first problem names the field. */
function checkParamValues(parsed: ParsedUserStrategy, schema: z.ZodType<StrategyParams>, file: string): void {
  for (const [name, spec] of Object.entries(parsed.params)) {
    const values: [string, unknown][] = [[`params.${name}.default`, spec.default], ...(spec.grid ?? []).map((value, i): [string, unknown] => [`params.${name}.grid[${i}]`, value])];
    for (const [at, value] of values) {
      const result = schema.safeParse({ [name]: value });
      if (!result.success) throw new ConfigError(file, at, `${describeParamIssues(result.error)[0].problem}; found ${JSON.stringify(value)}`);
    }
  }
}

function warmupOf(parsed: ParsedUserStrategy, file: string): (params: StrategyParams) => number {
  const { warmup } = parsed;
  if (warmup === undefined) return () => 0;
  if (typeof warmup === 'number') return () => warmup;
  return (params) => {
    const bars = warmup(params as UserParams);
    if (!(Number.isInteger(bars) && bars >= 0)) throw new ConfigError(file, 'warmup()', `returned ${String(bars)}; expected a whole number of bars >= 0`);
    return bars;
  };
}

/**
 * Checks a module's default export against the contract (the first problem throws a ConfigError naming `source.file`
 * and the field) and returns its strategy definition. Its signals are checked each time a plan is built.
 */
export function userStrategyDefinition(exported: unknown, source: StrategySource): StrategyDefinition<StrategyParams> {
  const file = source.file;
  if (exported === undefined) {
    throw new ConfigError(file, 'export default', 'missing: the module must `export default { id, family, sides, params, signals }`');
  }
  const result = UserStrategySchema.safeParse(exported);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue.path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
    const problem = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')} (the contract has id, family, sides, params, warmup, description, signals)` : issue.message.replace(/^Invalid input: /, '');
    throw new ConfigError(file, at || 'export default', problem);
  }
  const parsed = result.data;
  const paramsSchema = paramsSchemaOf(parsed);
  checkParamValues(parsed, paramsSchema, file);
  const grid: StrategyGrid = Object.fromEntries(Object.entries(parsed.params).flatMap(([name, spec]) => (spec.grid ? [[name, spec.grid]] : [])));
  const warmup = warmupOf(parsed, file);
  const { signals, sides } = parsed;
  return {
    id: parsed.id,
    family: 'mono',
    sides,
    description: parsed.description ?? `user strategy (${file})`,
    paramsSchema,
    warmup,
    plan(candles, params, cache, context) {
      let output: unknown;
      try {
        output = signals(candles, params as UserParams, { indicators, cache, timeframe: context?.timeframe });
      } catch (error) {
        throw new ConfigError(file, 'signals()', `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} (params ${JSON.stringify(params)})`, { cause: error });
      }
      const packed = packUserSignals(output, candles.close.length, sides, file);
      return { family: 'mono', signals: { packed }, options: riskOptions(params), startIndex: warmup(params) };
    },
    source,
    grid,
  };
}

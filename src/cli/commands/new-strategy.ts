import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { isStrategyId } from '../../strategies/index.js';
import { loadContext } from '../load-context.js';
import { print } from '../output.js';
import { starterModule, starterTest } from '../strategy-starter.js';

/**
 * `scalp new-strategy NAME [--ts]`: writes a commented starter module NAME.mjs (or NAME.ts) and its test
 * NAME.test.mjs into runtime.strategies_dir. Refuses (exit 2, nothing written) a name that is not [a-z0-9_]+, a
 * built-in id, or a file that already exists.
 */
export default async function newStrategy(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  const [name] = (options.args as string[] | undefined) ?? [];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new UsageError(`new-strategy: name the strategy with lower-case letters, digits and _ (it becomes its id), e.g. scalp new-strategy my_cross; found "${name ?? ''}"`);
  }
  if (isStrategyId(name)) throw new UsageError(`new-strategy: "${name}" is a built-in strategy id; choose another name`);
  const dir = config.paths.strategiesDir;
  const moduleFile = `${name}${options.ts ? '.ts' : '.mjs'}`;
  const files = [join(dir, moduleFile), join(dir, `${name}.test.mjs`)];
  const taken = files.filter((file) => existsSync(file));
  if (taken.length > 0) throw new UsageError(`new-strategy: ${taken.join(' and ')} already exist(s); nothing was written (choose another name or delete it)`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(files[0], starterModule(name, Boolean(options.ts)), { flag: 'wx' });
  writeFileSync(files[1], starterTest(name, moduleFile), { flag: 'wx' });
  const shown = files.map((file) => relative(process.cwd(), file));
  print(`wrote ${shown.join(' and ')}`);
  print(`next: edit the signals, then scalp check-strategy ${name} (the lookahead gate) and scalp backtest --strategies ${name}`);
  return 0;
}

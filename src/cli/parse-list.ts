import { UsageError } from '../core/errors.js';
import { TIMEFRAMES, isTimeframe, type Timeframe } from '../core/timeframe.js';

/**
 * 'a,b , c' -> ['a','b','c']; undefined (flag not given) stays undefined. A flag given with nothing in it
 * (`--pairs ''`, often an unset shell variable) is an error: silently reading it as "the default" would run on
 * every pair when the user meant to name some.
 */
export function parseList(value: string | undefined, flag: string, whenOmitted: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag}: the list is empty; name at least one, or leave ${flag} out to use ${whenOmitted}`);
  return items;
}

/** --tfs: known timeframes that are also in runtime.tf_list (the loop, status and dashboard only follow those). */
export function parseTimeframes(value: string | undefined, tfList: readonly Timeframe[], configFile: string): Timeframe[] | undefined {
  const items = parseList(value, '--tfs', `runtime.tf_list (${tfList.join(',')})`);
  if (!items) return undefined;
  for (const item of items) {
    if (!isTimeframe(item)) throw new UsageError(`--tfs: unknown timeframe "${item}"; use a comma list of ${TIMEFRAMES.join(', ')}`);
    if (!tfList.includes(item)) {
      throw new UsageError(
        `--tfs: ${item} is not in runtime.tf_list (${tfList.join(', ')}) of ${configFile}; ` +
          `add it to tf_list there first (status, the loop and the dashboard only follow those), or pick from ${tfList.join(', ')}`,
      );
    }
  }
  return items as Timeframe[];
}

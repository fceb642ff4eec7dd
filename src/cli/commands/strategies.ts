import { relative } from 'node:path';
import { listStrategyLibrary } from '../../loop/strategy-listing.js';
import { loadContext } from '../load-context.js';
import { formatTable, print, printJson } from '../output.js';

/** `scalp strategies [--json]`: built-in and user strategies with family, sides, grid size, source and gate status. */
export default async function strategies(options: Record<string, unknown>): Promise<number> {
  const config = loadContext(options);
  const listed = await listStrategyLibrary(config);
  if (options.json) {
    printJson(listed);
  } else {
    const rows = listed.map((row) => [
      row.id, row.family, row.sides.join('+'), String(row.combos), row.enabled ? 'yes' : 'no',
      row.source === 'built-in' ? 'built-in' : relative(process.cwd(), row.source), row.gate,
    ]);
    print(formatTable(['id', 'family', 'sides', 'combos', 'enabled', 'source', 'gate'], rows));
    for (const row of listed.filter((r) => r.gate === 'broken' || r.gate === 'refused')) print(`${row.gate.toUpperCase()} ${row.id}: ${row.note}`);
    if (listed.some((row) => row.gate === 'unchecked')) print('hint: unchecked user strategies are gated by the next scalp backtest, or now with scalp check-strategy ID');
  }
  return 0;
}

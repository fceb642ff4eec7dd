import { pairDirName } from '../core/index.js';

/** `BTCUSDT-5m-bollinger_mr`: the id of one (pair, tf, strategy) result, safe as a file name under reports/details/. */
export function resultId(pair: string, tf: string, strategyId: string): string {
  return `${pairDirName(pair)}-${tf}-${strategyId}`;
}

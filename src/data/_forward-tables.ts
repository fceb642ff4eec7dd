/**
 * The forward tables of the results DB: per promotion (pair|tf|strategy|promoted_at), the per-bar equity and
 * return of its paper record and its trades. A cycle reruns the record from the promotion (a position open at the
 * last cycle's end carries state the engine must replay) and writes only the bars after the last stored one; the
 * last stored bar is provisional (the engine closes open positions on the final bar for the report) and rewritten.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const FORWARD_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS forward_bars (promotion VARCHAR, bar_time BIGINT, equity DOUBLE, bar_return DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS forward_trades (promotion VARCHAR, side VARCHAR, entry_time BIGINT, exit_time BIGINT,
     entry_price DOUBLE, exit_price DOUBLE, pnl DOUBLE, trade_return DOUBLE, reason VARCHAR)`,
];

export interface ForwardBars {
  times: ArrayLike<number>;
  equity: ArrayLike<number>;
}

export interface ForwardTrade {
  side: string;
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  return: number;
  exitReason: string;
}

/** Number of bars stored for a promotion. */
async function storedBars(connection: DuckDBConnection, promotion: string): Promise<number> {
  const rows = (await connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM forward_bars WHERE promotion = $1', [promotion])).getRowObjectsJS();
  return Number(rows[0]?.n ?? 0);
}

/**
 * Writes the record of one promotion: bars from the last stored one on (the provisional last bar is rewritten),
 * every trade replaced. One transaction, so a kill leaves the previous state.
 */
export async function writeForward(connection: DuckDBConnection, promotion: string, bars: ForwardBars, trades: readonly ForwardTrade[]): Promise<{ written: number }> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const from = Math.max(0, (await storedBars(connection, promotion)) - 1);
    await connection.run('DELETE FROM forward_bars WHERE promotion = $1 AND bar_time >= $2', [promotion, from < bars.times.length ? bars.times[from] : Number.MAX_SAFE_INTEGER]);
    const appender = await connection.createAppender('forward_bars');
    for (let i = from; i < bars.times.length; i++) {
      appender.appendVarchar(promotion);
      appender.appendBigInt(BigInt(bars.times[i]));
      appender.appendDouble(bars.equity[i]);
      appender.appendDouble(i > 0 && bars.equity[i - 1] > 0 ? bars.equity[i] / bars.equity[i - 1] - 1 : 0);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run('DELETE FROM forward_trades WHERE promotion = $1', [promotion]);
    const tradeAppender = await connection.createAppender('forward_trades');
    for (const t of trades) {
      tradeAppender.appendVarchar(promotion);
      tradeAppender.appendVarchar(t.side);
      tradeAppender.appendBigInt(BigInt(t.entryTime));
      tradeAppender.appendBigInt(BigInt(t.exitTime));
      for (const value of [t.entryPrice, t.exitPrice, t.pnl, t.return]) tradeAppender.appendDouble(value);
      tradeAppender.appendVarchar(t.exitReason);
      tradeAppender.endRow();
    }
    tradeAppender.closeSync();
    await connection.run('COMMIT');
    return { written: Math.max(0, bars.times.length - from) };
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** The stored bars of one promotion, oldest first. */
export async function readForwardBars(connection: DuckDBConnection, promotion: string): Promise<{ times: number[]; equity: number[]; returns: number[] }> {
  const rows = (await connection.runAndReadAll('SELECT bar_time, equity, bar_return FROM forward_bars WHERE promotion = $1 ORDER BY bar_time', [promotion])).getRowObjectsJS();
  return { times: rows.map((row) => Number(row.bar_time)), equity: rows.map((row) => Number(row.equity)), returns: rows.slice(1).map((row) => Number(row.bar_return)) };
}

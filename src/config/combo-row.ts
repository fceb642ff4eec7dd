/**
 * One evaluated combo of a search, as research produces it and the results DB stores it (snake_case, JSON-safe):
 * its parameters and its walk-forward aggregates. Shared by research (writer) and data/results-db (store).
 */
export interface ComboRow {
  key: string;
  params: Record<string, number | string | boolean>;
  is_sharpe: number | null;
  oos_sharpe: number | null;
  oos_median_sharpe: number | null;
  oos_return: number;
  oos_trades: number;
  consistency: number;
  oos_is_ratio: number | null;
  combo_score: number | null;
  error: string | null;
}

/**
 * One evaluated combo of a search, as research produces it and the results DB stores it (snake_case, JSON-safe):
 * a DIAGNOSTIC - its median IS Sharpe over the windows, its Sharpe on every OOS window (which never fed a
 * choice) and how many windows chose it on their IS bars. Shared by research (writer) and data/results-db (store).
 */
export interface ComboRow {
  key: string;
  params: Record<string, number | string | boolean>;
  is_sharpe: number | null;
  oos_sharpe: number | null;
  oos_return: number;
  oos_trades: number;
  windows_chosen: number;
  error: string | null;
}

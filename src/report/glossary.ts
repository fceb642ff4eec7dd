/** One glossary entry; `id` is the anchor (`#g-<id>`) that results column headers link to. */
export interface GlossaryEntry {
  readonly id: string;
  readonly term: string;
  readonly text: string;
}

/** Plain-language explanation of every metric and state the dashboard shows. */
export const GLOSSARY: readonly GlossaryEntry[] = [
  { id: 'grade', term: 'Grade', text: 'A (score ≥ 90), B (≥ 80), C (≥ 70), D (≥ 60) or F. Fewer than 30 out-of-sample trades caps the grade at C, fewer than 50 at B.' },
  { id: 'score', term: 'Score', text: 'Points out of 100 from the weighted grading criteria (see the grade breakdown of a result). Higher is better.' },
  { id: 'pf', term: 'Profit factor (PF)', text: 'Gross profit divided by gross loss of the out-of-sample trades, after fees and slippage. Above 1 makes money; ∞ means no losing trade.' },
  { id: 'mdd', term: 'Max drawdown (MDD)', text: 'The largest fall of the out-of-sample equity from a previous peak, in percent. Smaller is better.' },
  { id: 'sharpe', term: 'Sharpe ratio', text: 'Average per-bar return divided by its volatility, annualised with √(bars per year), out-of-sample. On short samples of 1m/5m bars it is very noisy (about ±6 for ten days of 5m bars), so read it with the t-stat and the DSR.' },
  { id: 'oos_t_stat', term: 'OOS t-stat', text: 'Out-of-sample Sharpe in excess of the passive benchmark, times √(bars): how many standard errors the edge is away from zero. Comparable across timeframes; 2 or more is needed to pass.' },
  { id: 'passive', term: 'Passive benchmark', text: 'What the market drift alone would have earned with the same exposure (buy-and-hold scaled by the strategy\'s beta, window by window). Grades count only the return above it, so a strategy that merely rode a trend does not look skilled.' },
  { id: 'sortino', term: 'Sortino ratio', text: 'Like Sharpe, but only downside volatility counts as risk.' },
  { id: 'win_rate', term: 'Win rate', text: 'Share of out-of-sample trades that closed with a profit. A low win rate can still pay when winners are larger than losers.' },
  { id: 'trades', term: 'Trades', text: 'Number of out-of-sample trades. Under 30 the statistics are underpowered and the grade is capped.' },
  { id: 'dsr', term: 'Deflated Sharpe (DSR)', text: 'Probability that the true Sharpe beats the passive benchmark after correcting for how many parameter combos were tried, how alike they were, and fat tails (Bailey & López de Prado, 2014). Above 0.95 is strong evidence.' },
  { id: 'mc_pvalue', term: 'Monte Carlo p-value', text: 'Share of block-bootstrapped trade sequences with the edge removed (demeaned) that did at least as well as the real one, adjusted for the number of combos tried. Small (below 0.05) means the result is unlikely to be luck.' },
  { id: 'consistency', term: 'Consistency', text: 'Share of walk-forward windows whose out-of-sample return beat the passive benchmark. 0.5 is a coin flip.' },
  { id: 'oos_is_ratio', term: 'OOS / IS ratio', text: 'Out-of-sample Sharpe divided by in-sample Sharpe. Near 1 means the edge survived on unseen data; near 0 or negative means overfitting.' },
  { id: 'stability', term: 'Stability', text: 'How well neighbouring parameter values (±10% and ±20%) perform compared with the best combo. Low stability means a fragile peak.' },
  { id: 'expectancy', term: 'Expectancy', text: 'Average net return per trade.' },
  { id: 'is_oos', term: 'In-sample / out-of-sample', text: 'Walk-forward: each window optimises parameters on its in-sample (IS) period and then trades them unchanged on the following out-of-sample (OOS) period.' },
  { id: 'states', term: 'MIS / OLD / DAT / OK', text: 'MIS: no candle file yet. OLD: the last candle is too old (older than age_mult × timeframe). DAT: fresh candles but no promoted strategy. OK: fresh candles and an unexpired promoted strategy.' },
];

/** One glossary entry; `id` is the anchor (`#g-<id>`) that column headers and detail boxes link to. */
export interface GlossaryEntry {
  readonly id: string;
  readonly term: string;
  readonly text: string;
}

/**
 * Plain-language explanation of every metric and state the dashboard shows, written for a trader reading on a
 * phone. The statistics follow DESIGN.md section 6 and src/config/_grading-schema.ts; keep them in step.
 */
export const GLOSSARY: readonly GlossaryEntry[] = [
  { id: 'walk_forward', term: 'Walk-forward record (out-of-sample, OOS)', text: 'The history is cut into rolling windows. Each window picks its parameter combo on its in-sample (IS) bars only (the highest IS t-stat) and then trades it, unchanged, on the out-of-sample (OOS) bars that follow. The OOS pieces stitched together are the record, and every graded number comes from it: no bar of the record took part in the choice it reports on. The params may change from window to window; the params proposed for promotion are the latest window\'s choice.' },
  { id: 'family', term: 'Family and N', text: 'Every combo of every strategy tested for the same pair and timeframe in one run. Promotion keeps the best of them, and the more you try the better the best looks by luck, so the DSR, the Monte Carlo p-value and the PBO count the whole family. N is the number of combos tried.' },
  { id: 'grade', term: 'Grade', text: 'A (score ≥ 90), B (≥ 80), C (≥ 70), D (≥ 60) or F. Fewer than 30 OOS trades caps the grade at C, fewer than 50 at B.' },
  { id: 'score', term: 'Score', text: 'Points out of 100: edge t-stat 20, consistency 10, OOS / IS Sharpe 10, DSR 20, Monte Carlo 15, PBO 10, stability 10, cost stress 5 (the grade breakdown of a result shows each). A record that lost money or did not beat its passive benchmark earns no points at all.' },
  { id: 'edge_t', term: 'Edge t-stat', text: 'How many standard errors the record\'s per-bar Sharpe stands above its passive benchmark\'s: (SR − SR passive) × √(bars). It grows with evidence, so it compares fairly across timeframes and lengths. 2 passes, 3 earns full points.' },
  { id: 'passive', term: 'Passive benchmark', text: 'What the strategy\'s usual market exposure would have earned from the market\'s drift alone: its beta times the market\'s return, window by window. The beta is measured on the window\'s IS bars, never on the bars being judged. Grades count only the return above it, so riding a trend is not mistaken for skill.' },
  { id: 'pf', term: 'Profit factor (PF)', text: 'Gross profit divided by gross loss of the record\'s trades, after fees and slippage. Above 1 makes money. "no losses" means no trade lost, so there is nothing to divide by: read it with the number of trades. "no trades" means the record never traded.' },
  { id: 'mdd', term: 'Max drawdown (MDD)', text: 'The largest fall of the record\'s equity from a previous peak, in percent. Smaller is better.' },
  { id: 'sharpe', term: 'Sharpe ratio', text: 'Average per-bar return divided by its volatility, annualised with √(bars per year). On few trades it means nothing: 13 lucky trades on 1m bars annualise to Sharpes of 13-52. Under 30 trades it is shown muted with a *; read the edge t-stat and the DSR instead.' },
  { id: 'trades', term: 'Trades', text: 'Number of trades in the record. Under 30 the statistics are weak and the grade is capped.' },
  { id: 'thin', term: 'Thin records (evidence scaling)', text: 'A record with few trades or little time in the market proves little, however good it looks. The t-stat, DSR and Monte Carlo points are multiplied by min(1, trades / 30) × min(1, exposure / 2%).' },
  { id: 'dsr', term: 'Deflated Sharpe (DSR)', text: 'Probability that the record\'s edge over its passive benchmark is real, after allowing for the N combos tried in the family, how spread their Sharpes were (V), and fat tails (Bailey & López de Prado, 2014). SR0 is the best per-bar Sharpe that N unskilled combos would show by luck; the record has to beat it. V is capped at 1/(T − 1), the spread luck alone gives on T bars: combos spread further by fees or by a real edge are not luck. 0.9 passes. The "alone" value counts only this strategy\'s combos.' },
  { id: 'mc_pvalue', term: 'Monte Carlo p-value', text: 'The records\' per-bar returns above the passive benchmark are resampled in blocks with every edge removed, thousands of times. The p-value is how often luck alone made a record of the family look at least this good (Romano-Wolf, adjusted for the whole family). Below 0.05 passes. The "alone" value resamples this strategy\'s own trades, without counting the family.' },
  { id: 'pbo', term: 'Probability of backtest overfitting (PBO)', text: 'The OOS bars are cut into 16 blocks, and every way of calling half of them "in-sample" is tried (12,870 splits). Each time, the combo that did best on that half is ranked on the other half. PBO is the share of splits where it landed in the bottom half. 0.5 means picking the best was no better than picking at random; 0.2 or less passes. Shown for this strategy\'s combos and for the family\'s.' },
  { id: 'logit', term: 'PBO logit histogram', text: 'One bar per split: where the in-sample winner ranked on the other half, as a logit. Right of 0 it stayed above the median; at 0 or left of it (shaded) the choice was overfit. A hill far to the right means the choice carries over.' },
  { id: 'degradation', term: 'Degradation', text: 'For each split, the in-sample winner\'s Sharpe on its own half (x) against its Sharpe on the other half (y), per bar, with a fitted line. A flat or falling line means a higher in-sample Sharpe bought nothing out of sample: the best in-sample was partly luck.' },
  { id: 'probability_of_loss', term: 'Probability of loss', text: 'Share of the splits in which the in-sample winner lost money on the other half (points below the zero line of the degradation chart).' },
  { id: 'min_btl', term: 'MinBTL (minimum backtest length)', text: 'How much history N tries need before their best is unlikely to reach this Sharpe by luck (Bailey, Borwein, López de Prado & Zhu, 2014). When the history is shorter, the Sharpe proves little and the detail warns.' },
  { id: 'consistency', term: 'Consistency', text: 'Share of walk-forward windows whose OOS return beat the passive benchmark. 0.5 is a coin flip; 0.8 passes.' },
  { id: 'oos_is_ratio', term: 'OOS / IS Sharpe', text: 'The record\'s per-bar Sharpe divided by that of each window\'s choice on the bars it was chosen on. Near 1: the edge survived on unseen bars. Near 0 or below: overfitting. Above 1 is suspicious, not a bonus.' },
  { id: 'stability', term: 'Stability', text: 'How well neighbouring parameter values (±10% and ±20%) do compared with the proposed combo. Low stability means a fragile peak.' },
  { id: 'cost_stress', term: 'Cost stress', text: 'Share of the OOS return kept when fees and slippage are raised.' },
  { id: 'diagnostic', term: 'Diagnostic charts', text: 'The heatmap, the IS vs OOS scatter and the OOS Sharpe distribution run every combo on every OOS window. They show how the whole grid behaves; no window chose on them (that would let the OOS bars leak into the choice).' },
  { id: 'win_rate', term: 'Win rate', text: 'Share of the record\'s trades that closed with a profit. A low win rate can still pay when winners are larger than losers.' },
  { id: 'exposure', term: 'Exposure', text: 'Share of the record\'s bars spent in a position.' },
  { id: 'sortino', term: 'Sortino ratio', text: 'Like Sharpe, but only downside volatility counts as risk.' },
  { id: 'states', term: 'MIS / OLD / DAT / OK', text: 'MIS: no candle file yet. OLD: the last candle is too old (older than age_mult × timeframe). DAT: fresh candles but no promoted strategy. OK: fresh candles and an unexpired promoted strategy.' },
];

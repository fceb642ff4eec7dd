/**
 * One whole candidate researched in the calling thread, as a queue job does it: every combo batch of the
 * walk-forward choice, then the record and its statistics, on one indicator cache kept with the series. The
 * functions are those the local pool runs (evaluateCombos, finishCandidate), so the evidence is the same.
 */
import type { Candles } from '../../core/index.js';
import type { IndicatorCache } from '../../indicators/index.js';
import { chooseCandidate, evaluateCombos, finishCandidate, planWindows, type CandidateEvidence, type ResearchCandidateInput } from '../../research/index.js';

/** Researches `input` on `candles`; `onRuns` gets the combo-window runs of each batch as it is done. */
export async function researchOnThread(candles: Candles, cache: IndicatorCache, input: ResearchCandidateInput, onRuns: (runs: number) => void): Promise<CandidateEvidence> {
  const windows = planWindows(candles.close.length, input.tf, input.config.walk_forward).windows;
  const choice = await chooseCandidate(candles, input, (combos) => {
    const summaries = evaluateCombos({
      candles, cache, tf: input.tf, strategyId: input.strategyId, defaults: input.defaults ?? {}, combos, windows,
      execution: { fees: input.fees, timeframe: input.tf }, partitions: input.config.overfitting.partitions,
    });
    onRuns(combos.length * windows.length);
    return summaries;
  });
  return finishCandidate(candles, input, choice, cache);
}

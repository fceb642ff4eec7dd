import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RiskModesSchema, DEFAULT_RISK_MODES, type RiskModes } from '../../src/config/risk-modes.js';
import type { ActiveStrategy, Candidate, CandidateMetrics } from '../../src/config/strategies-file.js';

export const RISK_MODES: RiskModes = RiskModesSchema.parse(DEFAULT_RISK_MODES);

/** A candidate that passes every risk mode (even conservative); override what a test needs. */
export function candidate(
  overrides: Partial<Omit<Candidate, 'metrics'>> = {},
  metrics: Partial<CandidateMetrics> = {},
): Candidate {
  return {
    pair: 'BTC/USDT',
    tf: '5m',
    strategy: 'bollinger_mr',
    params: { period: 20, width: 2 },
    grade: 'A',
    score: 91.5,
    source_run: 'run-2',
    simulated: false,
    ...overrides,
    metrics: {
      sharpe: 2.1, sortino: 3, pf: 1.6, mdd: 0.08, win_rate: 0.55, trades: 120, net_return: 0.12, dsr: 0.96,
      mc_pvalue: 0.01, pbo: 0.1, pbo_family: 0.1, edge_t_stat: 4, consistency: 0.8, oos_is_ratio: 0.7, stability: 0.9,
      ...metrics,
    },
  };
}

/** An active entry promoted at `promotedAt` that expires at `expiresAt`. */
export function activeEntry(
  overrides: Partial<Omit<Candidate, 'metrics'>>,
  times: { promotedAt: string; expiresAt: string },
  metrics: Partial<CandidateMetrics> = {},
): ActiveStrategy {
  return {
    ...candidate({ source_run: 'run-1', ...overrides }, metrics),
    promoted_at: times.promotedAt,
    expires_at: times.expiresAt,
    risk_mode: 'balanced',
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scalp-promote-'));
}

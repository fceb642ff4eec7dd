export { checkCandidate, gradeRank, type CandidateCheck, type RiskRuleName, type RuleFailure } from './risk-rules.js';
export {
  mergeActiveSet,
  expiryHours,
  compareSlots,
  sameCombo,
  type ActiveSetDiff,
  type MergeInput,
  type MergeResult,
  type OutrankedCandidate,
  type RejectedCandidate,
} from './merge-active-set.js';
export {
  readActiveSet,
  readCandidates,
  writeActiveSet,
  formatActiveSet,
  listBackups,
  backupStamp,
  BACKUPS_KEPT,
  STRATEGIES_FILE_HEADER,
} from './strategies-store.js';
export { promote, type PromoteOptions } from './promote.js';
export { activeSetLockPath, withActiveSetLock } from './active-set-lock.js';
export { checkProvenance, expiredMeasurements, readSummaryForPromotion, type ProvenanceInput } from './candidate-provenance.js';
export { formatPromotionReport, formatDuration, type PromotionReport } from './promotion-report.js';
export {
  appendPromotionLog,
  promotionLogLine,
  readPromotionLog,
  readExpiryLogLines,
  type LoggedStrategy,
  type PromotionLogLine,
} from './promotion-log.js';
export { applyForwardResults, promotionKey, type ForwardResult, type ForwardResultsOptions, type ForwardResultsReport } from './forward-results.js';
export { appendDemotions, readDemotions, demotionLogPath } from './demotion-log.js';

/** The `grading` block of config/backtest_config.json; the schema lives in config/ (config may not import research). */
export {
  GRADES,
  GRADING_CRITERIA,
  GRADING_DEFAULTS,
  GradingConfigSchema,
  type Grade,
  type GradingConfig,
  type GradingConfigInput,
  type GradingCriterion,
} from '../config/backtest-config.js';

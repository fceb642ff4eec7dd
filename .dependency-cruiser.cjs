/** Layer rules from STYLE.md: a folder imports only from lower layers and from itself; no cycles. */
const LAYERS = {
  core: 0,
  config: 1, io: 1, indicators: 1, engine: 1,
  data: 2, strategies: 2, serve: 2,
  research: 3, promote: 3,
  workers: 4, report: 4,
  loop: 5,
  cli: 6,
};
const ALLOWED = {
  core: [],
  config: ['core'],
  io: ['core'],
  indicators: ['core'],
  engine: ['core'],
  data: ['core', 'config', 'io'],
  strategies: ['core', 'indicators', 'engine', 'config'],
  serve: ['core', 'config', 'io'],
  research: ['core', 'config', 'indicators', 'engine', 'strategies'],
  promote: ['core', 'config', 'io'],
  workers: ['core', 'research', 'strategies', 'engine', 'indicators', 'config'],
  report: ['core', 'config', 'io', 'data', 'research', 'strategies', 'engine', 'promote'],
  loop: Object.keys(LAYERS).filter((l) => l !== 'cli' && l !== 'loop'),
  cli: Object.keys(LAYERS).filter((l) => l !== 'cli'),
};
const forbidden = [
  { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  { name: 'nothing-imports-cli', severity: 'error', from: { path: '^src/(?!cli/)' }, to: { path: '^src/cli/' } },
  {
    name: 'pure-layers-no-fs',
    comment: 'indicators, engine and research never touch the disk (they run inside workers)',
    severity: 'error',
    from: { path: '^src/(indicators|engine|research)/' },
    to: { path: '^(fs|node:fs|fs/promises|node:fs/promises)$' },
  },
  {
    name: 'worker-entry-is-tiny',
    severity: 'error',
    from: { path: '^src/workers/backtest-worker' },
    to: { path: '^src/(data|report|cli|loop|io)/' },
  },
  {
    name: 'queue-processor-is-tiny',
    comment: 'the sandboxed processor of scalp worker runs in a worker thread: research, never files or the loop',
    severity: 'error',
    from: { path: '^src/workers/queue/(research-processor|_process-queue-job)' },
    to: { path: '^src/(data|report|cli|loop|io)/' },
  },
];
for (const [layer, allowed] of Object.entries(ALLOWED)) {
  const others = Object.keys(LAYERS).filter((l) => l !== layer && !allowed.includes(l));
  if (others.length === 0) continue;
  forbidden.push({
    name: `layer-${layer}`,
    comment: `${layer}/ may import only from ${allowed.join(', ') || 'nothing in src'}`,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: `^src/(${others.join('|')})/` },
  });
}
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

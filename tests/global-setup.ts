/**
 * vitest globalSetup: compiles src/ to dist/ once before any test file runs, so the tests that load compiled code
 * (the piscina worker entry, the `scalp` binary) neither skip nor run a stale build. When every dist/ file is
 * newer than its source (and the tsconfig files), as right after `npm run build` in `npm test`, it does nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'].map((file) => join(ROOT, file));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Sources whose compiled file is missing or older than the source or a tsconfig file. */
export function staleSources(): string[] {
  const configTime = Math.max(...CONFIGS.map((file) => statSync(file).mtimeMs));
  return sourceFiles(SRC).filter((source) => {
    const output = join(DIST, relative(SRC, source)).replace(/\.ts$/, '.js');
    if (!existsSync(output)) return true;
    const outputTime = statSync(output).mtimeMs;
    return outputTime < statSync(source).mtimeMs || outputTime < configTime;
  });
}

/** Runs tsc on the build config; returns its diagnostics when it reported errors (it still emits on type errors). */
function compile(): string | null {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
    return null;
  } catch (error) {
    return (error as { stdout?: string }).stdout || String(error);
  }
}

export default function buildOnce(): void {
  const started = performance.now();
  // A second pass catches sources written while the first one compiled (other work in the same tree).
  for (let pass = 1; pass <= 2; pass++) {
    const stale = staleSources();
    if (stale.length === 0) return;
    const diagnostics = compile();
    const left = staleSources();
    if (left.length === 0) {
      if (diagnostics !== null) console.warn(`tsc -p tsconfig.build.json reported type errors; dist/ was emitted anyway and the tests run on it:\n${diagnostics}`);
      console.log(`globalSetup: built dist/ (${stale.length} stale source files) in ${Math.round(performance.now() - started)} ms`);
      return;
    }
    // A build that left dist/ stale is what the tests must not run on.
    if (pass === 2) throw new Error(`building dist/ failed (tsc -p tsconfig.build.json); still stale: ${left.map((file) => relative(ROOT, file)).join(', ')}\n${diagnostics ?? ''}`);
  }
}

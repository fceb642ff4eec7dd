/**
 * The one place in strategies/ that touches the file system: finds user strategy modules, compiles each with
 * esbuild (TypeScript stripped, local imports bundled, packages left as imports) into an immutable ES module named
 * by the hash of its sources, and imports it. Worker threads import the same compiled file, so they run exactly
 * the code the main thread checked, even if the user edits the file meanwhile.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../core/index.js';
import type { StrategyDefinition, StrategyParams, StrategySource } from './strategy.js';
import { userStrategyDefinition } from './user-definition.js';

export const STRATEGY_MODULE_EXTENSIONS = ['.mjs', '.js', '.ts', '.mts'] as const;

/** Where compiled modules go when no data folder is given (library use). */
export function defaultStrategyCacheDir(): string {
  return join(tmpdir(), 'scalp-strategies');
}

/**
 * The strategy modules of `dir` (not its subfolders), sorted: .mjs, .js, .ts and .mts files, except tests
 * (`*.test.*`, `*.spec.*`), declarations (`.d.ts`) and names starting with `_` or `.` (helpers a module imports).
 * A missing folder holds none.
 */
export function findStrategyFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && (STRATEGY_MODULE_EXTENSIONS as readonly string[]).includes(extname(entry.name)))
    .map((entry) => entry.name)
    .filter((name) => !/^[_.]/.test(name) && !/\.(test|spec)\.[^.]+$/.test(name) && !name.endsWith('.d.ts'))
    .sort()
    .map((name) => resolve(dir, name));
}

interface EsbuildMessage {
  text: string;
  location?: { line: number; column: number } | null;
}

function compileError(file: string, error: unknown): ConfigError {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  if (!first) return new ConfigError(file, '', `cannot be compiled: ${(error as Error).message}`, { cause: error });
  const where = first.location ? `line ${first.location.line}, column ${first.location.column + 1}` : '';
  // esbuild's own message repeats this one over several lines: not kept as the cause.
  return new ConfigError(file, where, `cannot be compiled: ${first.text}`);
}

/** SHA-256 (first 16 hex chars) of every local source that went into the bundle, by path relative to the module. */
function sourcesHash(root: string, inputs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const input of [...inputs].sort()) {
    hash.update(`${input}\0`);
    hash.update(readFileSync(resolve(root, input)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Compiles one module into `<cacheDir>/<name>-<hash>.mjs` (kept: the same sources never compile twice into a new
 * file). A syntax error throws a ConfigError naming the file, the line and the column.
 */
export async function compileStrategyModule(file: string, cacheDir = defaultStrategyCacheDir()): Promise<StrategySource> {
  const { build } = await import('esbuild');
  const root = dirname(file);
  let result;
  try {
    result = await build({
      entryPoints: [file], absWorkingDir: root, bundle: true, packages: 'external', format: 'esm', platform: 'node',
      target: 'node20', write: false, metafile: true, logLevel: 'silent',
    });
  } catch (error) {
    throw compileError(file, error);
  }
  const hash = sourcesHash(root, Object.keys(result.metafile.inputs));
  const entry = join(cacheDir, `${basename(file, extname(file))}-${hash}.mjs`);
  if (!existsSync(entry)) {
    mkdirSync(cacheDir, { recursive: true });
    // Named like io/atomic-write's temps, so a killed run's leftover is swept like theirs.
    const temp = `${entry}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
    writeFileSync(temp, result.outputFiles[0].text);
    renameSync(temp, entry);
  }
  return { file, hash, entry };
}

/**
 * Imports a compiled module and checks its default export against the contract. A module that throws when
 * imported, or exports the wrong shape, throws a ConfigError naming the file (and the field).
 */
export async function importStrategySource(source: StrategySource): Promise<StrategyDefinition<StrategyParams>> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(source.entry).href)) as { default?: unknown };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ConfigError(source.file, '', `throws when imported: ${message}`, { cause: error });
  }
  return userStrategyDefinition(module.default, source);
}

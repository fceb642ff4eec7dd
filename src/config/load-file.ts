import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { describeIssue } from './zod-issue.js';

/** Reads a file or throws a ConfigError that says the file is missing. */
export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found (create it, or pass --config with the right path)' : `cannot read file (${code ?? String(error)})`;
    throw new ConfigError(file, '', problem, { cause: error });
  }
}

/** Parses YAML text; a syntax error names the line and column. */
export function parseYamlText(file: string, text: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const first = document.errors[0];
  if (first) {
    const where = first.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}` : `offset ${first.pos[0]}`;
    throw new ConfigError(file, '', `malformed YAML at ${at}: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  return document.toJS() ?? {};
}

/** Parses JSON text; a syntax error names the position. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', `malformed JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Validates parsed content against a schema; every issue is listed with its key path. */
export function validateConfig<S extends z.ZodType>(file: string, schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => describeIssue(issue, input));
  const [first, ...rest] = lines;
  const more = rest.map((line) => `\n  ${line.keyPath}: ${line.problem}`).join('');
  throw new ConfigError(file, first.keyPath, `${first.problem}${more}`);
}

/** Parses a config file's text: JSON for a `.json` file, YAML otherwise. */
export function parseConfigText(file: string, text: string): unknown {
  return file.endsWith('.json') ? parseJsonText(file, text) : parseYamlText(file, text);
}

/** Reads, parses (YAML or JSON by extension) and validates one config file. */
export function loadConfigFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  return validateConfig(file, schema, parseConfigText(file, readConfigText(file)));
}

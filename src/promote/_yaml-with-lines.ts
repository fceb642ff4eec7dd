import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { describeIssue } from '../config/zod-issue.js';
import { ConfigError } from '../core/errors.js';

/** Line (1-based) of the deepest node that exists along `path`, so a missing key points at its parent mapping. */
function lineOf(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    let node: unknown;
    try {
      node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true);
    } catch {
      continue;
    }
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return 1;
}

/**
 * Parses YAML text and validates it against a schema. A syntax error names its line and column; a schema error
 * names the key path and the line of the offending node (found through the YAML document's node ranges).
 * Every message ends with `note` (what happened to the file and how to recover).
 *
 * @param prepare adjusts the plain parsed value before validation (for example `key:` with no value -> []).
 */
export function parseYamlWithLines<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  note: string,
  prepare: (value: unknown) => unknown = (value) => value,
): z.infer<S> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true });
  const syntax = document.errors[0];
  if (syntax) {
    const where = syntax.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}` : `offset ${syntax.pos[0]}`;
    const reason = syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(file, '', `malformed YAML at ${at}: ${reason}; ${note}`);
  }
  const value = prepare(document.toJS() ?? {});
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const described = result.error.issues.map((issue) => ({
    ...describeIssue(issue, value),
    line: lineOf(document, lineCounter, issue.path),
  }));
  const [first, ...rest] = described;
  const more = rest.map((issue) => `\n  line ${issue.line}, ${issue.keyPath || '(top level)'}: ${issue.problem}`).join('');
  throw new ConfigError(file, first.keyPath, `line ${first.line}: ${first.problem}; ${note}${more}`);
}

import { hashString } from '../core/rng.js';

/**
 * Relative path of the lazily loaded detail script of one result: `assets/details/<name>.js`. The name keeps the
 * safe characters of the id (for a readable file list) plus a hash of the full id, so any id (even one holding
 * `<`, `/` or spaces) maps to one file name the static server accepts.
 */
export function detailAssetPath(id: string): string {
  const readable = id.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z0-9_]+/, '').slice(0, 60);
  return `assets/details/${readable}_${hashString(id).toString(36)}.js`;
}

/**
 * The text of a detail script: `window.scalpDetail("<id>", {...})`. A script tag works over HTTP and from file://
 * (fetch does not). `<` is escaped so the payload can never close a script element.
 */
export function detailScript(id: string, payload: unknown): string {
  return `window.scalpDetail(${safeJson(id)}, ${safeJson(payload)});\n`;
}

/** JSON safe inside HTML script elements: `<`, U+2028 and U+2029 escaped. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

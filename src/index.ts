/** The scalp library API (DESIGN.md section 10). */
export * from './core/index.js';

export * from './runtime-config.js';
export * from './load-file.js';
export * from './app-config.js';

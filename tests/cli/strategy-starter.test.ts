import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { starterModule } from '../../src/cli/strategy-starter.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('the new-strategy starter', () => {
  it('is exactly the shipped example strategies/examples/ema_cross.mjs, so the README, the example and the starter never drift', () => {
    expect(starterModule('ema_cross', false)).toBe(readFileSync(join(REPO_ROOT, 'strategies/examples/ema_cross.mjs'), 'utf8'));
  });
});

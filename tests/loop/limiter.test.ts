import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/loop/_limiter.js';

describe('Limiter', () => {
  it('lets at most `limit` holders in at once and serves the others in arrival order', async () => {
    const limiter = new Limiter(2);
    const log: string[] = [];
    let inside = 0;
    let most = 0;
    const hold = async (name: string, ms: number) => {
      await limiter.acquire();
      inside++;
      most = Math.max(most, inside);
      log.push(name);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inside--;
      limiter.release();
    };
    await Promise.all([hold('a', 30), hold('b', 5), hold('c', 5), hold('d', 5), hold('e', 5)]);
    expect(most).toBe(2);
    expect(log).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

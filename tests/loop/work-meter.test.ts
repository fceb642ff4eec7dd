import { describe, expect, it } from 'vitest';
import { WorkMeter, type WorkProgress } from '../../src/loop/_work-meter.js';

describe('work meter', () => {
  it('reports work done against the expectation and an ETA at the rate so far', () => {
    let now = 0;
    const seen: WorkProgress[] = [];
    const meter = new WorkMeter((progress) => seen.push(progress), () => now);
    meter.expect(1000);
    now = 2_000;
    meter.complete(250);
    expect(seen.at(-1)).toEqual({ done: 250, total: 1000, elapsedMs: 2_000, etaMs: 6_000 });
    // A reused job leaves the expectation; a fine pass adds to it.
    meter.expect(-500);
    now = 3_000;
    meter.expect(100);
    expect(meter.emit()).toEqual({ done: 250, total: 600, elapsedMs: 3_000, etaMs: 4_200 });
  });

  it('never reports more done than expected, nor an expectation below what is done', () => {
    const meter = new WorkMeter(undefined, () => 1);
    meter.expect(10);
    meter.complete(15);
    meter.expect(-20);
    expect(meter.emit()).toMatchObject({ done: 10, total: 10 });
  });
});

// Injected faults replay: the same seed and rate give the same storm, request for request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaultPlan } from '../../simulator/graph/faults.js';

const storm = (rate: number, seed: number, n = 500) => {
  const plan = new FaultPlan({ rate, seed });
  return Array.from({ length: n }, () => plan.next());
};

describe('fault plan', () => {
  it('replays identically for the same seed', () => {
    assert.deepEqual(storm(0.3, 42), storm(0.3, 42));
  });

  it('differs for another seed', () => {
    assert.notDeepEqual(storm(0.3, 42), storm(0.3, 43));
  });

  it('injects nothing at rate 0', () => {
    assert.ok(storm(0, 7).every((f) => f === undefined));
  });

  it('hits roughly the configured rate with every kind of fault', () => {
    const faults = storm(0.2, 1, 5000).filter((f) => f !== undefined);
    assert.ok(faults.length > 850 && faults.length < 1150, `got ${faults.length} faults`);
    const kinds = new Set(faults.map((f) => (f.kind === 'error' ? `error ${f.status}` : f.kind)));
    assert.deepEqual([...kinds].sort(), ['drop', 'error 500', 'error 503', 'error 504', 'slow']);
    for (const f of faults) if (f.kind === 'slow') assert.ok(f.delayMs >= 1000 && f.delayMs <= 3000);
  });
});

// Injected faults end to end: with the same seed and rate the same requests fail the same way (Graph's 5xx bodies,
// dropped connections), so a storm can be replayed; rate 0 injects nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import { startTestSimulator } from './clients.js';
import { clientWithRoles } from './graph-writes-helpers.js';

describe('faults through the official client', () => {
  let sim: RunningSimulator;
  let client: Client;

  before(async () => {
    sim = await startTestSimulator();
    client = await clientWithRoles(sim, sim.tenants[0]!.id, ['Directory.Read.All']);
  });
  after(async () => {
    await sim.close();
  });

  /** What happened to each of n requests: a status, a 5xx error code, or 'dropped'. */
  async function storm(n: number): Promise<string[]> {
    const outcomes: string[] = [];
    for (let i = 0; i < n; i++) {
      try {
        await client
          .api('/organization')
          .middlewareOptions([new RetryHandlerOptions(0, 0)])
          .get();
        outcomes.push('200');
      } catch (err) {
        const e = err as { statusCode?: number; code?: string };
        outcomes.push(e.statusCode && e.statusCode > 0 ? `${e.statusCode} ${e.code}` : 'dropped');
      }
    }
    return outcomes;
  }

  it('replays the same storm for the same seed', async () => {
    sim.context.settings.faults = { rate: 0.6, seed: 11 };
    const first = await storm(12);
    sim.context.settings.faults = { rate: 0, seed: 11 };
    assert.deepEqual(await storm(3), ['200', '200', '200'], 'rate 0 injects nothing');
    sim.context.settings.faults = { rate: 0.6, seed: 11 };
    const second = await storm(12);
    assert.deepEqual(second, first);
    assert.ok(
      first.some((o) => o !== '200'),
      `faults were injected: ${first.join(', ')}`,
    );
    assert.ok(
      first.every((o) => /^(200|500 generalException|503 serviceNotAvailable|504 gatewayTimeout|dropped)$/.test(o)),
      first.join(', '),
    );
  });
});

// The world the sign-in suites (over HTTP and in a real browser) start from, so both sign in against the same setup:
// two simulated tenants of which the first is connected and synced by real Temporal, Lantern's config pointing at the
// simulator with its consented tenant as home, and a free loopback port for Lantern to listen on.
import { loadConfig, type Config } from '../../config/index.js';
import { freePort } from '../../stack/free-port.js';
import { createSyncHarness, type SyncHarness } from '../sync/sync-harness.js';
import { ADMIN_TOKEN } from './api-app.js';
import { simulatorLanternEnv } from './simulator-env.js';
import { createTemporalTestEnv, type TemporalTestEnv } from './temporal-env.js';

export interface SignInWorld {
  temporal: TemporalTestEnv;
  harness: SyncHarness;
  config: Config;
  /** Where Lantern is to listen: LANTERN_PUBLIC_URL is http://127.0.0.1:<port>. */
  port: number;
  apiUrl: string;
  close(): Promise<void>;
}

export async function startSignInWorld(): Promise<SignInWorld> {
  const temporal = await createTemporalTestEnv();
  const harness = await createSyncHarness(temporal, { simulator: { tenants: 2 } });
  await harness.sync();
  const { sim } = harness;
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    env: {
      LOG_LEVEL: 'silent',
      LANTERN_ADMIN_TOKENS: ADMIN_TOKEN,
      LANTERN_PUBLIC_URL: apiUrl,
      LANTERN_HOME_TENANT_ID: sim.homeTenantId,
      ...simulatorLanternEnv(sim),
    },
  });
  return {
    temporal,
    harness,
    config,
    port,
    apiUrl,
    async close() {
      await harness.close();
      await temporal.teardown();
    },
  };
}

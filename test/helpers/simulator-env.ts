// Lantern's environment for talking to a running simulator, so every suite that points Lantern at one sets the same
// LANTERN_ENTRA_* variables the same way.
import type { RunningSimulator } from '../../simulator/index.js';

/** LANTERN_ENTRA_* for the simulator's sign-in app (plus its read-write app when asked) on its custom cloud. */
export function simulatorLanternEnv(
  sim: RunningSimulator,
  options: { readWrite?: boolean } = {},
): Record<string, string> {
  return {
    LANTERN_ENTRA_CLIENT_ID: sim.app.clientId,
    LANTERN_ENTRA_CLIENT_SECRET: sim.app.clientSecret,
    ...(options.readWrite
      ? {
          LANTERN_ENTRA_RW_CLIENT_ID: sim.appReadWrite.clientId,
          LANTERN_ENTRA_RW_CLIENT_SECRET: sim.appReadWrite.clientSecret,
        }
      : {}),
    LANTERN_ENTRA_CLOUD: 'custom',
    LANTERN_ENTRA_AUTHORITY_HOST: sim.authorityHost,
    LANTERN_ENTRA_GRAPH_BASE_URL: sim.graphBaseUrl,
    LANTERN_ENTRA_GRAPH_SCOPE: 'https://graph.microsoft.com/.default',
  };
}

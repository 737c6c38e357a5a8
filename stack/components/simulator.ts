// The embedded demo's Entra: the simulator in this process, and Lantern configured to use it exactly as it would use
// a national cloud — authority host, Graph base URL, both app registrations' credentials (sign-in/read-only and
// read-write), trust in the simulator's local CA, and the simulator's home tenant as Lantern's home tenant.
import { join } from 'node:path';
import type { Config } from '../../config/index.js';
import { entraSchema } from '../../config/entra-schema.js';
import { trustExtraCertificateAuthority } from '../../entra/extra-ca.js';
import { startSimulator, type RunningSimulator } from '../../simulator/index.js';
import type { StackComponent } from '../component.js';

/** Runs when asked to, or by default when no real Entra app is configured. */
export function simulatorWanted(config: Config): boolean {
  return config.simulator.mode === 'on' || (config.simulator.mode === 'auto' && !config.entra.configured);
}

export function simulatorComponent(): StackComponent {
  return {
    name: 'simulator',
    async start(ctx) {
      const { simulator: settings, dataDir } = ctx.config;
      // Two tenants: the first waits for onboarding (not consented), the second is consented and synced at once.
      const sim = await startSimulator({
        port: settings.port,
        size: settings.size,
        seed: settings.seed,
        tenants: 2,
        throttle: 'realistic',
        dataDir: join(dataDir, 'simulator'),
      });
      trustExtraCertificateAuthority(sim.caCertPath);
      ctx.config = {
        ...ctx.config,
        entra: simulatedEntra(sim),
        // Where the demo's Lantern.Admin lives; an explicit LANTERN_HOME_TENANT_ID wins.
        auth: { ...ctx.config.auth, homeTenantId: ctx.config.auth.homeTenantId ?? sim.homeTenantId },
      };
      ctx.services.simulator = sim;
      ctx.log.info(
        { authorityHost: sim.authorityHost, tenants: sim.tenants.map((t) => t.domain) },
        'Entra simulator ready',
      );
      return {
        urls: { 'Entra simulator': sim.authorityHost },
        stop: () => sim.close(),
      };
    },
  };
}

function simulatedEntra(sim: RunningSimulator): Config['entra'] {
  return entraSchema.parse({
    clientId: sim.app.clientId,
    clientSecret: sim.app.clientSecret,
    readWrite: { clientId: sim.appReadWrite.clientId, clientSecret: sim.appReadWrite.clientSecret },
    cloud: 'custom',
    authorityHost: sim.authorityHost,
    graphBaseUrl: sim.graphBaseUrl,
    graphScope: 'https://graph.microsoft.com/.default',
    extraCaCertsPath: sim.caCertPath,
  });
}

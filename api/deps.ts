// What buildApp needs from the rest of Lantern, as narrow interfaces so tests can pass stubs.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Catalog } from '../catalog/index.js';
import type { Config } from '../config/index.js';
import type { OnboardingDeps } from './routes/onboarding-deps.js';
import type { CatalogSelfCheckResult } from '../workflows/self-check.js';
import type { ConnectorTemporal } from './connectors/temporal.js';
import type { AccessTemporal } from './routes/access-temporal.js';

export interface TemporalGateway {
  /** Resolves when the Temporal frontend answers within timeoutMs. */
  checkHealth(timeoutMs: number): Promise<void>;
  /** Runs the catalogSelfCheck workflow end to end (needs a polling worker). */
  runCatalogSelfCheck(input: { requestedBy: string; requestId: string }): Promise<CatalogSelfCheckResult>;
  /** Connector verification and sync schedules; absent in gateways that only probe health. */
  connectors?: ConnectorTemporal;
  /** Just-in-time access grants (accessGrant workflows). */
  access?: AccessTemporal;
}

export interface AppDeps {
  config: Config;
  catalog: Pick<Catalog, 'db' | 'ping' | 'kind'>;
  /** null when Lantern runs without Temporal (e.g. a catalog-only tool); readiness then reports it as missing. */
  temporal: TemporalGateway | null;
  logger?: Logger;
  metrics?: Registry;
  /** Connector onboarding (setup pages, OAuth callback, codec endpoint); undefined = those routes are not served. */
  onboarding?: OnboardingDeps | undefined;
}

// What buildApp needs from the rest of Lantern, as narrow interfaces so tests can pass stubs.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Catalog } from '../catalog/index.js';
import type { Config } from '../config/index.js';
import type { TemporalClients } from '../temporal/clients/index.js';
import type { OnboardingDeps } from './onboarding/deps.js';

export interface AppDeps {
  config: Config;
  catalog: Pick<Catalog, 'db' | 'ping' | 'kind'>;
  /** null when Lantern runs without Temporal (e.g. a catalog-only tool); readiness then reports it as missing. */
  temporal: TemporalClients | null;
  logger?: Logger;
  metrics?: Registry;
  /** Connector onboarding (setup pages, OAuth callback, codec endpoint); undefined = those routes are not served. */
  onboarding?: OnboardingDeps | undefined;
}

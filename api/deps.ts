// What buildApp needs from the rest of Lantern, as narrow interfaces so tests can pass stubs.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Catalog } from '../catalog/index.js';
import type { Config } from '../config/index.js';
import type { ReviewLinks } from '../lib/links/review.js';
import type { TemporalClients } from '../temporal/clients/index.js';
import type { ApproverRights } from './access/rights.js';
import type { OnboardingDeps } from './onboarding/deps.js';
import type { PeopleDeps } from './people/deps.js';

export interface AppDeps {
  config: Config;
  catalog: Pick<Catalog, 'db' | 'ping' | 'kind'>;
  /** null when Lantern runs without Temporal (e.g. a catalog-only tool); readiness then reports it as missing. */
  temporal: TemporalClients | null;
  logger?: Logger;
  metrics?: Registry;
  /** Connector onboarding (setup pages, OAuth callback, codec endpoint); undefined = those routes are not served. */
  onboarding?: OnboardingDeps | undefined;
  /** Sign-in and sessions; default: built from config (tests pass a clock or a fake OAuth client). */
  people?: PeopleDeps | undefined;
  /** Who may decide access requests now (cached ≤ 60 s); tests inject one with a clock they move. */
  approverRights?: ApproverRights | undefined;
  /** Review email links; default: derived from the onboarding (else sign-in) signer. Tests pass their worker's. */
  reviewLinks?: ReviewLinks | undefined;
}

// Lantern's Temporal client adapters, one per capability, built over one Client: what the API and the activities
// start, update, query and schedule. Each is an interface, so tests can pass fakes.
import type { Client } from '@temporalio/client';
import { accessTemporal, type AccessTemporal } from './access.js';
import { connectorTemporal, type ConnectorTemporal } from './connectors.js';
import { shadowAppsTemporal, type ShadowAppsTemporal } from './shadow-apps.js';
import { reviewsTemporal, type ReviewsTemporal } from './reviews.js';
import { systemTemporal, type SystemTemporal } from './system.js';

export interface TemporalClients extends SystemTemporal {
  /** Connector verification and sync schedules; absent in fakes that only probe health. */
  connectors?: ConnectorTemporal;
  /** Just-in-time access grants (accessGrant workflows). */
  access?: AccessTemporal;
  /** Revocations of shadow apps' consents (revokeAppConsents workflows). */
  shadowApps?: ShadowAppsTemporal;
  /** Access review campaigns (reviewCampaign workflows) and their series' schedules. */
  reviews?: ReviewsTemporal;
}

export function temporalClients(client: Client, taskQueue: string): TemporalClients {
  return {
    ...systemTemporal(client, taskQueue),
    connectors: connectorTemporal(client, taskQueue),
    access: accessTemporal(client, taskQueue),
    shadowApps: shadowAppsTemporal(client, taskQueue),
    reviews: reviewsTemporal(client, taskQueue),
  };
}

export type { AccessTemporal } from './access.js';
export type { ShadowAppsTemporal } from './shadow-apps.js';
export type { ReviewsTemporal } from './reviews.js';
export type {
  ConnectorTemporal,
  SyncScheduleSpec,
  SyncScheduleState,
  VerifyFailure,
  VerifyOutcome,
} from './connectors.js';
export type { OnboardingTemporal, UpdateOutcome } from './onboarding.js';
export type { SystemTemporal } from './system.js';

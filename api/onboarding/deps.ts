// What the onboarding routes need, built from configuration and a Temporal Client (api/main.ts and the embedded
// stack call onboardingDepsFromConfig; tests build OnboardingDeps by hand).
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { entraAccessFromSettings, type Config } from '../../config/index.js';
import { createOwnerOAuth, type OwnerOAuth } from '../../entra/oauth.js';
import { createLinkSigner, loadLinkSigningKey, type LinkSigner } from '../../lib/links/signer.js';
import { dataConverterFor } from '../../temporal/codec.js';
import type { OnboardingTimings } from '../../workflows/onboarding/messages.js';
import { connectorTemporal } from '../../temporal/clients/connectors.js';
import type { SyncSummary } from './setup-page.js';
import { onboardingTemporal, type OnboardingTemporal } from '../../temporal/clients/onboarding.js';

export interface OnboardingDeps {
  temporal: OnboardingTemporal;
  /** null = no Entra app configured: setup pages explain that sign-in is unavailable. */
  oauth: OwnerOAuth | null;
  links: LinkSigner;
  publicUrl: string;
  linkTtlSeconds: number;
  signInTtlSeconds: number;
  timings: OnboardingTimings;
  syncStatus(connectorId: string): Promise<SyncSummary | null>;
  /** The payload codec served at /codec for the Temporal UI; null = payloads are not encrypted. */
  codec: PayloadCodec | null;
  codecCorsOrigins: string[];
}

export function onboardingDepsFromConfig(config: Config, client: Client): OnboardingDeps {
  const entra = entraAccessFromSettings(config.entra);
  const { onboarding } = config;
  const schedules = connectorTemporal(client, config.temporal.taskQueue);
  return {
    temporal: onboardingTemporal(client, config.temporal.taskQueue),
    oauth: entra
      ? createOwnerOAuth({
          cloud: entra.defaultCloud,
          credentials: entra.credentials,
          readWriteClientId: entra.readWriteCredentials?.clientId,
          publicUrl: config.api.publicUrl,
        })
      : null,
    links: createLinkSigner(loadLinkSigningKey(onboarding.linkSigningKey, config.dataDir)),
    publicUrl: config.api.publicUrl,
    linkTtlSeconds: onboarding.linkTtlSeconds,
    signInTtlSeconds: onboarding.signInTtlSeconds,
    timings: {
      reminderIntervalSeconds: onboarding.reminderIntervalSeconds,
      reminderCount: onboarding.reminderCount,
      expirySeconds: onboarding.expirySeconds,
      permissionCheckAttempts: onboarding.permissionCheckAttempts,
    },
    async syncStatus(connectorId) {
      const state = await schedules.describe(connectorId);
      return (
        state && {
          scheduleId: state.scheduleId,
          running: state.running.length,
          lastRunAt: state.lastRunAt,
          nextRunAt: state.nextRunAt,
        }
      );
    },
    codec: dataConverterFor(config.temporal.codecKey)?.payloadCodecs[0] ?? null,
    codecCorsOrigins: onboarding.codecCorsOrigins,
  };
}

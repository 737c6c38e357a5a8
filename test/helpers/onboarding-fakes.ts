// Onboarding pieces for tests that need onboarding to be there rather than to work: a setup's status, a Temporal
// stand-in that starts setups and refuses every sign-in step, and the routes' deps with test-sized settings. One place,
// so a new field in OnboardingStatus or OnboardingDeps is filled once for every suite.
import { randomBytes } from 'node:crypto';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import type { OnboardingTemporal } from '../../temporal/clients/onboarding.js';
import type { OnboardingStatus } from '../../workflows/onboarding/messages.js';

/** A setup waiting for its first sign-in, nothing done yet; `overrides` move it along. */
export function onboardingStatus(overrides: Partial<OnboardingStatus> = {}): OnboardingStatus {
  return {
    connectorId: 'c1',
    displayName: 'Contoso',
    stage: 'awaiting_first_login',
    owners: ['owner@contoso.example'],
    tenantId: null,
    tenantName: null,
    tenantDomain: null,
    firstSignIn: null,
    consentedBy: null,
    secondSignIn: null,
    missingPermissions: [],
    problem: null,
    expiresAt: '2030-01-01T00:00:00.000Z',
    remindersSent: 0,
    ...overrides,
  };
}

/** Starts setups, knows none, and refuses every sign-in step as not current. */
export function fakeOnboardingTemporal(overrides: Partial<OnboardingTemporal> = {}): OnboardingTemporal {
  const refused = async () => ({ ok: false as const, rejection: 'StepNotCurrent' as const, message: 'fake' });
  return {
    start: async (input) => ({ workflowId: `onboarding:${input.connectorId}`, runId: 'r1' }),
    status: async () => null,
    resend: async () => {},
    cancel: async () => {},
    firstSignIn: refused,
    adminConsent: refused,
    secondSignIn: refused,
    ...overrides,
  };
}

/** The onboarding routes' deps around `temporal`: no Entra app, no codec, a fresh link key, one-attempt timings. */
export function testOnboardingDeps(
  temporal: OnboardingTemporal,
  overrides: Partial<OnboardingDeps> = {},
): OnboardingDeps {
  return {
    temporal,
    oauth: null,
    links: createLinkSigner(randomBytes(32)),
    publicUrl: 'http://127.0.0.1:1',
    linkTtlSeconds: 600,
    signInTtlSeconds: 60,
    timings: { reminderIntervalSeconds: 3600, reminderCount: 0, expirySeconds: 60, permissionCheckAttempts: 1 },
    syncStatus: async () => null,
    codec: null,
    codecCorsOrigins: [],
    ...overrides,
  };
}

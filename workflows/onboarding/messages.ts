// The onboardConnector contract, defined once: workflow id, input, stages, every update/signal/query and the failure
// types validators reject with. Shared by the API (setup pages, admin routes), the worker and tests. Sandbox-safe.
//
// What travels through these messages is *verified facts* only (object id, tenant id, UPN, "is a Global
// Administrator"): never an authorization code, token, PKCE verifier or link signature. The API verifies a sign-in
// before it sends an update; the workflow re-checks the facts against its own state in the validators.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PermissionSetName } from '../../domain/connector.js';

export const ONBOARD_CONNECTOR_WORKFLOW_TYPE = 'onboardConnector';
export const onboardingWorkflowId = (connectorId: string): string => `connector:${connectorId}:onboarding`;

/** Microsoft's tenant for personal (MSA) accounts: it can never own a connector. */
export const PERSONAL_ACCOUNT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export const STAGES = [
  'notifying_owners',
  'awaiting_first_login',
  'awaiting_admin_consent',
  'awaiting_second_login',
  'verifying',
  'connected',
  'expired',
  'cancelled',
] as const;
export type Stage = (typeof STAGES)[number];
/** The stages an owner acts on; OAuth state is bound to one of them. */
export type OwnerStep = 'awaiting_first_login' | 'awaiting_admin_consent' | 'awaiting_second_login';

export interface OnboardingTimings {
  reminderIntervalSeconds: number;
  /** Reminders per waiting step. */
  reminderCount: number;
  /** From the start of the onboarding until it expires. */
  expirySeconds: number;
  permissionCheckAttempts: number;
}

export interface OnboardConnectorInput {
  connectorId: string;
  displayName: string;
  /** Email addresses of the integration owners. */
  owners: string[];
  permissionSet: PermissionSetName;
  includeSignInActivity: boolean;
  syncIntervalMinutes: number;
  timings: OnboardingTimings;
  /** Who started it (admin principal id), for the audit trail and the UI. */
  requestedBy: string;
}

/** One OAuth round trip, as the API saw it: which step its state was bound to and its single-use id. */
export interface StepAttempt {
  step: OwnerStep;
  /** Random id of the OAuth state (not its signature): the workflow refuses a second use. */
  stateId: string;
  /** Epoch ms after which this state must not be accepted. */
  expiresAtMs: number;
  /** The owner email the setup link was issued to. */
  owner: string;
}

/** What the API proved about a signed-in user (id token signature, issuer, audience, expiry, nonce; role via Graph). */
export interface VerifiedUser {
  objectId: string;
  tenantId: string;
  upn: string;
  /** `wids` contains Global Administrator AND Graph confirmed the role assignment. */
  isGlobalAdmin: boolean;
  /** The organization's name and default verified domain, for the pages (absent in updates from before 0.2). */
  tenantName?: string | null;
  tenantDomain?: string | null;
}

/** A Global Administrator as the API verified them (id token + Graph): who signed in, who granted consent. */
export interface VerifiedAdmin {
  upn: string;
  objectId: string;
}

export interface SignInCompleted {
  attempt: StepAttempt;
  user: VerifiedUser;
}
export interface AdminConsentCompleted {
  attempt: StepAttempt;
  tenantId: string;
  /** The Global Administrator verified in the browser that granted consent (absent in updates from before 0.2). */
  grantedBy?: VerifiedAdmin;
}

export interface OnboardingStatus {
  connectorId: string;
  displayName: string;
  stage: Stage;
  owners: string[];
  tenantId: string | null;
  /** The tenant's name and default domain as the first sign-in read them (null before it, or when Graph did not say). */
  tenantName: string | null;
  tenantDomain: string | null;
  firstSignIn: VerifiedAdmin | null;
  /** The Global Administrator who granted admin consent (not the owner email the link was sent to). */
  consentedBy: VerifiedAdmin | null;
  secondSignIn: VerifiedAdmin | null;
  /** Application permissions the last check found missing. */
  missingPermissions: string[];
  /** Why the current step is still open (e.g. the last verification failed), for the setup page. */
  problem: string | null;
  expiresAt: string;
  remindersSent: number;
}

export const firstSignInUpdate = defineUpdate<OnboardingStatus, [SignInCompleted]>('firstSignInCompleted');
export const adminConsentUpdate = defineUpdate<OnboardingStatus, [AdminConsentCompleted]>('adminConsentCompleted');
export const secondSignInUpdate = defineUpdate<OnboardingStatus, [SignInCompleted]>('secondSignInCompleted');
export const resendInviteSignal = defineSignal<[{ requestedBy: string }]>('resendInvite');
export const cancelOnboardingSignal = defineSignal<[{ requestedBy: string; reason: string }]>('cancelOnboarding');
export const onboardingStatusQuery = defineQuery<OnboardingStatus>('onboardingStatus');

/** ApplicationFailure types of rejected updates; the setup pages turn each into an explanation. */
export const REJECTIONS = {
  stepNotCurrent: 'StepNotCurrent',
  stateReused: 'StateReused',
  stateExpired: 'StateExpired',
  notGlobalAdmin: 'NotGlobalAdministrator',
  personalAccount: 'PersonalAccount',
  tenantMismatch: 'TenantMismatch',
  notAnOwner: 'NotAnOwner',
} as const;
export type RejectionType = (typeof REJECTIONS)[keyof typeof REJECTIONS];

export type OnboardingOutcome =
  { stage: 'connected'; tenantId: string } | { stage: 'expired' | 'cancelled'; tenantId: string | null };

/** Email kinds the notification activity knows. */
export type OwnerEmailKind = 'invitation' | 'reminder' | 'connected' | 'expired' | 'cancelled';

/** Failure types the onboarding activities end with. */
export const ONBOARDING_FAILURES = {
  permissionsMissing: 'PermissionsMissing',
  ownerNotGlobalAdmin: 'OwnerNotGlobalAdministrator',
  tenantAlreadyConnected: 'TenantAlreadyConnected',
} as const;

// The onboarding's state and the rules owners' updates must pass. Pure (no Temporal calls except the failure type),
// so validators and handlers stay one-liners in the workflow and the rules read in one place.
import { ApplicationFailure } from '@temporalio/workflow';
import {
  PERSONAL_ACCOUNT_TENANT_ID,
  REJECTIONS,
  type AdminConsentCompleted,
  type OnboardConnectorInput,
  type OnboardingStatus,
  type OwnerStep,
  type RejectionType,
  type SignInCompleted,
  type Stage,
  type StepAttempt,
} from './messages.js';

const reject = (type: RejectionType, message: string): never => {
  throw ApplicationFailure.nonRetryable(message, type);
};

export class OnboardingState {
  stage: Stage = 'notifying_owners';
  tenantId: string | null = null;
  tenantName: string | null = null;
  tenantDomain: string | null = null;
  firstSignIn: OnboardingStatus['firstSignIn'] = null;
  consentedBy: OnboardingStatus['consentedBy'] = null;
  secondSignIn: OnboardingStatus['secondSignIn'] = null;
  missingPermissions: string[] = [];
  problem: string | null = null;
  remindersSent = 0;
  resendRequested = false;
  cancelled: { requestedBy: string; reason: string } | null = null;
  /** OAuth state ids already used (single use, for the life of the onboarding). */
  private readonly usedStates = new Set<string>();

  constructor(
    readonly input: OnboardConnectorInput,
    readonly expiresAtMs: number,
  ) {}

  /** Throws (rejecting the update, nothing written to history) unless the attempt is fresh and for the current step. */
  checkAttempt(attempt: StepAttempt, step: OwnerStep, nowMs: number): void {
    if (!this.input.owners.some((owner) => owner.toLowerCase() === attempt.owner.toLowerCase())) {
      reject(REJECTIONS.notAnOwner, 'This setup link was not issued to an owner of this connector.');
    }
    if (this.usedStates.has(attempt.stateId))
      reject(REJECTIONS.stateReused, 'This sign-in was already used. Start the step again from the setup page.');
    if (attempt.expiresAtMs <= nowMs)
      reject(
        REJECTIONS.stateExpired,
        'This sign-in took too long and expired. Start the step again from the setup page.',
      );
    // While the invitation is still being sent, the first sign-in is already the current step.
    const current = this.stage === 'notifying_owners' ? 'awaiting_first_login' : this.stage;
    if (attempt.step !== step || current !== step) {
      reject(REJECTIONS.stepNotCurrent, `This step is no longer current: the setup is now at "${this.stage}".`);
    }
  }

  checkSignIn({ attempt, user }: SignInCompleted, step: OwnerStep, nowMs: number): void {
    this.checkAttempt(attempt, step, nowMs);
    if (user.tenantId === PERSONAL_ACCOUNT_TENANT_ID) {
      reject(
        REJECTIONS.personalAccount,
        'A personal Microsoft account cannot connect a tenant: sign in with a work account of the tenant.',
      );
    }
    if (!user.isGlobalAdmin) {
      reject(
        REJECTIONS.notGlobalAdmin,
        `${user.upn} is not a Global Administrator of the tenant. Sign in with an account that holds that role.`,
      );
    }
    this.checkTenant(user.tenantId);
  }

  checkConsent({ attempt, tenantId }: AdminConsentCompleted, nowMs: number): void {
    this.checkAttempt(attempt, 'awaiting_admin_consent', nowMs);
    this.checkTenant(tenantId);
  }

  private checkTenant(tenantId: string): void {
    if (this.tenantId !== null && this.tenantId.toLowerCase() !== tenantId.toLowerCase()) {
      reject(
        REJECTIONS.tenantMismatch,
        `This is a different tenant (${tenantId}) from the one the first sign-in chose (${this.tenantId}).`,
      );
    }
  }

  recordFirstSignIn({ attempt, user }: SignInCompleted): void {
    this.usedStates.add(attempt.stateId);
    this.tenantId = user.tenantId.toLowerCase();
    this.tenantName = user.tenantName ?? null;
    this.tenantDomain = user.tenantDomain ?? null;
    this.firstSignIn = { upn: user.upn, objectId: user.objectId };
    this.advance('awaiting_admin_consent');
  }

  recordConsent({ attempt, grantedBy }: AdminConsentCompleted): void {
    this.usedStates.add(attempt.stateId);
    this.consentedBy = grantedBy ? { upn: grantedBy.upn, objectId: grantedBy.objectId } : null;
    this.advance('awaiting_second_login');
  }

  recordSecondSignIn({ attempt, user }: SignInCompleted): void {
    this.usedStates.add(attempt.stateId);
    this.secondSignIn = { upn: user.upn, objectId: user.objectId };
    this.advance('verifying');
  }

  /** A new stage: its reminder count starts again and an old problem no longer applies. */
  advance(stage: Stage, problem: string | null = null): void {
    this.stage = stage;
    this.remindersSent = 0;
    this.problem = problem;
  }

  status(): OnboardingStatus {
    const { connectorId, displayName, owners } = this.input;
    return {
      connectorId,
      displayName,
      owners,
      stage: this.stage,
      tenantId: this.tenantId,
      tenantName: this.tenantName,
      tenantDomain: this.tenantDomain,
      firstSignIn: this.firstSignIn,
      consentedBy: this.consentedBy,
      secondSignIn: this.secondSignIn,
      missingPermissions: this.missingPermissions,
      problem: this.problem,
      expiresAt: new Date(this.expiresAtMs).toISOString(),
      remindersSent: this.remindersSent,
    };
  }
}

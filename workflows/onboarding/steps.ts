// The onboarding's side effects, each one activity with its own timeouts and retry policy, plus how the workflow
// shows itself to operators (search attributes, current details).
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { OnboardingActivities } from '../../activities/onboarding/index.js';
import { OwnerKey, StageKey, TenantIdKey } from '../../temporal/search-attributes.js';
import { ONBOARDING_FAILURES, type OwnerEmailKind } from './messages.js';
import type { OnboardingState } from './state.js';

// Notifications: few attempts, so a flaky mail server never turns into a flood of duplicates.
const email = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds' },
});
const activation = proxyActivities<OnboardingActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [ONBOARDING_FAILURES.tenantAlreadyConnected],
  },
});

export async function notifyOwners(state: OnboardingState, kind: OwnerEmailKind): Promise<void> {
  const { connectorId, displayName, owners } = state.input;
  try {
    await email.sendOwnerEmails.executeWithOptions({ summary: `Email ${kind} to ${owners.length} owner(s)` }, [
      {
        connectorId,
        displayName,
        owners,
        kind,
        tenantId: state.tenantId,
        expiresAt: new Date(state.expiresAtMs).toISOString(),
        // Arguments only (no new command), so running onboardings replay unchanged.
        permissionSet: state.input.permissionSet,
        includeSignInActivity: state.input.includeSignInActivity,
      },
    ]);
  } catch (error) {
    // The setup page still works without the email: record the problem for operators and carry on.
    state.problem = `Could not send the ${kind} email: ${error instanceof ActivityFailure ? error.cause?.message : String(error)}`;
    publish(state);
  }
}

/** True when the tenant granted every permission and the signers are Global Administrators (per Graph). */
export async function verifyTenant(state: OnboardingState): Promise<boolean> {
  const { connectorId, permissionSet, includeSignInActivity, timings } = state.input;
  const verify = proxyActivities<OnboardingActivities>({
    startToCloseTimeout: '1 minute',
    // Consent takes a while to reach the token service: retry with backoff, as Entra's "wait and Refresh" implies.
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      maximumAttempts: timings.permissionCheckAttempts,
      nonRetryableErrorTypes: [ONBOARDING_FAILURES.ownerNotGlobalAdmin],
    },
  });
  const signers = [state.firstSignIn?.objectId, state.secondSignIn?.objectId].filter((id): id is string => Boolean(id));
  try {
    await verify.verifyTenantAccess.executeWithOptions(
      { summary: `Check Lantern's permissions in tenant ${state.tenantId}` },
      [
        {
          connectorId,
          tenantId: state.tenantId!,
          permissionSet,
          includeSignInActivity,
          ownerObjectIds: [...new Set(signers)],
        },
      ],
    );
    state.missingPermissions = [];
    return true;
  } catch (error) {
    const failure =
      error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : undefined;
    if (!failure) throw error;
    if (failure.type === ONBOARDING_FAILURES.permissionsMissing)
      state.missingPermissions = (failure.details?.[0] as string[] | undefined) ?? [];
    state.advance('awaiting_second_login', failure.message);
    return false;
  }
}

export async function activateConnector(state: OnboardingState): Promise<void> {
  const { connectorId, displayName, syncIntervalMinutes } = state.input;
  try {
    await activation.activateConnector.executeWithOptions(
      { summary: `Connect ${displayName}: create the sync schedule` },
      [
        {
          connectorId,
          displayName,
          tenantId: state.tenantId!,
          syncIntervalMinutes,
        },
      ],
    );
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      state.advance('awaiting_second_login', error.cause.message);
      return;
    }
    throw error;
  }
  state.advance('connected');
  publish(state);
  await notifyOwners(state, 'connected');
}

export function publish(state: OnboardingState): void {
  const owner = state.secondSignIn?.upn ?? state.firstSignIn?.upn ?? state.input.owners[0] ?? '';
  upsertSearchAttributes([
    { key: StageKey, value: state.stage },
    { key: OwnerKey, value: owner },
    ...(state.tenantId ? [{ key: TenantIdKey, value: state.tenantId }] : []),
  ]);
  const lines = [
    `**${state.input.displayName}** — stage \`${state.stage}\``,
    `- owners: ${state.input.owners.join(', ')}`,
    `- tenant: ${state.tenantId ?? 'not chosen yet'}`,
    `- first sign-in: ${state.firstSignIn?.upn ?? '—'}; consent granted by: ${state.consentedBy?.upn ?? '—'}; second sign-in: ${state.secondSignIn?.upn ?? '—'}`,
    `- reminders sent at this step: ${state.remindersSent}; expires ${new Date(state.expiresAtMs).toISOString()}`,
    ...(state.missingPermissions.length ? [`- missing permissions: ${state.missingPermissions.join(', ')}`] : []),
    ...(state.problem ? [`- problem: ${state.problem}`] : []),
  ];
  setCurrentDetails(lines.join('\n'));
}

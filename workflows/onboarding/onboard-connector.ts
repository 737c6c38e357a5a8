// onboardConnector: owner email → first Microsoft sign-in → admin consent → second sign-in → verified → connected.
// Owners drive it through updates sent by the API's setup pages; admins resend or cancel with signals. While a step
// waits the workflow sends reminders and, past its deadline, expires (an admin can start it again).
import { condition, setHandler } from '@temporalio/workflow';
import {
  adminConsentUpdate,
  cancelOnboardingSignal,
  firstSignInUpdate,
  onboardingStatusQuery,
  resendInviteSignal,
  secondSignInUpdate,
  type OnboardConnectorInput,
  type OnboardingOutcome,
  type Stage,
} from './messages.js';
import { OnboardingState } from './state.js';
import { activateConnector, notifyOwners, publish, verifyTenant } from './steps.js';

export async function onboardConnector(input: OnboardConnectorInput): Promise<OnboardingOutcome> {
  const state = new OnboardingState(input, Date.now() + input.timings.expirySeconds * 1000);
  const accepted = (record: () => void) => {
    record();
    publish(state);
    return state.status();
  };

  setHandler(onboardingStatusQuery, () => state.status());
  setHandler(firstSignInUpdate, (done) => accepted(() => state.recordFirstSignIn(done)), {
    validator: (done) => state.checkSignIn(done, 'awaiting_first_login', Date.now()),
  });
  setHandler(adminConsentUpdate, (done) => accepted(() => state.recordConsent(done)), {
    validator: (done) => state.checkConsent(done, Date.now()),
  });
  setHandler(secondSignInUpdate, (done) => accepted(() => state.recordSecondSignIn(done)), {
    validator: (done) => state.checkSignIn(done, 'awaiting_second_login', Date.now()),
  });
  setHandler(resendInviteSignal, () => {
    state.resendRequested = true;
  });
  setHandler(cancelOnboardingSignal, (request) => {
    state.cancelled ??= request;
  });

  publish(state);
  await notifyOwners(state, 'invitation');
  if (state.stage === 'notifying_owners') {
    state.advance('awaiting_first_login');
    publish(state);
  }

  for (;;) {
    const stage = state.stage;
    if (stage === 'verifying') {
      if (await verifyTenant(state)) await activateConnector(state);
      publish(state);
      continue;
    }
    if (stage === 'connected') return { stage, tenantId: state.tenantId! };
    const ended = await waitWhileAt(state, stage);
    if (ended) {
      state.advance(ended);
      publish(state);
      await notifyOwners(state, ended);
      return { stage: ended, tenantId: state.tenantId };
    }
  }
}

/** Waits for an owner to finish `stage`, sending invitations on request and reminders on schedule. */
async function waitWhileAt(state: OnboardingState, stage: Stage): Promise<'expired' | 'cancelled' | null> {
  const { reminderIntervalSeconds, reminderCount } = state.input.timings;
  let lastNudgeMs = Date.now();
  while (state.stage === stage) {
    if (state.cancelled) return 'cancelled';
    if (Date.now() >= state.expiresAtMs) return 'expired';
    if (state.resendRequested) {
      state.resendRequested = false;
      await notifyOwners(state, 'invitation');
      continue;
    }
    const reminderDueMs = state.remindersSent < reminderCount ? lastNudgeMs + reminderIntervalSeconds * 1000 : Infinity;
    const wakeAtMs = Math.min(reminderDueMs, state.expiresAtMs);
    const woken = await condition(
      () => state.stage !== stage || state.cancelled !== null || state.resendRequested,
      Math.max(1, wakeAtMs - Date.now()),
      { summary: wakeAtMs === reminderDueMs ? `Next reminder (${stage})` : `Expiry (${stage})` },
    );
    if (!woken && Date.now() >= reminderDueMs && Date.now() < state.expiresAtMs) {
      state.remindersSent += 1;
      lastNudgeMs = Date.now();
      publish(state);
      await notifyOwners(state, 'reminder');
    }
  }
  return null;
}

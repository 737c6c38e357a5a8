import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import {
  adminConsentUpdate,
  firstSignInUpdate,
  onboardingStatusQuery,
  PERSONAL_ACCOUNT_TENANT_ID,
  REJECTIONS,
  resendInviteSignal,
  cancelOnboardingSignal,
  secondSignInUpdate,
  ONBOARDING_FAILURES,
} from '../../workflows/onboarding/messages.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import {
  attempt,
  codecClient,
  dataConverter,
  FAST,
  onboardingInput,
  OTHER_TENANT,
  OWNERS,
  rejectionOf,
  runWith,
  signIn,
  startOnboarding,
  stubActivities,
  TENANT,
} from './workflow-harness.js';

describe('onboardConnector workflow', { timeout: 120_000 }, () => {
  let temporal: TemporalTestEnv;
  let client: Client;
  before(async () => {
    temporal = await createTemporalTestEnv();
    client = codecClient(temporal);
  });
  after(async () => {
    await temporal?.teardown();
  });

  async function setup(activities = stubActivities(), timings = FAST) {
    const taskQueue = temporal.taskQueue();
    const worker = await temporal.createWorker({ taskQueue, activities, dataConverter });
    const input = onboardingInput(timings);
    const handle = await startOnboarding(client, taskQueue, input);
    return { worker, handle, input, activities };
  }

  it('walks invitation → first sign-in → consent → second sign-in → connected, emailing the owners', async () => {
    const { worker, handle, activities, input } = await setup();
    const result = await runWith(worker, async () => {
      const first = signIn('awaiting_first_login');
      const afterFirst = await handle.executeUpdate(firstSignInUpdate, {
        args: [{ ...first, user: { ...first.user, tenantName: 'Contoso', tenantDomain: 'contoso.example' } }],
      });
      assert.equal(afterFirst.stage, 'awaiting_admin_consent');
      assert.equal(afterFirst.tenantId, TENANT);
      assert.deepEqual([afterFirst.tenantName, afterFirst.tenantDomain], ['Contoso', 'contoso.example']);
      const grantedBy = { upn: 'consenting.ga@contoso.example', objectId: 'ga-object-id' };
      const afterConsent = await handle.executeUpdate(adminConsentUpdate, {
        args: [{ attempt: attempt('awaiting_admin_consent'), tenantId: TENANT, grantedBy }],
      });
      assert.deepEqual(afterConsent.consentedBy, grantedBy, 'the consenting admin, not the owner email');
      await handle.executeUpdate(secondSignInUpdate, { args: [signIn('awaiting_second_login')] });
      return handle.result();
    });
    assert.deepEqual(result, { stage: 'connected', tenantId: TENANT });
    assert.deepEqual(
      activities.sent.map((e) => e.kind),
      ['invitation', 'connected'],
    );
    assert.deepEqual(activities.sent[0]!.owners, OWNERS);
    assert.equal(activities.sent[0]!.permissionSet, input.permissionSet, 'the invitation lists what will be granted');
    assert.deepEqual(activities.activated, [TENANT]);
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.getAll().find((p) => p.key.name === 'Stage')?.value, 'connected');
    assert.equal(description.typedSearchAttributes.getAll().find((p) => p.key.name === 'TenantId')?.value, TENANT);
    assert.equal(
      description.typedSearchAttributes.getAll().find((p) => p.key.name === 'ConnectorId'),
      undefined,
      'the API sets ConnectorId at start',
    );
    assert.ok(input.connectorId);
  });

  it('rejects every invalid step without writing it to history', async () => {
    const { worker, handle } = await setup();
    await runWith(worker, async () => {
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(adminConsentUpdate, {
            args: [{ attempt: attempt('awaiting_admin_consent'), tenantId: TENANT }],
          }),
        ),
        REJECTIONS.stepNotCurrent,
        'a step that is not current',
      );
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(firstSignInUpdate, { args: [signIn('awaiting_first_login', { isGlobalAdmin: false })] }),
        ),
        REJECTIONS.notGlobalAdmin,
        'a user who is not a Global Administrator',
      );
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(firstSignInUpdate, {
            args: [signIn('awaiting_first_login', { tenantId: PERSONAL_ACCOUNT_TENANT_ID })],
          }),
        ),
        REJECTIONS.personalAccount,
        'a personal account',
      );
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(firstSignInUpdate, {
            args: [signIn('awaiting_first_login', {}, { expiresAtMs: Date.now() - 1 })],
          }),
        ),
        REJECTIONS.stateExpired,
        'an expired state',
      );
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(firstSignInUpdate, {
            args: [signIn('awaiting_first_login', {}, { owner: 'mallory@evil.example' })],
          }),
        ),
        REJECTIONS.notAnOwner,
        'a link issued to someone else',
      );
      const first = signIn('awaiting_first_login');
      await handle.executeUpdate(firstSignInUpdate, { args: [first] });
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(adminConsentUpdate, { args: [{ attempt: first.attempt, tenantId: TENANT }] }),
        ),
        REJECTIONS.stateReused,
        'a reused state',
      );
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(adminConsentUpdate, {
            args: [{ attempt: attempt('awaiting_admin_consent'), tenantId: OTHER_TENANT }],
          }),
        ),
        REJECTIONS.tenantMismatch,
        'consent in a different tenant',
      );
      await handle.executeUpdate(adminConsentUpdate, {
        args: [{ attempt: attempt('awaiting_admin_consent'), tenantId: TENANT }],
      });
      assert.equal(
        await rejectionOf(
          handle.executeUpdate(secondSignInUpdate, {
            args: [signIn('awaiting_second_login', { tenantId: OTHER_TENANT })],
          }),
        ),
        REJECTIONS.tenantMismatch,
        'a second sign-in in a different tenant',
      );
      assert.equal((await handle.query(onboardingStatusQuery)).stage, 'awaiting_second_login');
    });
    const history = await handle.fetchHistory();
    const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    assert.equal(accepted, 2, 'only the two valid updates reached history');
    await handle.terminate('test done');
  });

  it('lets exactly one of two racing owners complete a step; the other is told it is no longer current', async () => {
    const { worker, handle } = await setup();
    await runWith(worker, async () => {
      const outcomes = await Promise.allSettled([
        handle.executeUpdate(firstSignInUpdate, {
          args: [signIn('awaiting_first_login', { upn: 'alice@contoso.example' }, { owner: OWNERS[0] })],
        }),
        handle.executeUpdate(firstSignInUpdate, {
          args: [signIn('awaiting_first_login', { upn: 'bob@contoso.example' }, { owner: OWNERS[1] })],
        }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      assert.equal(await rejectionOf(Promise.reject(lost[0]!.reason)), REJECTIONS.stepNotCurrent);
      const status = await handle.query(onboardingStatusQuery);
      assert.equal(status.stage, 'awaiting_admin_consent');
    });
    await handle.terminate('test done');
  });

  it('sends reminders at the configured interval and count, then expires', async () => {
    const { worker, handle, activities } = await setup(stubActivities(), {
      reminderIntervalSeconds: 1,
      reminderCount: 2,
      expirySeconds: 4,
      permissionCheckAttempts: 1,
    });
    const result = await runWith(worker, () => handle.result());
    assert.deepEqual(result, { stage: 'expired', tenantId: null });
    assert.deepEqual(
      activities.sent.map((e) => e.kind),
      ['invitation', 'reminder', 'reminder', 'expired'],
    );
    const history = await handle.fetchHistory();
    const timers = history.events!.filter((e) => e.timerStartedEventAttributes).length;
    assert.ok(timers >= 3, `timers: ${timers}`);
  });

  it('resends the invitation on request and ends when an admin cancels', async () => {
    const { worker, handle, activities } = await setup();
    const result = await runWith(worker, async () => {
      await handle.signal(resendInviteSignal, { requestedBy: 'admin-token#1' });
      for (let i = 0; i < 50 && activities.sent.length < 2; i++) await handle.query(onboardingStatusQuery);
      await handle.signal(cancelOnboardingSignal, { requestedBy: 'admin-token#1', reason: 'wrong owners' });
      return handle.result();
    });
    assert.deepEqual(result, { stage: 'cancelled', tenantId: null });
    assert.deepEqual(
      activities.sent.map((e) => e.kind),
      ['invitation', 'invitation', 'cancelled'],
    );
  });

  it('returns to the second sign-in and lists what is missing when the tenant lacks permissions', async () => {
    let calls = 0;
    const activities = stubActivities({
      async verifyTenantAccess() {
        calls += 1;
        throw ApplicationFailure.create({
          message: 'The tenant has not granted: User.Read.All.',
          type: ONBOARDING_FAILURES.permissionsMissing,
          details: [['User.Read.All']],
        });
      },
    });
    const { worker, handle } = await setup(activities);
    const status = await runWith(worker, async () => {
      await handle.executeUpdate(firstSignInUpdate, { args: [signIn('awaiting_first_login')] });
      await handle.executeUpdate(adminConsentUpdate, {
        args: [{ attempt: attempt('awaiting_admin_consent'), tenantId: TENANT }],
      });
      await handle.executeUpdate(secondSignInUpdate, { args: [signIn('awaiting_second_login')] });
      let current = await handle.query(onboardingStatusQuery);
      while (current.stage === 'verifying') current = await handle.query(onboardingStatusQuery);
      return current;
    });
    assert.equal(status.stage, 'awaiting_second_login');
    assert.deepEqual(status.missingPermissions, ['User.Read.All']);
    assert.match(status.problem ?? '', /User\.Read\.All/);
    assert.equal(calls, FAST.permissionCheckAttempts, 'retried with backoff before giving up');
    assert.equal(activities.activated.length, 0);
    assert.ok(ActivityFailure);
    await handle.terminate('test done');
  });
});

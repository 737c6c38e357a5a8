// The setup page as owners see it: the current step, what is missing, and only POST forms (no GET changes anything).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSetupPage } from '../../api/onboarding/setup-page.js';
import type { OnboardingStatus } from '../../workflows/onboarding/messages.js';

const status = (overrides: Partial<OnboardingStatus>): OnboardingStatus => ({
  connectorId: 'c1',
  displayName: 'Contoso <Prod>',
  stage: 'awaiting_first_login',
  owners: ['a@contoso.example'],
  tenantId: null,
  firstSignIn: null,
  consentedBy: null,
  secondSignIn: null,
  missingPermissions: [],
  problem: null,
  expiresAt: '2030-01-01T00:00:00.000Z',
  remindersSent: 0,
  ...overrides,
});

describe('setup page', () => {
  it('lists the permissions the tenant still lacks at the second sign-in, with the reason', () => {
    const { title, page } = renderSetupPage({
      connectorPath: '/onboarding/c1',
      linkToken: 't',
      status: status({
        stage: 'awaiting_second_login',
        tenantId: 'tid-1',
        missingPermissions: ['User.Read.All', 'Group.Read.All'],
        problem: 'The tenant has not granted: User.Read.All, Group.Read.All.',
      }),
    });
    assert.equal(title, 'Step 3 of 3: sign in again');
    assert.match(page, /<li><code>User\.Read\.All<\/code><\/li><li><code>Group\.Read\.All<\/code><\/li>/);
    assert.match(page, /role="alert">The tenant has not granted/);
    assert.match(page, /<li aria-current="step">Sign in again/);
  });

  it('is a phone-friendly page without scripts whose only actions are POST forms, and escapes names', () => {
    const { page } = renderSetupPage({ connectorPath: '/onboarding/c1', linkToken: 'tok"en', status: status({}) });
    assert.match(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(page, /<html lang="en">/);
    assert.doesNotMatch(page, /<script/i);
    assert.deepEqual(
      [...page.matchAll(/<form method="(\w+)"/g)].map((m) => m[1]),
      ['post'],
    );
    assert.match(page, /Contoso &lt;Prod&gt;/);
    assert.match(page, /value="tok&quot;en"/);
  });

  it('refreshes itself while Lantern verifies, and says when the setup expired', () => {
    assert.match(
      renderSetupPage({ connectorPath: '/x', linkToken: 't', status: status({ stage: 'verifying' }) }).page,
      /http-equiv="refresh" content="2"/,
    );
    const expired = renderSetupPage({ connectorPath: '/x', linkToken: 't', status: status({ stage: 'expired' }) });
    assert.equal(expired.title, 'This setup has expired');
    assert.doesNotMatch(expired.page, /<form/);
  });
});

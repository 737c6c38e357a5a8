// The setup page as owners see it: the current step, what is missing, and only POST forms (no GET changes anything).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSetupPage } from '../../api/onboarding/setup-page.js';
import { renderOwnerEmail } from '../../activities/email/templates/onboarding.js';
import { explainedPermissions } from '../../entra/permission-sets.js';
import type { OnboardingStatus } from '../../workflows/onboarding/messages.js';
import { onboardingStatus } from '../helpers/onboarding-fakes.js';

const status = (overrides: Partial<OnboardingStatus>): OnboardingStatus =>
  onboardingStatus({ displayName: 'Contoso <Prod>', owners: ['a@contoso.example'], ...overrides });

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

  it('is a phone-friendly page without inline script whose only actions are POST forms, and escapes names', () => {
    const { page } = renderSetupPage({ connectorPath: '/onboarding/c1', linkToken: 'tok"en', status: status({}) });
    assert.match(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(page, /<html lang="en">/);
    // The only script is the served local-time formatter (the CSP allows no inline script).
    assert.deepEqual(
      [...page.matchAll(/<script([^>]*)>/gi)].map((m) => m[1]),
      [' src="/assets/local-time.js" defer'],
    );
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

  const atConsent = status({
    stage: 'awaiting_admin_consent',
    tenantId: 'tid-1',
    tenantName: 'Contoso <Ltd>',
    tenantDomain: 'contoso.example',
    firstSignIn: { upn: 'ga@contoso.example', objectId: 'o-1' },
  });
  const permissions = explainedPermissions({ permissionSet: 'readOnly' });

  it('asks for a Global Administrator sign-in before offering consent, so the consenting admin is known', () => {
    const { page } = renderSetupPage({ connectorPath: '/x', linkToken: 't', status: atConsent, permissions });
    assert.deepEqual(
      [...page.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]),
      ['/x/sign-in'],
    );
    assert.match(page, /id="tenant-name">Contoso &lt;Ltd&gt;</);
  });

  it('names the tenant, the signed-in admin and each permission with why, and needs the tenant confirmed', () => {
    const { page } = renderSetupPage({
      connectorPath: '/x',
      linkToken: 't',
      status: atConsent,
      permissions,
      signer: { upn: 'ga@contoso.example', objectId: 'o-1', tenantId: 'tid-1' },
    });
    assert.match(page, /id="tenant-domain">contoso\.example</);
    assert.match(page, /id="signer">ga@contoso\.example</);
    assert.match(page, /<li><code>Directory\.Read\.All<\/code>: read the consent grants of third-party apps/);
    assert.equal([...page.matchAll(/<li><code>/g)].length, permissions.length);
    assert.match(page, /<input type="checkbox" name="confirmTenant" value="yes" required \/>/);
    assert.deepEqual(
      [...page.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]),
      ['/x/consent', '/x/sign-in'],
      'consent, or sign in with another account',
    );
  });

  it("shows the first sync's counts and times as <time> elements, who consented, and where to go next", () => {
    const { page } = renderSetupPage({
      connectorPath: '/x',
      linkToken: 't',
      status: status({
        stage: 'connected',
        tenantId: 'tid-1',
        consentedBy: { upn: 'ga@contoso.example', objectId: 'o-1' },
      }),
      firstSync: {
        status: 'succeeded',
        startedAt: '2030-01-01T10:00:00.000Z',
        finishedAt: '2030-01-01T10:00:07.000Z',
        counts: { users: 30, groups: 12, grants: 292 },
        error: null,
      },
      sync: { scheduleId: 's', running: 0, lastRunAt: '2030-01-01T10:00:00.000Z', nextRunAt: null },
      links: { home: 'https://lantern.example/', api: 'https://lantern.example/api/v1/connectors/c1' },
    });
    assert.match(page, /<li><strong>30<\/strong> users<\/li>\s*<li><strong>12<\/strong> groups<\/li>/);
    assert.match(page, /Finished at <time datetime="2030-01-01T10:00:07\.000Z">2030-01-01 10:00 UTC<\/time>/);
    assert.match(page, /id="consented-by">ga@contoso\.example</);
    assert.match(page, /<a class="button" href="https:\/\/lantern\.example\/">Sign in to Lantern<\/a>/);
    assert.doesNotMatch(page, /http-equiv="refresh"/, 'nothing running: no refresh');
  });

  it('says when the first sync failed and why', () => {
    const { page } = renderSetupPage({
      connectorPath: '/x',
      linkToken: 't',
      status: status({ stage: 'connected', tenantId: 'tid-1' }),
      firstSync: {
        status: 'failed',
        startedAt: '2030-01-01T10:00:00.000Z',
        finishedAt: '2030-01-01T10:00:07.000Z',
        counts: {},
        error: 'Graph said <no>',
      },
    });
    assert.match(page, /data-status="failed"/);
    assert.match(page, /Graph said &lt;no&gt;\. The next scheduled\s+sync tries again/);
  });
});

describe('owner invitation email', () => {
  const invitation = (permissionSet: 'readOnly' | 'readWrite') =>
    renderOwnerEmail({
      kind: 'invitation',
      displayName: 'Contoso',
      setupUrl: 'https://lantern.example/onboarding/c1?token=t',
      expiresAt: '2030-01-01T00:00:00.000Z',
      tenantId: null,
      permissions: { permissionSet, includeSignInActivity: false },
    });

  it('lists each permission the owner will grant with why, and no write permission for a readOnly connector', () => {
    const { text } = invitation('readOnly');
    assert.match(text, /• User\.Read\.All: read users, their managers/);
    assert.doesNotMatch(text, /ReadWrite/);
    assert.match(invitation('readWrite').text, /• GroupMember\.ReadWrite\.All: add and remove group members/);
  });
});

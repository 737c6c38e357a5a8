// The access emails' links and texts, without a server: each link kind is scoped by its purpose and key, approval
// links name the one request they decide, extension links derive one request id per link, and the emails say what
// they must (an extension and until when; what ended, why and, for a failure, the recorded problem).
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  renderApprovalEmail,
  renderEndedEmail,
  renderExpiryWarningEmail,
} from '../../activities/email/templates/access.js';
import { createApprovalLinks, createExtensionLinks } from '../../lib/links/access.js';
import { createLinkSigner } from '../../lib/links/signer.js';

const base = createLinkSigner(randomBytes(32));
const approval = createApprovalLinks(base);
const extension = createExtensionLinks(base);
const later = Date.now() + 60_000;
const GRANT = 'grant:c1:role:r1:member:u1';

describe('access links', () => {
  test('an approval link names the grant, the approver and the one request it decides', () => {
    const check = approval.verify(
      approval.sign({ grantId: GRANT, approverId: 'a1', expiresAtMs: later, requestId: 'ext-1' }),
    );
    assert.deepEqual(check, {
      ok: true,
      claims: { grantId: GRANT, approverId: 'a1', expiresAtMs: later, requestId: 'ext-1' },
    });
  });

  test('no link kind passes for another: setup, approval and extension links are each refused elsewhere', () => {
    const setup = base.sign({ subject: GRANT, actor: 'a1', purpose: 'setup', expiresAtMs: later });
    const approvalToken = approval.sign({ grantId: GRANT, approverId: 'a1', expiresAtMs: later });
    const extensionToken = extension.sign({ grantId: GRANT, requesterId: 'u1', expiresAtMs: later });
    assert.equal(approval.verify(setup).ok, false);
    assert.equal(extension.verify(setup).ok, false);
    assert.equal(approval.verify(extensionToken).ok, false);
    assert.equal(extension.verify(approvalToken).ok, false);
    assert.equal(
      base.verify(approvalToken, { purpose: 'access-approval' }).ok,
      false,
      'the base key does not sign access links',
    );
    // Signed with the extension key but claiming another purpose: refused by its purpose.
    const extensionKey = createLinkSigner(Buffer.from(base.derive('access-extension-link-key'), 'base64url'));
    assert.deepEqual(
      extension.verify(
        extensionKey.sign({ subject: GRANT, actor: 'u1', purpose: 'access-approval', expiresAtMs: later }),
      ),
      { ok: false, reason: 'wrong_scope' },
    );
  });

  test('approval links mailed before purposes existed still decide a first request, unscoped, until they expire', () => {
    const legacyKey = createLinkSigner(Buffer.from(base.derive('access-approval-link-key'), 'base64url'));
    const legacy = legacyKey.sign({ subject: GRANT, actor: 'a1', purpose: 'setup', expiresAtMs: later });
    assert.deepEqual(approval.verify(legacy), {
      ok: true,
      claims: { grantId: GRANT, approverId: 'a1', expiresAtMs: later, requestId: undefined },
    });
    assert.deepEqual(approval.verify(legacy, later), { ok: false, reason: 'expired' });
  });

  test('an extension link gives one request id however it is submitted, another link another id', () => {
    const token = extension.sign({ grantId: GRANT, requesterId: 'u1', expiresAtMs: later, runId: 'run-1' });
    const first = extension.verify(token);
    const again = extension.verify(token);
    const other = extension.verify(
      extension.sign({ grantId: GRANT, requesterId: 'u1', expiresAtMs: later, runId: 'run-1' }),
    );
    assert.ok(first.ok && again.ok && other.ok);
    assert.equal(first.requestId, again.requestId);
    assert.notEqual(first.requestId, other.requestId);
    assert.deepEqual(first.claims, { grantId: GRANT, requesterId: 'u1', expiresAtMs: later, runId: 'run-1' });
    assert.ok(
      !first.requestId.includes(token.split('.')[0]!) && !first.requestId.includes(token.split('.')[1]!),
      'nothing of the token itself',
    );
    assert.deepEqual(extension.verify(token, later), { ok: false, reason: 'expired' });
  });
});

describe('access emails', () => {
  const grant = { entitlementId: 'role:r1:member', principalUpn: 'ada@contoso.example' };

  test('the approval email of an extension says so, and until when', () => {
    const mail = renderApprovalEmail({
      ...grant,
      requesterId: 'ada@contoso.example',
      durationSeconds: 3600,
      justification: 'on call',
      decideBy: '2026-11-26T18:00:00.000Z',
      approvalUrl: 'http://x/a?token=t',
      extensionUntil: '2026-11-26T19:00:00.000Z',
    });
    assert.match(mail.subject, /^Approve extension\?/);
    assert.match(mail.text, /extension of 1 hour, until about 2026-11-26 19:00:00 UTC/);
  });

  test('the ended email says what ended, why and when; a failure carries the recorded problem', () => {
    const failed = renderEndedEmail({
      ...grant,
      reason: 'failed',
      endedAt: '2026-11-26T17:00:00.000Z',
      failure: 'AccessChangeRefused: Insufficient privileges',
    });
    assert.match(failed.subject, /^Access request failed: role:r1:member for ada@contoso\.example/);
    assert.match(failed.text, /ended at 2026-11-26 17:00:00 UTC: Lantern could not provision it/);
    assert.match(failed.text, /Problem recorded: AccessChangeRefused: Insufficient privileges/);
    const expired = renderEndedEmail({
      ...grant,
      reason: 'expired',
      endedAt: '2026-11-26T17:00:00.000Z',
      failure: null,
    });
    assert.doesNotMatch(expired.text, /Problem/);
    assert.deepEqual(expired.links, []);
    assert.match(
      renderEndedEmail({ ...grant, reason: 'request_expired', endedAt: '2026-11-26T17:00:00.000Z' }).text,
      /nobody decided/,
    );
  });

  test('the warning email links to the extension page and offers the original duration', () => {
    const mail = renderExpiryWarningEmail({
      ...grant,
      expiresAt: '2026-11-26T17:00:00.000Z',
      extensionSeconds: 1800,
      extensionUrl: 'http://x/access/extension?token=t',
    });
    assert.deepEqual(mail.links, ['http://x/access/extension?token=t']);
    assert.match(mail.text, /ends at 2026-11-26 17:00:00 UTC/);
    assert.match(mail.text, /30 minutes/);
    assert.match(mail.html, /href="http:\/\/x\/access\/extension\?token=t"/);
  });
});

// The requester's emails, end to end over real SMTP (smtp-server on loopback) and the real Temporal dev server: the
// "access ended" email (expired, revoked, denied, failed), the expiry warning with its one-click extension link (confirm page,
// double submit, re-armed by the extension), extensions approved by email (scoped to one extension), refused links,
// and no link token in any workflow history.
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { squashHtml } from '../helpers/html-text.js';
import type { PayloadCodec } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createAccessActivities } from '../../activities/access/index.js';
import { approvalItemUrl, createApprovalLinks, type ApprovalLinks } from '../../lib/links/access.js';
import { createMailer, type Mailer } from '../../activities/email/mailer.js';
import { accessTemporal, type AccessTemporal } from '../../temporal/clients/access.js';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { jsonb } from '../../catalog/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import {
  accessGrantWorkflowId,
  type AccessGrantInput,
  type GrantPair,
  type ResolvedPolicy,
} from '../../workflows/access/messages.js';
import { buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { WORKFLOWS_PATH } from '../../worker/index.js';
import { decodedHistoryText, findLeaks } from '../onboarding/history-scan.js';
import { linksIn, startSmtpInbox, type ReceivedMail, type SmtpInbox } from '../onboarding/smtp-inbox.js';
import { APPROVER, createAccessHarness, pickFixtures, type AccessHarness } from './access-harness.js';

const PUBLIC_URL = 'http://127.0.0.1:1';
const APPROVER_MAIL = 'approver@contoso.example';
const mailOf = (principalId: string) => `${principalId}@people.example`;

describe('requester emails: access ended, expiry warning, one-click extension', { timeout: 240_000 }, () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let app: FastifyInstance;
  let worker: Worker;
  let running: Promise<void>;
  let access: AccessTemporal;
  let links: ApprovalLinks;
  let inbox: SmtpInbox;
  let mailer: Mailer;
  let dir: TempDir;
  let fx: ReturnType<typeof pickFixtures>;
  const base = createLinkSigner(randomBytes(32));
  const grants: string[] = [];

  before(async () => {
    temporal = await createTemporalTestEnv();
    h = await createAccessHarness(temporal);
    fx = pickFixtures(h.tenant);
    links = createApprovalLinks(base);
    inbox = await startSmtpInbox();
    dir = await createTempDir('lantern-mail-');
    mailer = createMailer(
      { smtpHost: '127.0.0.1', smtpPort: inbox.port, smtpSecure: false, from: 'Lantern <lantern@localhost>' },
      { dataDir: dir.path },
    );
    const principal = (id: string, upn: string, mail: string) => ({
      connector_id: h.connector.id,
      id,
      kind: 'user' as const,
      display_name: upn,
      upn,
      mail,
      account_enabled: true,
      attributes: jsonb({}),
      generation: 1,
    });
    await h.catalog.db
      .insertInto('principals')
      .values([
        principal(APPROVER, APPROVER_MAIL, APPROVER_MAIL),
        ...fx.users.slice(19, 26).map((u) => principal(u.id, u.userPrincipalName, mailOf(u.id))),
      ])
      .execute();
    const taskQueue = temporal.taskQueue();
    const tenantGraph = createTenantGraph({
      credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
    });
    worker = await temporal.createWorker({
      taskQueue,
      activities: createAccessActivities({
        catalog: h.catalog,
        tenantGraph,
        loadConnector: async () => h.connector,
        approvalEmails: { mailer, links, publicUrl: PUBLIC_URL },
      }),
    });
    running = worker.run();
    access = accessTemporal(temporal.env.client, taskQueue);
    const onboarding = {
      links: base,
      publicUrl: PUBLIC_URL,
      codec: null,
      codecCorsOrigins: [],
      oauth: null,
    } as unknown as OnboardingDeps;
    app = await buildTestApp(h.catalog, { temporal: stubTemporal({ access }), onboarding });
  });
  after(async () => {
    await app?.close();
    worker?.shutdown();
    await running;
    mailer?.close();
    await inbox?.close();
    await h?.close();
    await temporal?.teardown();
    await dir?.remove();
  });

  /** A grant of a directory role the user lacks, requested by `requester` (default: the user). */
  const request = async (
    user: number,
    policy: Partial<ResolvedPolicy>,
    durationSeconds: number,
    requester?: number,
  ) => {
    const principal = fx.users[user]!;
    const role = fx.roleNotHeldBy(principal.id);
    const input: AccessGrantInput = h.input(`role:${role}:member`, principal.id, {
      durationSeconds,
      requesterId: requester === undefined ? undefined : fx.users[requester]!.id,
      policy: { requestTimeoutSeconds: 300, approvalRequired: false, ...policy },
    });
    const pair: GrantPair = {
      connectorId: input.connectorId,
      entitlementId: input.entitlementId,
      principalId: input.principalId,
    };
    grants.push(accessGrantWorkflowId(pair));
    await access.request(input);
    return { input, role, pair, upn: principal.userPrincipalName };
  };
  const mailTo = (address: string, subject: RegExp, about: string) =>
    inbox.waitFor((m) => m.to.includes(address) && subject.test(m.subject) && m.text.includes(about));
  const tokenOf = (mail: ReceivedMail) => new URL(linksIn(mail)[0]!).searchParams.get('token')!;
  const get = (path: string, token: string) =>
    app.inject({ method: 'GET', url: `${path}?token=${encodeURIComponent(token)}` });
  const post = (path: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: path,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const hasRole = (principalId: string, role: string) =>
    [...h.tenant.roleAssignments.values()].some((a) => a.principalId === principalId && a.roleDefinitionId === role);

  test('the requester (and the principal, when someone else asked) is emailed when access expires, is revoked, is denied or fails', async () => {
    const expired = await request(20, { expiryWarningSeconds: 5 }, 2);
    const mail = await mailTo(mailOf(expired.pair.principalId), /^Access ended/, expired.input.entitlementId);
    assert.match(mail.text, /its time was up/);
    assert.match(mail.text, / UTC/, 'says when');
    assert.equal(hasRole(expired.pair.principalId, expired.role), false);

    const revoked = await request(21, {}, 600, 22);
    await h.waitFor(revoked.pair, (s) => s.stage === 'active');
    await access.revoke(revoked.pair, { actorId: fx.users[22]!.id, actorRole: 'requester', reason: 'done early' });
    for (const to of [fx.users[21]!.id, fx.users[22]!.id]) {
      assert.match((await mailTo(mailOf(to), /^Access revoked/, revoked.input.entitlementId)).text, /revoked/);
    }

    const denied = await request(23, { approvalRequired: true }, 600);
    await access.deny(denied.pair, { approverId: APPROVER });
    assert.match(
      (await mailTo(mailOf(denied.pair.principalId), /^Request denied/, denied.input.entitlementId)).text,
      /denied the request/,
    );
    assert.equal(
      inbox.messages.filter((m) => /Access ends soon/.test(m.subject) && m.text.includes(expired.input.entitlementId))
        .length,
      0,
      'no warning for a grant shorter than its lead time',
    );

    const principal = fx.users[24]!;
    const failedInput = h.input('app:not-provisionable:owner', principal.id, {
      durationSeconds: 60,
      policy: { approvalRequired: false },
    });
    grants.push(accessGrantWorkflowId(failedInput));
    await access.request(failedInput);
    const failed = await mailTo(mailOf(principal.id), /^Access request failed/, 'app:not-provisionable:owner');
    assert.match(failed.text, /Problem recorded: EntitlementNotProvisionable/);
  });

  test('the warning arrives before expiry; its page changes nothing; confirming extends once, access never drops, and the warning re-arms', async () => {
    const { input, pair, role } = await request(24, { expiryWarningSeconds: 5 }, 8);
    const active = await h.waitFor(pair, (s) => s.stage === 'active');
    const warning = await mailTo(mailOf(pair.principalId), /^Access ends soon/, input.entitlementId);
    const firstExpiry = Date.parse(active.expiresAt!);
    assert.ok(Date.now() < firstExpiry, 'the warning came before the expiry');
    assert.match(warning.text, /8 seconds/, 'offers the original duration');
    const token = tokenOf(warning);

    const page = await get('/access/extension', token);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /Extend this access\?/);
    assert.match(page.body, new RegExp(input.entitlementId));
    assert.equal((await access.status(pair)).extensions, 0, 'opening the link extends nothing');

    const [first, second] = await Promise.all([
      post('/access/extension', { token }),
      post('/access/extension', { token }),
    ]);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(second.statusCode, 200, second.body);
    assert.match(first.body, /Access extended/);
    assert.equal((await post('/access/extension', { token })).statusCode, 200);
    const extended = await access.status(pair);
    assert.equal(extended.extensions, 1, 'one link, one extension, however often it is submitted');
    const newExpiry = Date.parse(extended.expiresAt!);
    assert.ok(newExpiry > firstExpiry, 'the expiry moved');

    // Past the first expiry the access is still there: it was never dropped.
    await h.waitFor(pair, () => Date.now() > firstExpiry + 300);
    assert.equal((await access.status(pair)).stage, 'active');
    assert.equal(hasRole(pair.principalId, role), true);

    const rearmed = await inbox.waitFor(
      (m) => /^Access ends soon/.test(m.subject) && m.text.includes(input.entitlementId) && tokenOf(m) !== token,
    );
    assert.ok(Date.now() < newExpiry, 'the re-armed warning came before the new expiry');
    assert.equal(
      inbox.messages.filter((m) => /^Access ends soon/.test(m.subject) && m.text.includes(input.entitlementId)).length,
      2,
      'once per expiry value',
    );
    await access.revoke(pair, { actorId: pair.principalId, actorRole: 'requester' });
    await h.waitFor(pair, (s) => s.stage === 'ended');
    assert.equal(
      (await post('/access/extension', { token: tokenOf(rearmed) })).statusCode,
      409,
      'ended access cannot be extended',
    );
    assert.equal(
      (await post('/access/extension', { token })).statusCode,
      410,
      'the first link expired with the expiry it warned about',
    );
  });

  test('an extension needing approval emails the approver; the link approves that extension only, never a later one', async () => {
    const { input, pair } = await request(25, { extensionNeedsApproval: true, expiryWarningSeconds: 28 }, 30);
    const active = await h.waitFor(pair, (s) => s.stage === 'active');
    const warning = await mailTo(mailOf(pair.principalId), /^Access ends soon/, input.entitlementId);
    const pending = await post('/access/extension', { token: tokenOf(warning) });
    assert.equal(pending.statusCode, 200, pending.body);
    assert.match(pending.body, /awaits approval/);
    const awaiting = await access.status(pair);
    assert.equal(awaiting.expiresAt, active.expiresAt, 'nothing moves before an approver decides');

    const approval = await mailTo(APPROVER_MAIL, /^Approve extension\?/, input.principalUpn);
    assert.match(approval.text, /extension of 30 seconds, until about/);
    assert.deepEqual(linksIn(approval), [approvalItemUrl(PUBLIC_URL, accessGrantWorkflowId(pair))], 'the inbox item');
    // A signed link as mailed before the inbox existed (still honoured until it expires), scoped to this extension.
    const approvalLink = (requestId: string) =>
      links.sign({
        grantId: accessGrantWorkflowId(pair),
        approverId: APPROVER,
        expiresAtMs: Date.now() + 300_000,
        requestId,
      });
    const approvalToken = approvalLink(awaiting.pendingExtension!.requestId);
    const page = await get('/access/approval', approvalToken);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /Approve this extension\?/);
    assert.match(
      squashHtml(page.body),
      /<dt>Justification<\/dt><dd>extension requested from the expiry warning email<\/dd>/,
      "the extension's own reason",
    );
    const approved = await post('/access/approval', { token: approvalToken, decision: 'approve' });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.match(approved.body, /Extension approved/);
    const moved = await access.status(pair);
    assert.ok(Date.parse(moved.expiresAt!) > Date.parse(active.expiresAt!), 'the expiry moved');
    assert.equal(moved.pendingExtension, null);
    assert.equal(
      (await post('/access/approval', { token: approvalToken, decision: 'approve' })).statusCode,
      409,
      'replayed',
    );

    // A later extension: the earlier link neither shows nor decides it.
    const later = await access.extend(pair, {
      requestId: 'later-extension',
      requesterId: pair.principalId,
      durationSeconds: 30,
      justification: 'more',
    });
    assert.equal(later.kind, 'pending');
    assert.equal((await get('/access/approval', approvalToken)).statusCode, 409);
    assert.equal((await post('/access/approval', { token: approvalToken, decision: 'deny' })).statusCode, 409);
    assert.equal(
      (await access.status(pair)).pendingExtension?.requestId,
      'later-extension',
      'still awaiting its own decision',
    );
    assert.equal(
      (await post('/access/approval', { token: approvalLink('later-extension'), decision: 'deny' })).statusCode,
      200,
    );
    assert.equal((await access.status(pair)).pendingExtension, null);
    await access.revoke(pair, { actorId: APPROVER, actorRole: 'approver' });
    await h.waitFor(pair, (s) => s.stage === 'ended');
  });

  test('forged, foreign and expired extension links are refused and extend nothing', async () => {
    const { pair } = await request(19, { expiryWarningSeconds: 0 }, 600);
    await h.waitFor(pair, (s) => s.stage === 'active');
    const workflowId = accessGrantWorkflowId(pair);
    const good = links.extension.sign({
      grantId: workflowId,
      requesterId: pair.principalId,
      expiresAtMs: Date.now() + 60_000,
    });
    const forged = `${good.split('.')[0]}.${Buffer.alloc(32, 7).toString('base64url')}`;
    const approvalLink = links.sign({
      grantId: workflowId,
      approverId: pair.principalId,
      expiresAtMs: Date.now() + 60_000,
    });
    const setupLink = base.sign({
      subject: workflowId,
      actor: pair.principalId,
      purpose: 'access-extension',
      expiresAtMs: Date.now() + 60_000,
    });
    const expired = links.extension.sign({
      grantId: workflowId,
      requesterId: pair.principalId,
      expiresAtMs: Date.now() - 1,
    });
    for (const bad of [forged, approvalLink, setupLink, 'garbage']) {
      assert.equal((await get('/access/extension', bad)).statusCode, 403);
      assert.equal((await post('/access/extension', { token: bad })).statusCode, 403);
    }
    assert.equal((await get('/access/extension', expired)).statusCode, 410);
    assert.equal((await post('/access/extension', { token: expired })).statusCode, 410);
    assert.equal((await access.status(pair)).extensions, 0);
    await access.revoke(pair, { actorId: pair.principalId, actorRole: 'requester' });
    await h.waitFor(pair, (s) => s.stage === 'ended');
    assert.equal((await post('/access/extension', { token: good })).statusCode, 409, 'the access has ended');
  });

  test("every grant's history replays with the current workflow code (the mail loops are deterministic)", async () => {
    const histories = [...new Set(grants)].map(async (workflowId) => ({
      workflowId,
      history: await temporal.env.client.workflow.getHandle(workflowId).fetchHistory(),
    }));
    const results = Worker.runReplayHistories(
      { workflowsPath: WORKFLOWS_PATH, replayName: 'email-extension' },
      await Promise.all(histories),
    );
    for await (const result of results)
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
  });

  test("no link token or signature appears in any grant's workflow history", async () => {
    const tokens = inbox.messages
      .flatMap((m) => linksIn(m))
      .map((link) => new URL(link).searchParams.get('token'))
      .filter((t): t is string => !!t);
    // Only the extension links carry a token: approval emails link to the approver's inbox item instead.
    assert.ok(tokens.length >= 2, `links were mailed (${tokens.length})`);
    const needles = tokens.flatMap((t) => [t, t.split('.')[1]!]);
    const passthrough: PayloadCodec = { encode: async (p) => p, decode: async (p) => p };
    for (const workflowId of new Set(grants)) {
      const history = await decodedHistoryText(temporal.env.client, workflowId, passthrough);
      assert.ok(history.length > 0);
      assert.deepEqual(findLeaks(history, needles), [], workflowId);
    }
  });
});

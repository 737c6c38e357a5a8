// Approval by email link, end to end: a pending request emails the approver a link to their inbox item
// (/approvals/<grantId>, see test/api/approver-inbox.test.ts). Signed links mailed before the inbox existed still
// work until they expire: their page changes nothing; its Approve button provisions the access in the simulator.
// Forged, expired and replayed links are refused.
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { OutgoingEmail } from '../../activities/email/mailer.js';
import { createAccessActivities } from '../../activities/access/index.js';
import { approvalItemUrl, createApprovalLinks, type ApprovalLinks } from '../../lib/links/access.js';
import { accessTemporal, type AccessTemporal } from '../../temporal/clients/access.js';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { jsonb } from '../../catalog/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { accessGrantWorkflowId, type AccessGrantInput } from '../../workflows/access/messages.js';
import { buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { APPROVER, createAccessHarness, pickFixtures, type AccessHarness } from './access-harness.js';

const PUBLIC_URL = 'http://127.0.0.1:1';
const APPROVER_MAIL = 'approver@contoso.example';

describe('approval by email link', { timeout: 120_000 }, () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let app: FastifyInstance;
  let worker: Worker;
  let running: Promise<void>;
  let access: AccessTemporal;
  let links: ApprovalLinks;
  const base = createLinkSigner(randomBytes(32));
  const outbox: OutgoingEmail[] = [];
  let fx: ReturnType<typeof pickFixtures>;

  before(async () => {
    temporal = await createTemporalTestEnv();
    h = await createAccessHarness(temporal);
    fx = pickFixtures(h.tenant);
    links = createApprovalLinks(base);
    await h.catalog.db
      .insertInto('principals')
      .values({
        connector_id: h.connector.id,
        id: APPROVER,
        kind: 'user',
        display_name: 'Approver',
        upn: APPROVER_MAIL,
        account_enabled: true,
        attributes: jsonb({}),
        generation: 1,
      })
      .execute();
    // A worker whose access activities can email (the harness's cannot), on its own task queue.
    const taskQueue = temporal.taskQueue();
    const tenantGraph = createTenantGraph({
      credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
    });
    const mailer = {
      send: async (message: OutgoingEmail) => {
        outbox.push(message);
      },
      close: () => {},
    };
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
    await h?.close();
    await temporal?.teardown();
  });

  const request = (user: number, approverIds: string[] = [APPROVER]) => {
    const principal = fx.users[user]!;
    const role = fx.roleNotHeldBy(principal.id);
    const input: AccessGrantInput = h.input(`role:${role}:member`, principal.id, {
      durationSeconds: 600,
      policy: { approverIds, requestTimeoutSeconds: 300 },
    });
    return {
      input,
      role,
      pair: { connectorId: input.connectorId, entitlementId: input.entitlementId, principalId: input.principalId },
    };
  };
  /**
   * The approval email of a grant (polls the outbox: the email is the synchronisation), and a signed link for it as
   * Lantern mailed them before the inbox (scoped to the approver and the grant, expiring with the request).
   */
  const mailedLink = async (workflowId: string) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const message = outbox.find((m) => m.links[0] === approvalItemUrl(PUBLIC_URL, workflowId));
      const token = links.sign({ grantId: workflowId, approverId: APPROVER, expiresAtMs: Date.now() + 300_000 });
      if (message) return { message, token };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no approval email for ${workflowId}`);
  };
  const open = (token: string) =>
    app.inject({ method: 'GET', url: `/access/approval?token=${encodeURIComponent(token)}` });
  const decide = (token: string, decision: 'approve' | 'deny') =>
    app.inject({
      method: 'POST',
      url: '/access/approval',
      payload: new URLSearchParams({ token, decision }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const hasRole = (principalId: string, role: string) =>
    [...h.tenant.roleAssignments.values()].some((a) => a.principalId === principalId && a.roleDefinitionId === role);

  test('the approver gets a link, the page changes nothing, Approve provisions the access, and the link cannot be replayed', async () => {
    const { input, role, pair } = request(11);
    await access.request(input);
    const { message, token } = await mailedLink(accessGrantWorkflowId(pair));
    assert.equal(message.to, APPROVER_MAIL);
    assert.match(message.text, /on call/);
    assert.doesNotMatch(message.text, /token=/, 'new emails carry no credential');

    const page = await open(token);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, new RegExp(input.principalUpn.replace(/[.]/g, '\\.')));
    assert.match(page.body, /on call/);
    assert.match(page.body, /value="approve"/);
    assert.match(page.body, /value="deny"/);
    assert.equal((await access.status(pair)).stage, 'pending_approval', 'opening the link decides nothing');
    assert.equal(hasRole(pair.principalId, role), false);

    const approved = await decide(token, 'approve');
    assert.equal(approved.statusCode, 200, approved.body);
    const status = await h.waitFor(pair, (s) => s.stage === 'active');
    assert.equal(status.approvedBy, APPROVER);
    assert.equal(hasRole(pair.principalId, role), true);

    assert.equal((await decide(token, 'approve')).statusCode, 409, 'a replayed link finds nothing to decide');
    assert.equal((await decide(token, 'deny')).statusCode, 409);
    assert.equal((await open(token)).statusCode, 409);
    assert.equal((await access.status(pair)).stage, 'active');
  });

  test('forged, foreign and expired links are refused and decide nothing', async () => {
    const { input, pair } = request(12);
    await access.request(input);
    const workflowId = accessGrantWorkflowId(pair);
    const token = (await mailedLink(workflowId)).token;
    const [payload] = token.split('.');
    const forged = `${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
    const setupLink = base.sign({
      subject: workflowId,
      actor: APPROVER,
      purpose: 'setup',
      expiresAtMs: Date.now() + 60_000,
    });
    const expired = links.sign({ grantId: workflowId, approverId: APPROVER, expiresAtMs: Date.now() - 1 });

    for (const bad of [forged, setupLink, 'garbage', '']) {
      assert.equal((await open(bad)).statusCode, 403, `GET ${bad.slice(0, 10)}`);
      if (bad) assert.equal((await decide(bad, 'approve')).statusCode, 403);
    }
    assert.equal((await open(expired)).statusCode, 410);
    const late = await decide(expired, 'approve');
    assert.equal(late.statusCode, 410);
    assert.match(late.body, /expired/);
    assert.equal((await access.status(pair)).stage, 'pending_approval');
  });

  test("the workflow's rules give a clear page: no self-approval, only approvers; Deny ends the request", async () => {
    const { input, pair } = request(13, [APPROVER, fx.users[13]!.id]);
    await access.request(input);
    const workflowId = accessGrantWorkflowId(pair);
    const self = await decide(
      links.sign({ grantId: workflowId, approverId: pair.principalId, expiresAtMs: Date.now() + 60_000 }),
      'approve',
    );
    assert.equal(self.statusCode, 409);
    assert.match(self.body, /no_self_approval/);
    const stranger = await decide(
      links.sign({ grantId: workflowId, approverId: 'someone-else', expiresAtMs: Date.now() + 60_000 }),
      'approve',
    );
    assert.equal(stranger.statusCode, 409);
    assert.match(stranger.body, /not an approver/);
    assert.equal((await access.status(pair)).stage, 'pending_approval');

    const denied = await decide((await mailedLink(workflowId)).token, 'deny');
    assert.equal(denied.statusCode, 200, denied.body);
    const ended = await h.waitFor(pair, (s) => s.stage === 'ended');
    assert.equal(ended.endReason, 'denied');
  });
});

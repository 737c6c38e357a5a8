// The approver's inbox over HTTP (inject) with real parts: a synced simulated tenant, the real accessGrant workflow on
// the dev server and people signed in with sessions. A bulk decision names what went through and what was refused
// (one already decided); typed text is escaped; CSRF is required; someone who may not decide gets the matrix's
// answers as pages; the item page shows the pair's earlier grants and, once decided, what became of the request;
// the inbox, the item page and My access show each approval stage with who decided and when from the catalog row.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startAccessSuite, stopAccessSuite, type AccessSuite } from '../access/access-harness.js';
import { authHeader, buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { signInAs } from '../helpers/sessions.js';
import type { ApprovalStageRecord } from '../../catalog/access/schema.js';
import { jsonb } from '../../catalog/json.js';
import type { TemporalClients } from '../../temporal/clients/index.js';
import { pickRightsPeople, syncOnce, type Person, type RightsPeople } from './approver-rights-fixture.js';

type Headers = Record<string, string>;
const HOSTILE_JUSTIFICATION = '<script>alert("j")</script> & "quotes"';
const HOSTILE_COMMENT = '<img src=x onerror=alert(1)>';

describe('the approvals inbox', { timeout: 180_000 }, () => {
  let suite: AccessSuite;
  let app: FastifyInstance;
  let people: RightsPeople;
  const sessions = new Map<string, Headers>();

  async function as(person: Person): Promise<Headers> {
    if (!sessions.has(person.id)) {
      const { cookie, csrf } = await signInAs(suite.h.catalog.db, {
        objectId: person.id,
        tenantId: suite.h.tenant.id,
        upn: person.upn,
      });
      sessions.set(person.id, { cookie, 'x-csrf-token': csrf });
    }
    return sessions.get(person.id)!;
  }

  const ask = async (person: Person, justification = 'incident 7', ticket?: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${suite.h.connector.id}/access-requests`,
      headers: await as(person),
      payload: {
        entitlementId: people.ownedEntitlement,
        durationSeconds: 600,
        justification,
        ...(ticket ? { ticket } : {}),
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as {
      workflowId: string;
      status: { connectorId: string; entitlementId: string; principalId: string };
    };
  };
  const page = async (person: Person | null, url: string) =>
    app.inject({ method: 'GET', url, headers: person ? await as(person) : {} });
  /** The form the inbox posts; `csrf: false` leaves the token out. */
  const decideForm = async (person: Person, grantIds: string[], decision: string, comment = '', csrf = true) => {
    const headers = await as(person);
    const form = new URLSearchParams({ decision, comment });
    for (const id of grantIds) form.append('grantIds', id);
    if (csrf) form.set('_csrf', headers['x-csrf-token']!);
    return app.inject({
      method: 'POST',
      url: '/approvals/decide',
      headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
  };
  const apiDecide = async (person: Person, grantId: string, verb: 'approve' | 'deny' | 'revoke', comment?: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/access-requests/${grantId}/${verb}`,
      headers: await as(person),
      payload: comment ? { comment } : {},
    });
  const stageOf = async (pair: Parameters<AccessSuite['h']['waitFor']>[0]) => (await suite.h.access.status(pair)).stage;
  const itemUrl = (grantId: string) => `/approvals/${encodeURIComponent(grantId)}`;
  /** Ends the test's grants after it (pass or fail), so the next test's requests for the same pairs are new ones. */
  /** Ends each grant and waits for its workflow to close (it sends the ended email after the stage says ended), so
   * the next test can request the same pair again. */
  const endAll = async (...asked: Awaited<ReturnType<typeof ask>>[]) => {
    for (const { status, workflowId } of asked) {
      if ((await stageOf(status)) !== 'ended')
        await suite.h.access.revoke(status, { actorId: 'test', actorRole: 'admin' });
      await suite.temporal.env.client.workflow.getHandle(workflowId).result();
    }
  };

  /** The owners of the group decide its requests (and, when asked, its extensions). */
  const setPolicy = async ({ extensionNeedsApproval }: { extensionNeedsApproval: boolean }) => {
    const policy = await app.inject({
      method: 'PUT',
      url: `/api/v1/connectors/${suite.h.connector.id}/access-policies/${people.ownedEntitlement}`,
      headers: authHeader,
      payload: {
        maxDurationSeconds: 3600,
        approvalRequired: true,
        approvers: { owners: true },
        requestTimeoutSeconds: 600,
        extensionNeedsApproval,
      },
    });
    assert.equal(policy.statusCode, 200, policy.body);
  };

  before(async () => {
    suite = await startAccessSuite();
    await syncOnce(suite);
    people = pickRightsPeople(suite);
    app = await buildTestApp(suite.h.catalog, { temporal: stubTemporal({ access: suite.h.access }) });
    await setPolicy({ extensionNeedsApproval: false });
  });
  after(async () => {
    await app?.close();
    await stopAccessSuite(suite ?? {});
  });

  test('lists what waits with names, escapes typed text, and shows the earlier grants of the pair', async (t) => {
    const { owner, requester } = people;
    const first = await ask(requester, 'first time');
    const denied = await apiDecide(owner, first.workflowId, 'deny', 'not this week');
    assert.equal(denied.statusCode, 200, denied.body);
    await suite.h.waitFor(first.status, (s) => s.stage === 'ended');

    const again = await ask(requester, HOSTILE_JUSTIFICATION, '<b>INC-1</b>');
    t.after(() => endAll(again));
    const inbox = await page(owner, '/approvals');
    assert.equal(inbox.statusCode, 200, inbox.body);
    assert.match(inbox.headers['content-type'] as string, /text\/html/);
    assert.ok(!inbox.body.includes('<script>alert'), 'the justification is not markup');
    assert.ok(inbox.body.includes('&lt;script&gt;alert(&quot;j&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;'));
    assert.ok(inbox.body.includes('&lt;b&gt;INC-1&lt;/b&gt;'), 'the ticket is escaped');
    assert.ok(inbox.body.includes(requester.upn), 'who asked');
    assert.match(inbox.body, /Membership of the group/, 'the kind in words');
    assert.match(inbox.body, /10 minutes/, 'how long, as people say it');
    assert.match(inbox.body, /Earlier grants of this access to this person[\s\S]*Denied/, 'the earlier, denied grant');
    assert.match(inbox.body, /Open in Temporal/);
    assert.match(
      inbox.body,
      new RegExp(`for="select-0">Select [^<]+ for [^<]*${requester.upn.replace(/[.]/g, '\\.')}`),
    );

    const item = await page(owner, itemUrl(again.workflowId));
    assert.equal(item.statusCode, 200, item.body);
    assert.match(item.body, /Approve this access request\?/);
    assert.match(item.body, /name="grantIds" value="grant:/);
    assert.match(item.body, /Denied/);
  });

  test('a bulk decision with one already decided approves the rest and names the refused one with why', async (t) => {
    const { owner, requester, secondRequester } = people;
    const a = await ask(requester);
    const b = await ask(secondRequester);
    t.after(() => endAll(a, b));
    assert.equal((await apiDecide(owner, a.workflowId, 'approve')).statusCode, 200, 'decided before the bulk');

    const res = await decideForm(owner, [a.workflowId, b.workflowId], 'approve', HOSTILE_COMMENT);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /text\/html/, 'a page, never the JSON envelope');
    assert.match(res.body, /<h1>Approved 1, 1 refused<\/h1>/);
    assert.match(res.body, /1 was not approved/);
    assert.ok(res.body.includes(`href="${itemUrl(a.workflowId)}"`), 'the refused one links to its item');
    assert.match(res.body, /already decided, withdrawn or timed out/, 'says why');
    const approvedB = await suite.h.waitFor(b.status, (s) => s.stage !== 'pending_approval');
    assert.equal(approvedB.approvedBy, owner.id);

    // The item page of a decided request says what became of it, with the (escaped) comment.
    const item = await page(owner, itemUrl(b.workflowId));
    assert.equal(item.statusCode, 200, item.body);
    assert.match(item.body, /Nothing left to decide/);
    assert.ok(item.body.includes(`Approved by`) && item.body.includes(owner.upn), item.body);
    assert.ok(item.body.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the comment is escaped');
    assert.ok(!item.body.includes('<img src=x'));
    assert.doesNotMatch(item.body, /name="decision"/, 'no form');
  });

  test('everything selected going through redirects with a count; deny works the same way', async (t) => {
    const { owner, requester, secondRequester } = people;
    const a = await ask(requester);
    const b = await ask(secondRequester);
    t.after(() => endAll(a, b));
    const res = await decideForm(owner, [a.workflowId, b.workflowId], 'deny', 'no');
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/approvals?done=denied&count=2');
    const after = await page(owner, res.headers.location as string);
    assert.match(after.body, /Denied 2 requests/);
  });

  test('CSRF, bad input and people who may not decide get pages and change nothing', async (t) => {
    const { owner, requester, manager } = people;
    const a = await ask(requester);
    t.after(() => endAll(a));

    const forged = await decideForm(owner, [a.workflowId], 'approve', '', false);
    assert.equal(forged.statusCode, 403, 'no CSRF token');
    assert.match(forged.headers['content-type'] as string, /text\/html/);

    for (const bad of [
      await decideForm(owner, [], 'approve'),
      await decideForm(owner, [a.workflowId], 'maybe'),
      await decideForm(owner, ['not-a-grant'], 'approve'),
      await decideForm(
        owner,
        Array.from({ length: 101 }, (_, i) => `${a.workflowId}${i}`),
        'approve',
      ),
    ]) {
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(bad.headers['content-type'] as string, /text\/html/, 'a page, not the JSON envelope');
      assert.match(bad.body, /Nothing was changed[\s\S]*href="\/approvals"/);
    }

    const own = await decideForm(requester, [a.workflowId], 'approve');
    assert.equal(own.statusCode, 403, 'the requester never decides their own request');
    assert.match(own.body, /not yours to decide/);
    const stranger = await decideForm(manager, [a.workflowId], 'approve');
    assert.equal(stranger.statusCode, 404, 'not an approver of this policy: as if it did not exist');
    assert.equal((await page(manager, itemUrl(a.workflowId))).statusCode, 404);
    assert.equal((await page(manager, '/approvals/grant:nothing:here')).statusCode, 404);
    assert.equal((await page(manager, '/approvals/%3Cscript%3E')).statusCode, 404);
    const mine = await page(requester, itemUrl(a.workflowId));
    assert.equal(mine.statusCode, 200, 'the requester sees their own request');
    assert.match(mine.body, /You cannot decide this request/);
    assert.doesNotMatch(mine.body, /name="decision"/);
    assert.equal(await stageOf(a.status), 'pending_approval', 'nothing was decided');

    const anonymous = await page(null, itemUrl(a.workflowId));
    assert.equal(anonymous.statusCode, 401);
    const signIn = /href="(\/sign-in\?returnTo=[^"]+)"/.exec(anonymous.body)?.[1];
    assert.ok(signIn, anonymous.body);
    assert.equal(
      new URLSearchParams(signIn.replaceAll('&amp;', '&').split('?')[1]).get('returnTo'),
      itemUrl(a.workflowId),
      'sign-in comes back to the item',
    );
  });
  test('shows every stage with who decided and when from the catalog row, asking Temporal nothing', async (t) => {
    const { owner, requester, manager, secondRequester } = people;
    const a = await ask(requester, 'stages from the row');
    t.after(() => endAll(a));
    // The progress a two-stage workflow records with each decision (steps.ts event()), written as it would be.
    const stages: ApprovalStageRecord[] = [
      {
        name: 'Manager',
        quorum: 1,
        status: 'approved',
        approverIds: [manager.id],
        decisions: [{ approverId: manager.id, approved: true, comment: null, at: '2026-03-01T09:15:00.000Z' }],
      },
      {
        name: 'Owners',
        quorum: 2,
        status: 'pending',
        approverIds: [owner.id, secondRequester.id],
        decisions: [
          { approverId: secondRequester.id, approved: true, comment: '<b>fine</b>', at: '2026-03-01T10:30:00.000Z' },
        ],
      },
    ];
    await suite.h.catalog.db
      .updateTable('access_grants')
      .set({ approval_stages: jsonb(stages) })
      .where('workflow_id', '=', a.workflowId)
      .execute();
    // Every access client call is counted and fails: the pages must not need one for stage progress.
    const asked: string[] = [];
    const refusing = new Proxy({} as NonNullable<TemporalClients['access']>, {
      get: (_target, name) => () => {
        asked.push(String(name));
        throw new Error(`Temporal asked: ${String(name)}`);
      },
    });
    const offline = await buildTestApp(suite.h.catalog, { temporal: stubTemporal({ access: refusing }) });
    t.after(() => offline.close());
    const get = async (person: Person, url: string) =>
      offline.inject({ method: 'GET', url, headers: await as(person) });
    const nameOf = (person: Person) => suite.h.tenant.users.get(person.id)!.displayName ?? person.upn;
    /** "<name> approved" then the decision's time in the local-time markup (whitespace between them is layout). */
    const decided = (person: Person, at: string) =>
      new RegExp(`${nameOf(person).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} approved\\s*<time datetime="${at}"`);

    for (const res of [await get(owner, '/approvals'), await get(owner, itemUrl(a.workflowId))]) {
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.body, /Stage 2 of 2 · Owners · 1 of 2 approvals/);
      assert.match(res.body, /Stage 1 · Manager: approved · 1 of 1 approval/);
      assert.match(res.body, /Stage 2 · Owners: deciding now · 1 of 2 approvals/);
      assert.match(res.body, decided(manager, '2026-03-01T09:15:00.000Z'));
      assert.match(res.body, decided(secondRequester, '2026-03-01T10:30:00.000Z'));
      assert.ok(res.body.includes('&lt;b&gt;fine&lt;/b&gt;'), 'the comment is text');
    }
    const mine = await get(requester, '/access');
    assert.equal(mine.statusCode, 200, mine.body);
    assert.match(mine.body, /Stage 1 · Manager: approved · 1 of 1 approval/);
    assert.match(mine.body, decided(secondRequester, '2026-03-01T10:30:00.000Z'));
    assert.deepEqual(asked, [], 'no Temporal call');
  });

  test('an extension awaiting approval is in the inbox and is decided the same way', async (t) => {
    const { owner, requester } = people;
    await setPolicy({ extensionNeedsApproval: true });
    t.after(() => setPolicy({ extensionNeedsApproval: false }));
    const a = await ask(requester);
    t.after(() => endAll(a));
    assert.equal((await apiDecide(owner, a.workflowId, 'approve')).statusCode, 200);
    await suite.h.waitFor(a.status, (s) => s.stage === 'active');
    const more = await app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${suite.h.connector.id}/access-requests`,
      headers: await as(requester),
      payload: { entitlementId: people.ownedEntitlement, durationSeconds: 300, justification: 'one more hour <i>' },
    });
    assert.ok(more.statusCode < 300, more.body);
    await suite.h.waitFor(a.status, (s) => Boolean(s.pendingExtension));

    const inbox = await page(owner, '/approvals');
    assert.match(inbox.body, /Extension of /);
    assert.match(inbox.body, /Extend by<\/dt>\s*<dd>5 minutes/);
    assert.ok(inbox.body.includes('one more hour &lt;i&gt;'));
    const item = await page(owner, itemUrl(a.workflowId));
    assert.match(item.body, /Approve this extension\?/);
    const before = await suite.h.access.status(a.status);
    const res = await decideForm(owner, [a.workflowId], 'approve', 'ok');
    assert.equal(res.statusCode, 303, res.body);
    // The workflow counts the approved extension (how far it moves the expiry is the policy's business).
    await suite.h.waitFor(a.status, (s) => s.extensions === (before.extensions ?? 0) + 1 && !s.pendingExtension);
    assert.doesNotMatch((await page(owner, '/approvals')).body, /Extension of /);
  });
});

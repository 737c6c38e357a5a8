// Approval by a signed email link in a real browser (Debian chromium through playwright-core, headless): new approval
// emails link to the approver's inbox item (test/browser/approvals-pages.test.ts); links mailed before it still work
// until they expire: the approver opens one, reads the request, clicks Approve, and the access appears in the simulator.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { createAccessActivities } from '../../activities/access/index.js';
import { approvalItemUrl, approvalLinkUrl, createApprovalLinks, type ApprovalLinks } from '../../lib/links/access.js';
import { accessGrantWorkflowId } from '../../workflows/access/messages.js';
import type { OutgoingEmail } from '../../activities/email/mailer.js';
import { accessTemporal, type AccessTemporal } from '../../temporal/clients/access.js';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { jsonb } from '../../catalog/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { APPROVER, createAccessHarness, pickFixtures, type AccessHarness } from '../access/access-harness.js';

describe('approval by email link in a browser', { timeout: 120_000 }, () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let app: FastifyInstance;
  let worker: Worker;
  let running: Promise<void>;
  let browser: Browser;
  let access: AccessTemporal;
  const outbox: OutgoingEmail[] = [];
  const base = createLinkSigner(randomBytes(32));
  let links: ApprovalLinks;
  let publicUrl: string;

  before(async () => {
    temporal = await createTemporalTestEnv();
    h = await createAccessHarness(temporal);
    await h.catalog.db
      .insertInto('principals')
      .values({
        connector_id: h.connector.id,
        id: APPROVER,
        kind: 'user',
        display_name: 'Approver',
        upn: 'approver@contoso.example',
        account_enabled: true,
        attributes: jsonb({}),
        generation: 1,
      })
      .execute();
    const taskQueue = temporal.taskQueue();
    access = accessTemporal(temporal.env.client, taskQueue);
    links = createApprovalLinks(base);
    app = await buildTestApp(h.catalog, {
      temporal: stubTemporal({ access }),
      onboarding: {
        links: base,
        publicUrl: '',
        codec: null,
        codecCorsOrigins: [],
        oauth: null,
      } as unknown as OnboardingDeps,
    });
    publicUrl = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    const tenantGraph = createTenantGraph({
      credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
    });
    worker = await temporal.createWorker({
      taskQueue,
      activities: createAccessActivities({
        catalog: h.catalog,
        tenantGraph,
        loadConnector: async () => h.connector,
        approvalEmails: {
          mailer: {
            send: async (m: OutgoingEmail) => {
              outbox.push(m);
            },
            close: () => {},
          },
          links,
          publicUrl,
        },
      }),
    });
    running = worker.run();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    worker?.shutdown();
    await running;
    await h?.close();
    await temporal?.teardown();
  });

  it('the approver opens the emailed link, approves, and the access appears in the simulator', async () => {
    const fx = pickFixtures(h.tenant);
    const user = fx.users[14]!;
    const role = fx.roleNotHeldBy(user.id);
    const input = h.input(`role:${role}:member`, user.id, {
      durationSeconds: 600,
      policy: { requestTimeoutSeconds: 300 },
    });
    await access.request(input);
    const deadline = Date.now() + 20_000;
    while (outbox.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const mailed = outbox[0]?.links[0];
    assert.equal(mailed, approvalItemUrl(publicUrl, accessGrantWorkflowId(input)), 'new emails link to the inbox item');
    // A signed link as mailed before the inbox existed: still honoured until it expires with its request.
    const token = links.sign({
      grantId: accessGrantWorkflowId(input),
      approverId: APPROVER,
      expiresAtMs: Date.now() + 300_000,
    });
    const link = approvalLinkUrl(publicUrl, token);

    const page = await browser.newPage();
    await page.goto(link);
    assert.equal(await page.locator('h1').innerText(), 'Approve this access request?');
    assert.match(await page.locator('main').innerText(), /on call/);
    assert.equal((await access.status(input)).stage, 'pending_approval', 'opening the page decided nothing');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForSelector('text=Approved');

    await h.waitFor(input, (s) => s.stage === 'active');
    assert.ok(
      [...h.tenant.roleAssignments.values()].some((a) => a.principalId === user.id && a.roleDefinitionId === role),
    );
    await page.close();
  });
});

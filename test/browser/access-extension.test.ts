// One-click extension in a real browser (Debian chromium through playwright-core, headless): the requester opens the
// expiry warning's link, reads the grant, confirms, and the grant's expiry moves while the access stays.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { createAccessActivities } from '../../activities/access/index.js';
import { createApprovalLinks } from '../../lib/links/access.js';
import type { OutgoingEmail } from '../../activities/email/mailer.js';
import { accessTemporal, type AccessTemporal } from '../../temporal/clients/access.js';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { jsonb } from '../../catalog/index.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { buildTestApp, stubTemporal } from '../helpers/api-app.js';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { createAccessHarness, pickFixtures, type AccessHarness } from '../access/access-harness.js';

describe('one-click extension in a browser', { timeout: 120_000 }, () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let app: FastifyInstance;
  let worker: Worker;
  let running: Promise<void>;
  let browser: Browser;
  let access: AccessTemporal;
  const outbox: OutgoingEmail[] = [];
  const base = createLinkSigner(randomBytes(32));

  before(async () => {
    temporal = await createTemporalTestEnv();
    h = await createAccessHarness(temporal);
    const taskQueue = temporal.taskQueue();
    access = accessTemporal(temporal.env.client, taskQueue);
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
    const publicUrl = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
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
          links: createApprovalLinks(base),
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

  it("the requester opens the warning's link, confirms, and the expiry moves with the access kept", async () => {
    const user = pickFixtures(h.tenant).users[15]!;
    await h.catalog.db
      .insertInto('principals')
      .values({
        connector_id: h.connector.id,
        id: user.id,
        kind: 'user',
        display_name: user.displayName,
        upn: user.userPrincipalName,
        mail: 'requester@contoso.example',
        account_enabled: true,
        attributes: jsonb({}),
        generation: 1,
      })
      .execute();
    const role = pickFixtures(h.tenant).roleNotHeldBy(user.id);
    const input = h.input(`role:${role}:member`, user.id, {
      durationSeconds: 60,
      policy: { approvalRequired: false, expiryWarningSeconds: 58 },
    });
    await access.request(input);
    const active = await h.waitFor(input, (s) => s.stage === 'active');
    const deadline = Date.now() + 20_000;
    while (!outbox.some((m) => /^Access ends soon/.test(m.subject)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const link = outbox.find((m) => /^Access ends soon/.test(m.subject))?.links[0];
    assert.ok(link, 'the requester was emailed an extension link');

    const page = await browser.newPage();
    await page.goto(link);
    assert.equal(await page.locator('h1').innerText(), 'Extend this access?');
    assert.match(await page.locator('main').innerText(), new RegExp(input.entitlementId));
    assert.equal((await access.status(input)).extensions, 0, 'opening the page extended nothing');
    await page.getByRole('button', { name: 'Request the extension' }).click();
    await page.waitForSelector('text=Access extended');

    const extended = await access.status(input);
    assert.equal(extended.stage, 'active');
    assert.equal(extended.extensions, 1);
    assert.ok(Date.parse(extended.expiresAt!) > Date.parse(active.expiresAt!));
    assert.ok(
      [...h.tenant.roleAssignments.values()].some((a) => a.principalId === user.id && a.roleDefinitionId === role),
    );
    await page.close();
    await access.revoke(input, { actorId: user.id, actorRole: 'requester' });
    await h.waitFor(input, (s) => s.stage === 'ended');
  });
});

// The Temporal UI reads Lantern's encrypted payloads in a real browser (Debian chromium through playwright-core,
// headless): an operator signs in at /codec/sign-in by pasting the admin token, then the real Temporal Web UI (the
// dev server npm start runs, with --ui-codec-endpoint) calls /codec/decode with cross-origin credentials and gets
// the workflow's input back as text.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { freePort } from '../../stack/free-port.js';
import { temporalCliPath } from '../../stack/temporal-cli-path.js';
import { startDevServer, type RunningDevServer } from '../../stack/temporal-dev-server.js';
import { AesGcmCodec } from '../../temporal/codec.js';
import { ADMIN_TOKEN, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

describe('codec sign-in in a browser', { timeout: 180_000 }, () => {
  let dir: TempDir;
  let db: TestCatalog;
  let app: FastifyInstance;
  let temporal: RunningDevServer;
  let browser: Browser;
  let api: string;
  let ui: string;
  const codec = new AesGcmCodec([randomBytes(32)]);

  before(async () => {
    dir = await createTempDir();
    db = await openTestCatalog();
    const [apiPort, uiPort, grpcPort] = [await freePort(), await freePort(), await freePort()];
    api = `http://127.0.0.1:${apiPort}`;
    ui = `http://127.0.0.1:${uiPort}`;
    app = await buildTestApp(db.catalog, {
      onboarding: {
        codec,
        codecCorsOrigins: [ui],
        publicUrl: api,
        links: createLinkSigner(randomBytes(32)),
        oauth: null,
      } as unknown as OnboardingDeps,
    });
    await app.listen({ host: '127.0.0.1', port: apiPort });
    temporal = await startDevServer({
      cliPath: temporalCliPath(),
      dataDir: dir.path,
      ip: '127.0.0.1',
      port: grpcPort,
      uiPort,
      namespace: 'default',
      searchAttributes: [],
      uiCodecEndpoint: `${api}/codec`,
    });
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
    await temporal?.stop();
    await app?.close();
    await db?.close();
    await dir?.remove();
  });

  it("an operator pastes the admin token, and the Temporal UI's origin then decodes with the cookie", async () => {
    // A workflow whose input only the codec can read (no worker: its start event is enough).
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: 'default', dataConverter: { payloadCodecs: [codec] } });
    const workflowId = `codec-probe-${randomBytes(4).toString('hex')}`;
    await client.workflow.start('codecProbe', {
      taskQueue: 'nobody-polls',
      workflowId,
      args: [{ principalUpn: 'alice@contoso.example' }],
    });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const encrypted = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    assert.ok(encrypted?.data);
    await connection.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${api}/codec/sign-in`);
    await page.screenshot({ path: '/tmp/codec-sign-in.png', fullPage: true });
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'This browser can decode payloads until' }).waitFor();
    await page.screenshot({ path: '/tmp/codec-signed-in.png', fullPage: true });

    // The real Temporal UI, set up as the README says (pinned CLI's UI 2.42: its settings are a toggle-and-accordion
    // panel under a sticky header, so those two controls are clicked through the DOM rather than by coordinates).
    await page.setViewportSize({ width: 1400, height: 2000 });
    await page.goto(`${ui}/namespaces/default/workflows/${workflowId}`);
    await page.getByRole('button', { name: 'Codec Server could not connect' }).first().click();
    await page.getByTestId('override-accordion').getByRole('button').first().click();
    await page.getByLabel('Use my browser setting and ignore Cluster-level setting.').check();
    await page.getByTestId('data-encoder-endpoint-input').fill(`${api}/codec`);
    await page.locator('#pass-access-credentials').evaluate((input) => (input as unknown as { click(): void }).click());
    assert.equal(await page.getByLabel('Include cross-origin credentials').isChecked(), true);
    await page
      .getByTestId('confirm-data-encoder-button')
      .evaluate((button) => (button as unknown as { click(): void }).click());
    await page.reload();
    await page.getByText('"alice@contoso.example"').first().waitFor();

    // The UI's own origin (its settings API, served by the dev server), calling the codec as the UI does with
    // includeCredentials: fetch(..., { credentials: 'include' }) with its X-Namespace header (so CORS preflights).
    await page.goto(`${ui}/api/v1/settings`);
    const settings = await page.evaluate(
      async () => (await fetch('/api/v1/settings')).json() as Promise<{ Codec: { Endpoint: string } }>,
    );
    assert.equal(settings.Codec.Endpoint, `${api}/codec`, "npm start's UI points at the codec");
    const toJson = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
    const body = JSON.stringify({
      payloads: [
        {
          metadata: Object.fromEntries(Object.entries(encrypted.metadata ?? {}).map(([k, v]) => [k, toJson(v)])),
          data: toJson(encrypted.data),
        },
      ],
    });
    const call = (credentials: 'include' | 'omit') =>
      page.evaluate(
        async ({ url, body, credentials }) => {
          const response = await fetch(url, {
            method: 'POST',
            credentials,
            headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
            body,
          });
          return { status: response.status, body: await response.text() };
        },
        { url: `${api}/codec/decode`, body, credentials },
      );
    const decoded = await call('include');
    assert.equal(decoded.status, 200, decoded.body);
    const payload = (JSON.parse(decoded.body) as { payloads: { data: string }[] }).payloads[0]!;
    assert.deepEqual(JSON.parse(Buffer.from(payload.data, 'base64').toString()), {
      principalUpn: 'alice@contoso.example',
    });
    const withoutCookie = await call('omit');
    assert.equal(withoutCookie.status, 401, 'without the cookie the UI gets nothing');
    assert.doesNotMatch(withoutCookie.body, /alice/);

    // Signing out ends it.
    await page.goto(`${api}/codec/sign-in`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${ui}/api/v1/settings`);
    assert.equal((await call('include')).status, 401);
    await context.close();
  });
});

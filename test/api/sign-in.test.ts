// Signing in with Microsoft end to end over HTTP: the simulator's sign-in pages driven by a fetch-based browser, a
// catalog filled by a real sync (real Temporal), and Lantern listening on loopback. Covers who may sign in, the
// round trip's bindings (state, browser, single use), session fixation, sign-out, and a sync that disables a person.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { buildApp } from '../../api/index.js';
import { peopleDepsFromConfig } from '../../api/people/routes.js';
import { createIdTokenVerifier, type IdTokenVerifier } from '../../entra/id-token.js';
import { createPeopleOAuth } from '../../entra/people-sign-in.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import type { DemoPerson } from '../../simulator/index.js';
import { stubTemporal } from '../helpers/api-app.js';
import { startSignInWorld, type SignInWorld } from '../helpers/sign-in-world.js';
import { throughMicrosoft } from '../onboarding/owner-browser.js';
import { TestBrowser, type BrowserResponse } from '../simulator/identity-browser.js';
import { control } from '../simulator/clients.js';
import type { SyncHarness } from '../sync/sync-harness.js';

const cookiesOf = (browser: TestBrowser) => (browser as unknown as { cookies: Map<string, string> }).cookies;

describe('signing in with Microsoft', { timeout: 240_000 }, () => {
  let world: SignInWorld;
  let harness: SyncHarness;
  let app: FastifyInstance;
  let apiUrl: string;
  const links = createLinkSigner(randomBytes(32));
  /** Every id token Microsoft issued to Lantern in this suite (for the forged/expired/replayed checks). */
  const idTokens: string[] = [];
  let verifier: IdTokenVerifier;

  before(async () => {
    world = await startSignInWorld();
    ({ harness, apiUrl } = world);
    const { sim } = harness;
    const { config, port } = world;
    const cloud = config.entra.endpoints;
    verifier = createIdTokenVerifier({ cloud, clientId: sim.app.clientId });
    const recording: IdTokenVerifier = {
      verify: async (token, expected) => {
        idTokens.push(token);
        return verifier.verify(token, expected);
      },
    };
    const people = {
      ...peopleDepsFromConfig(config, harness.catalog.db, links),
      oauth: createPeopleOAuth({ cloud, credentials: sim.app, publicUrl: apiUrl, verifier: recording }),
    };
    app = await buildApp({ config, catalog: harness.catalog, temporal: stubTemporal(), people });
    await app.listen({ host: '127.0.0.1', port });
  });
  after(async () => {
    await app?.close();
    await world?.close();
  });

  const tenant = (index: number) => harness.sim.tenants[index]!;
  const connected = () => tenant(0);
  const unconnected = () => tenant(1);

  /** Starts a sign-in and goes through Microsoft; returns the callback URL (not yet opened). */
  async function toCallback(browser: TestBrowser, who: DemoPerson, returnTo = '/'): Promise<string> {
    const start = await browser.get(`${apiUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    assert.equal(start.status, 303);
    const authorize = new URL(start.location!);
    assert.equal(authorize.searchParams.get('prompt'), 'select_account');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorize.pathname, /^\/organizations\//);
    return throughMicrosoft(browser, start, who, apiUrl);
  }

  async function signIn(who: DemoPerson, returnTo = '/'): Promise<{ browser: TestBrowser; landing: BrowserResponse }> {
    const browser = new TestBrowser();
    const landing = await browser.get(await toCallback(browser, who, returnTo));
    return { browser, landing };
  }

  const me = async (browser: TestBrowser) => {
    const response = await browser.get(`${apiUrl}/api/v1/me`);
    return { status: response.status, body: response.status === 200 ? JSON.parse(response.html) : null };
  };

  const audit = (action: string) =>
    harness.catalog.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  it('signs the requester in: a new session, back to where they started, roles from the synced directory', async () => {
    assert.equal(connected().id, harness.sim.homeTenantId, 'the suite assumes the connected tenant is the home one');
    const requester = connected().demo.people.requester;
    const { browser, landing } = await signIn(requester, '/my-requests?tab=open');
    assert.equal(landing.status, 303);
    assert.equal(landing.location, '/my-requests?tab=open');
    const who = await me(browser);
    assert.equal(who.status, 200);
    assert.equal(who.body.objectId, requester.objectId);
    assert.equal(who.body.tenantId, connected().id);
    assert.deepEqual(who.body.roles.sort(), ['approver', 'requester']);
    const signIns = await audit('auth.sign_in');
    assert.deepEqual(signIns.at(-1)?.detail, { objectId: requester.objectId, tenantId: connected().id });
  });

  it('makes the Lantern.Admin holder of the home tenant an admin who sees /admin; the requester gets a 403 page', async () => {
    const { browser: admin } = await signIn(connected().demo.people.lanternAdmin, '/admin');
    assert.ok((await me(admin)).body.roles.includes('admin'));
    const page = await admin.get(`${apiUrl}/admin/connectors`);
    assert.equal(page.status, 200);
    assert.match(page.html, new RegExp(harness.connector.tenantId));
    const { browser: requester } = await signIn(connected().demo.people.requester);
    const refused = await requester.get(`${apiUrl}/admin`);
    assert.equal(refused.status, 403);
    assert.match(refused.html, /You do not have access to this page/);
  });

  it('refuses a person of a tenant Lantern does not govern, with a page and an audit row, and no session', async () => {
    const stranger = unconnected().demo.people.requester;
    const { browser, landing } = await signIn(stranger);
    assert.equal(landing.status, 403);
    assert.match(landing.html, /does not use this Lantern/);
    assert.ok(!cookiesOf(browser).get('lantern_session'), 'no session cookie');
    assert.equal((await me(browser)).status, 401);
    const refused = await audit('auth.sign_in_refused');
    assert.deepEqual(refused.at(-1)?.detail, {
      objectId: stranger.objectId,
      tenantId: unconnected().id,
      reason: 'tenant_not_connected',
    });
  });

  it('refuses a callback opened in another browser, a replayed callback, and a forged or expired state', async () => {
    const requester = connected().demo.people.requester;
    const first = new TestBrowser();
    const callback = await toCallback(first, requester);
    const other = await new TestBrowser().get(callback);
    assert.equal(other.status, 400);
    assert.match(other.html, /Finish in the same browser/);

    const done = await first.get(callback);
    assert.equal(done.status, 303, 'the browser that started it completes it');
    const replay = new URL(callback);
    const replayed = await first.get(replay.toString());
    assert.equal(replayed.status, 400, 'a callback works once');

    const forged = new URL(callback);
    const [payload, signature] = forged.searchParams.get('state')!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.searchParams.set(
      'state',
      `${Buffer.from(JSON.stringify({ ...claims, actor: 'https://evil.example/' })).toString('base64url')}.${signature}`,
    );
    const forgedAnswer = await first.get(forged.toString());
    assert.equal(forgedAnswer.status, 400);
    assert.match(forgedAnswer.html, /does not belong to a sign-in Lantern started/);

    const expired = new URL(callback);
    expired.searchParams.set('state', links.sign({ ...claims, id: 'expired-state', expiresAtMs: Date.now() - 1000 }));
    const expiredAnswer = await first.get(expired.toString());
    assert.equal(expiredAnswer.status, 400);
    assert.match(expiredAnswer.html, /took too long/);
  });

  it('accepts only id tokens signed by the tenant, for Lantern, unexpired, answering this sign-in', async () => {
    const token = idTokens.at(-1)!;
    const { nonce, exp } = decodeJwt(token) as { nonce: string; exp: number };
    await verifier.verify(token, { nonce });
    await assert.rejects(verifier.verify(token, { nonce: 'another-sign-in' }), /nonce mismatch/);
    const [header, , signature] = token.split('.');
    const changed = Buffer.from(JSON.stringify({ ...decodeJwt(token), oid: crypto.randomUUID() })).toString(
      'base64url',
    );
    await assert.rejects(verifier.verify(`${header}.${changed}.${signature}`, { nonce }), /did not verify/);
    const { privateKey } = await generateKeyPair('RS256');
    const selfSigned = await new SignJWT(decodeJwt(token))
      .setProtectedHeader({ alg: 'RS256', kid: 'mine' })
      .sign(privateKey);
    await assert.rejects(verifier.verify(selfSigned, { nonce }), /did not verify/);
    const otherApp = createIdTokenVerifier({
      cloud: harness.connector.cloud,
      clientId: harness.sim.appReadWrite.clientId,
    });
    await assert.rejects(otherApp.verify(token, { nonce }), /ERR_JWT_CLAIM_VALIDATION_FAILED|aud/);
    const later = createIdTokenVerifier({
      cloud: harness.connector.cloud,
      clientId: harness.sim.app.clientId,
      now: () => new Date((exp + 3600) * 1000),
    });
    await assert.rejects(later.verify(token, { nonce }), /ERR_JWT_EXPIRED/);
  });

  it('never adopts a session cookie planted before sign-in (fixation)', async () => {
    // The attacker signs in, then plants their own session id in the victim's browser.
    const { browser: attacker } = await signIn(connected().demo.people.approver);
    const planted = cookiesOf(attacker).get('lantern_session')!;
    assert.match(planted, /^[\w-]{43}$/);
    const victim = new TestBrowser();
    cookiesOf(victim).set('lantern_session', planted);
    const landing = await victim.get(await toCallback(victim, connected().demo.people.requester));
    assert.equal(landing.status, 303);
    const issued = cookiesOf(victim).get('lantern_session')!;
    assert.match(issued, /^[\w-]{43}$/);
    assert.notEqual(issued, planted, 'the sign-in issued a new session id');
    assert.equal((await me(victim)).body.objectId, connected().demo.people.requester.objectId);
    // The planted id does not act as the victim (it was ended).
    assert.equal((await me(attacker)).status, 401);
  });

  it('signs out with the home page form and offers Microsoft sign-out', async () => {
    const { browser } = await signIn(connected().demo.people.requester);
    const home = await browser.get(`${apiUrl}/`);
    assert.match(home.html, /Sign out/);
    const out = await browser.submit(home, {});
    assert.equal(out.status, 200);
    assert.match(out.html, /You are signed out of Lantern/);
    const logout = /href="([^"]*\/common\/oauth2\/v2\.0\/logout[^"]*)"/.exec(out.html)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(logout, 'links to Microsoft sign-out');
    assert.equal(new URL(logout).searchParams.get('post_logout_redirect_uri'), `${apiUrl}/`);
    assert.equal((await me(browser)).status, 401);
    assert.equal((await audit('auth.sign_out')).at(-1)?.actor, `person:${connected().demo.people.requester.objectId}`);
  });

  it('ends the session of a person once a sync sees them disabled in Entra', async () => {
    const person = connected().demo.people.guest;
    const { browser } = await signIn(person);
    assert.deepEqual((await me(browser)).body.roles, ['requester'], 'a guest may request only');
    await control(harness.sim, 'PATCH', `/tenants/${connected().id}/users/${person.objectId}`, {
      accountEnabled: false,
    });
    await harness.sync();
    // The sync itself ended the session (checked before any request could notice the disabled account).
    const left = await harness.catalog.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('object_id', '=', person.objectId)
      .execute();
    assert.equal(left.length, 0);
    assert.equal((await me(browser)).status, 401);
  });
});

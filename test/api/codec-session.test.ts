// The Temporal UI's codec session: an operator signs in at /codec/sign-in with an admin token, the browser keeps a
// signed, expiring cookie, and that cookie (sent by the UI with "Include cross-origin credentials") decodes and
// encodes payloads, and does nothing anywhere else.
import assert from 'node:assert/strict';
import { squashHtml } from '../helpers/html-text.js';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createCodecSessions } from '../../api/system/codec-session.js';
import type { OnboardingDeps } from '../../api/onboarding/deps.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { AesGcmCodec } from '../../temporal/codec.js';
import { ADMIN_TOKEN, OTHER_ADMIN_TOKEN, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';
import { capturedApiLog } from '../helpers/captured-log.js';

const UI = 'http://localhost:8233';
const codec = new AesGcmCodec([randomBytes(32)]);
const links = createLinkSigner(randomBytes(32));
const onboarding = (publicUrl = 'http://localhost:8080') =>
  ({ codec, codecCorsOrigins: [UI], publicUrl, links, oauth: null }) as unknown as OnboardingDeps;

const encryptedBody = async (text: string) => {
  const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(text)]);
  return {
    payloads: [
      {
        metadata: Object.fromEntries(
          Object.entries(encrypted!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
        ),
        data: Buffer.from(encrypted!.data!).toString('base64'),
      },
    ],
  };
};

const setCookies = (response: LightMyRequestResponse): string[] => [response.headers['set-cookie'] ?? []].flat();
const cookieNamed = (response: LightMyRequestResponse, name: string) =>
  setCookies(response).find((c) => c.startsWith(`${name}=`));
const valueOf = (setCookie: string | undefined) => setCookie?.split(';')[0] ?? '';

/** Opens the sign-in page like a browser: its form cookie and the CSRF value the form carries. */
async function openForm(app: FastifyInstance) {
  const page = await app.inject({ url: '/codec/sign-in' });
  const formCookie = valueOf(cookieNamed(page, 'lantern_codec_form'));
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return { page, formCookie, csrf };
}

/** A POST as the browser sends the form (urlencoded). */
const postForm = (app: FastifyInstance, url: string, cookie: string | undefined, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    payload: new URLSearchParams(fields).toString(),
  });

async function signIn(app: FastifyInstance, token: string) {
  const { formCookie, csrf } = await openForm(app);
  return postForm(app, '/codec/sign-in', formCookie, { csrf, token });
}

describe('codec sign-in for the Temporal UI', () => {
  let db: TestCatalog;
  let app: FastifyInstance;
  const captured = capturedApiLog('debug');
  before(async () => {
    db = await openTestCatalog();
    app = await buildTestApp(
      db.catalog,
      { onboarding: onboarding(), logger: captured.logger },
      { LANTERN_APPROVER_TOKENS: 'approver-token-0123456789=p-1' },
    );
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  const decode = (cookie: string, text = 'alice@contoso.example needs Global Administrator') =>
    encryptedBody(text).then((payload) =>
      app.inject({ method: 'POST', url: '/codec/decode', headers: { origin: UI, cookie }, payload }),
    );

  it('shows a sign-in form with a CSRF value bound to a strict, HttpOnly cookie of this browser, and page security headers', async () => {
    const { page, formCookie, csrf } = await openForm(app);
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(squashHtml(page.body), /<label for="token">Admin token<\/label>/);
    assert.match(squashHtml(page.body), /type="password"/);
    assert.ok(csrf.length >= 40, 'the form carries a CSRF value');
    assert.match(cookieNamed(page, 'lantern_codec_form')!, /Path=\/codec; HttpOnly; SameSite=Strict/);
    assert.ok(formCookie);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['access-control-allow-origin'], undefined, 'the page is not readable cross-origin');
  });

  it('signs in with an admin token: a signed session cookie (not the token) for /codec only, HttpOnly, Lax on http, 8 hours', async () => {
    const response = await signIn(app, ADMIN_TOKEN);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/codec/sign-in');
    const session = cookieNamed(response, 'lantern_codec_session')!;
    assert.ok(session, 'a session cookie is set');
    assert.ok(!session.includes(ADMIN_TOKEN), 'the cookie does not hold the admin token');
    assert.match(session, /; Path=\/codec; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    assert.doesNotMatch(session, /Secure/, 'http cannot set Secure cookies');
    const page = await app.inject({ url: '/codec/sign-in', headers: { cookie: valueOf(session) } });
    assert.match(squashHtml(page.body), /This browser can decode payloads until .* \(signed in with admin-token#1\)/);
    assert.match(squashHtml(page.body), /Include cross-origin credentials/);
    assert.match(squashHtml(page.body), /<code>http:\/\/localhost:8080\/codec<\/code>/);
  });

  it('makes the cookie SameSite=None; Secure when Lantern is served over https (the UI is then on another site)', async () => {
    const secureApp = await buildTestApp(db.catalog, { onboarding: onboarding('https://lantern.example') });
    try {
      const session = cookieNamed(await signIn(secureApp, OTHER_ADMIN_TOKEN), 'lantern_codec_session')!;
      assert.match(session, /; Path=\/codec; HttpOnly; SameSite=None; Max-Age=28800; Secure$/);
    } finally {
      await secureApp.close();
    }
  });

  it('refuses a wrong or non-admin token with a page that says so, and sets no session', async () => {
    for (const token of ['not-a-token', 'approver-token-0123456789', `${ADMIN_TOKEN}x`]) {
      const response = await signIn(app, token);
      assert.equal(response.statusCode, 401, token);
      assert.match(squashHtml(response.body), /role="alert">That is not an admin token of this Lantern/);
      assert.equal(cookieNamed(response, 'lantern_codec_session'), undefined);
      assert.ok(!response.body.includes(token), 'the pasted token is not echoed');
    }
    const empty = await signIn(app, '  ');
    assert.equal(empty.statusCode, 400);
    assert.match(squashHtml(empty.body), /Paste an admin token into the &quot;Admin token&quot; field/);
  });

  it("requires the form's CSRF value together with the same browser's form cookie", async () => {
    const { formCookie, csrf } = await openForm(app);
    const other = await openForm(app);
    for (const [what, cookie, fields] of [
      ['no CSRF value', formCookie, {}],
      ['a made-up CSRF value', formCookie, { csrf: 'A'.repeat(43) }],
      ['no form cookie (a post from another site)', undefined, { csrf }],
      ["another browser's CSRF value", formCookie, { csrf: other.csrf }],
    ] as const) {
      const response = await postForm(app, '/codec/sign-in', cookie, { ...fields, token: ADMIN_TOKEN });
      assert.equal(response.statusCode, 403, what);
      assert.match(squashHtml(response.body), /This form has expired or was not opened from Lantern/, what);
      assert.equal(cookieNamed(response, 'lantern_codec_session'), undefined, what);
    }
    const signOut = await postForm(app, '/codec/sign-out', formCookie, {});
    assert.equal(signOut.statusCode, 403);
    assert.equal(cookieNamed(signOut, 'lantern_codec_session'), undefined, 'nothing is cleared without the CSRF value');
  });

  it('decodes and encodes for the session cookie, with CORS for the UI origin', async () => {
    const session = valueOf(cookieNamed(await signIn(app, ADMIN_TOKEN), 'lantern_codec_session'));
    const decoded = await decode(session, 'hello operator');
    assert.equal(decoded.statusCode, 200);
    assert.equal(Buffer.from(decoded.json().payloads[0].data, 'base64').toString(), '"hello operator"');
    assert.equal(decoded.headers['access-control-allow-origin'], UI);
    assert.equal(decoded.headers['access-control-allow-credentials'], 'true');
    const payload = {
      payloads: [
        {
          metadata: { encoding: Buffer.from('json/plain').toString('base64') },
          data: Buffer.from('"x"').toString('base64'),
        },
      ],
    };
    const encoded = await app.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { origin: UI, cookie: session },
      payload,
    });
    assert.equal(encoded.statusCode, 200);
    assert.equal(Buffer.from(encoded.json().payloads[0].metadata.encoding, 'base64').toString(), 'binary/encrypted');
  });

  it('refuses forged, tampered, expired, foreign-key and revoked-token sessions, naming the sign-in page', async () => {
    const good = valueOf(cookieNamed(await signIn(app, ADMIN_TOKEN), 'lantern_codec_session'));
    const [name, value] = good.split('=') as [string, string];
    const [claims, signature] = value.split('.') as [string, string];
    const json = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
    const longer = Buffer.from(JSON.stringify({ ...json, expiresAtMs: Date.now() + 365 * 86_400_000 })).toString(
      'base64url',
    );
    const sessionsFor = (signer = links, tokens = [ADMIN_TOKEN]) =>
      createCodecSessions({ links: signer, adminTokens: tokens, publicUrl: 'http://localhost:8080' });
    const admin = { id: 'admin-token#1', kind: 'bootstrap-token' as const, roles: ['admin'] as const };
    const cases: [string, string][] = [
      ['a made-up value', `${name}=${randomBytes(40).toString('base64url')}.${randomBytes(32).toString('base64url')}`],
      ['claims changed to last a year', `${name}=${longer}.${signature}`],
      ['a changed signature', `${name}=${claims}.${signature.slice(0, -2)}AA`],
      ['expired', valueOf(sessionsFor().start(admin, Date.now() - 8 * 3_600_000 - 1000).cookie)],
      ['signed with another key', valueOf(sessionsFor(createLinkSigner(randomBytes(32))).start(admin).cookie)],
      [
        'from an admin token no longer configured',
        valueOf(sessionsFor(links, ['retired-admin-token-0123456789']).start(admin).cookie),
      ],
      [
        'an approval link passed as session',
        `${name}=${links.sign({ subject: 'codec', actor: 'x', purpose: 'codec-session', expiresAtMs: Date.now() + 60_000 })}`,
      ],
    ];
    for (const [what, cookie] of cases) {
      const refused = await decode(cookie);
      assert.equal(refused.statusCode, 401, what);
      assert.match(refused.json().error.message, /sign in again at http:\/\/localhost:8080\/codec\/sign-in/, what);
      assert.doesNotMatch(refused.body, /alice|Global Administrator/, what);
      assert.equal(refused.headers['access-control-allow-origin'], UI, `${what}: the UI can read the refusal`);
    }
    assert.match((await decode(cases[3]![1])).json().error.message, /has expired/);
    const none = await decode('');
    assert.equal(none.statusCode, 401, 'no cookie and no token');
  });

  it('accepts the session cookie on no other route', async () => {
    const session = valueOf(cookieNamed(await signIn(app, ADMIN_TOKEN), 'lantern_codec_session'));
    const connectors = await app.inject({ url: '/api/v1/connectors', headers: { cookie: session } });
    assert.equal(connectors.statusCode, 401);
    const isCodecEndpoint = (url: string) => url === '/codec/decode' || url === '/codec/encode';
    const protectedRoutes = app.registeredRoutes.filter((r) => r.access !== 'public' && !isCodecEndpoint(r.url));
    assert.ok(protectedRoutes.length > 20);
    for (const route of protectedRoutes) {
      const response = await app.inject({
        method: route.method as 'GET',
        url: route.url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x'),
        headers: { cookie: session },
      });
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
    }
    assert.deepEqual(
      app.registeredRoutes
        .filter((r) => r.access !== 'public' && r.access.session)
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
      ['POST /codec/decode', 'POST /codec/encode'],
    );
  });

  it('signs out (CSRF-protected): the cookie is cleared with the same attributes', async () => {
    const { formCookie, csrf } = await openForm(app);
    const response = await postForm(app, '/codec/sign-out', formCookie, { csrf });
    assert.equal(response.statusCode, 303);
    assert.equal(
      cookieNamed(response, 'lantern_codec_session'),
      'lantern_codec_session=; Path=/codec; HttpOnly; SameSite=Lax; Max-Age=0',
    );
  });

  it('never logs the admin token, the session value or the CSRF value', async () => {
    const signedIn = await signIn(app, ADMIN_TOKEN);
    const session = valueOf(cookieNamed(signedIn, 'lantern_codec_session'));
    assert.equal((await decode(session)).statusCode, 200);
    const log = captured.lines.join('');
    assert.match(log, /codec session started/, 'the log is captured');
    assert.match(log, /\/codec\/decode/);
    for (const secret of [ADMIN_TOKEN, session.split('=')[1]!, session.split('=')[1]!.split('.')[1]!]) {
      assert.ok(!log.includes(secret), 'a secret reached the log');
    }
  });
});

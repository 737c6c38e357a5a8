import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ADMIN_TOKEN, OTHER_ADMIN_TOKEN, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';

/** The deliberate allow-list. Adding a public route means changing this list: a reviewed decision, not an accident. */
const PUBLIC_ROUTES = [
  '/healthz',
  '/readyz',
  '/metrics',
  '/openapi.json',
  // Signing in (api/people/): the home page, the sign-in round trip and sign-out.
  '/',
  '/sign-in',
  '/auth/callback',
  '/sign-out',
  // Access reviews (api/reviews/link-routes.ts): the emailed link, signed and scoped; it sends the person to sign in.
  '/reviews/link',
  // The pages' stylesheet and scripts (api/pages/assets/: only the files there are served).
  '/assets/:name',
];
const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/');

describe('API authentication', () => {
  let db: TestCatalog;
  let app: FastifyInstance;
  before(async () => {
    db = await openTestCatalog();
    app = await buildTestApp(db.catalog);
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  const protectedRoutes = () => app.registeredRoutes.filter((route) => route.access !== 'public');
  const concreteUrl = (url: string) => url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');

  it('opens only the allow-listed routes and the docs to anonymous callers', () => {
    const open = [...new Set(app.registeredRoutes.filter((r) => r.access === 'public').map((r) => r.url))].filter(
      (url) => !isDocs(url),
    );
    assert.deepEqual(open.sort(), [...PUBLIC_ROUTES].sort());
    assert.ok(
      protectedRoutes().some((route) => route.url === '/api/v1/connectors'),
      'sample route is registered and protected',
    );
  });

  it('answers 401 with a Bearer challenge on every protected route when no token is sent', async () => {
    for (const route of protectedRoutes()) {
      const response = await app.inject({ method: route.method as 'GET', url: concreteUrl(route.url) });
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
      // Pages answer with a page that links to sign-in; the API with a Bearer challenge.
      if (typeof route.access === 'object' && route.access.page) continue;
      assert.match(String(response.headers['www-authenticate']), /^Bearer/);
      if (route.method !== 'HEAD') assert.equal(response.json().error.code, 'unauthenticated');
    }
  });

  it('answers 401 on every protected route for a wrong or malformed token', async () => {
    for (const authorization of [`Bearer ${ADMIN_TOKEN}x`, `Basic ${ADMIN_TOKEN}`, 'Bearer', ADMIN_TOKEN]) {
      for (const route of protectedRoutes()) {
        const response = await app.inject({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          headers: { authorization },
        });
        assert.equal(response.statusCode, 401, `${route.method} ${route.url} with "${authorization.slice(0, 8)}..."`);
      }
    }
  });

  it('accepts every configured admin token', async () => {
    for (const token of [ADMIN_TOKEN, OTHER_ADMIN_TOKEN]) {
      const response = await app.inject({ url: '/api/v1/connectors', headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.statusCode, 200);
    }
  });

  it('does not reveal which URLs exist to anonymous callers', async () => {
    const response = await app.inject({ url: '/api/v1/no-such-thing' });
    assert.equal(response.statusCode, 401);
  });

  it('refuses to start when a route declares no access rule', async () => {
    const { default: Fastify } = await import('fastify');
    const { installAuth } = await import('../../api/http/auth.js');
    const bare = Fastify();
    installAuth(bare, { adminTokens: [ADMIN_TOKEN] });
    assert.throws(() => bare.get('/forgotten', async () => 'open?'), /must declare config\.access/);
    await bare.close();
  });
});

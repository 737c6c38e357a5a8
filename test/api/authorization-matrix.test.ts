// Who may call what: every registered route × every kind of caller, against a table written by hand (one row per
// route). A route missing from the table fails the test, so a new route gets its access decided consciously.
//
// Cells:
//   ok     let through: neither 401, 403 nor 404 (the handler may still answer 2xx, or 400/409/422 for its own reasons)
//   401    not authenticated (no credential, or one that is dead: e.g. a disabled user's session)
//   403    authenticated, but the role, the connector scope or the object's rules refuse it
//   404    object-level hiding: the caller may not see this object, so Lantern does not admit it exists
//          (the convention: 404 when the object is invisible to the caller, 403 when it is visible but the act is not
//          theirs, e.g. a requester approving their own request)
//   public a public route: every caller gets the same answer, whatever credential they send (it may be a refusal
//          of its own, e.g. a setup page refusing an unsigned link)
//
// Each route is called with real ids from the fixture (connector, request X, a principal...), so 404 can only mean
// hiding. HEAD routes (Fastify adds one per GET) must answer like their GET. The Swagger UI under /docs is public by
// decision and covered by auth.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { signInAs } from '../helpers/sessions.js';
import {
  CONNECTED_TENANT,
  CONNECTOR,
  FOREIGN_TENANT,
  GRANT_X,
  HOME_TENANT,
  PEOPLE,
  REVIEW_CAMPAIGN,
  REVIEW_SERIES,
  SHADOW_APP,
  SHADOW_REVOCATION,
  openMatrixWorld,
  type MatrixWorld,
} from './authorization-fixture.js';

const CALLERS = [
  'anonymous',
  'requester',
  'approverOfX',
  'approverOfY',
  'admin',
  'unconnectedTenantUser',
  'disabledUser',
  'readerToken',
  'scopedToken',
] as const;
type Caller = (typeof CALLERS)[number];

// prettier-ignore
const EXPECTED: Record<string, string> = {
  //                                                          anon req  apX  apY  admin foreign disabled reader scoped
  'GET /openapi.json':                                        'public',
  'GET /healthz':                                             'public',
  'GET /readyz':                                              'public',
  'GET /metrics':                                             'public',
  'GET /':                                                    'public',
  'GET /sign-in':                                             'public',
  'GET /auth/callback':                                       'public',
  'POST /sign-out':                                           'public',
  'GET /assets/:name':                                        'public',
  'GET /onboarding/:connectorId':                             'public',
  'POST /onboarding/:connectorId/sign-in':                    'public',
  'POST /onboarding/:connectorId/consent':                    'public',
  'GET /onboarding/callback':                                 'public',
  'GET /codec/sign-in':                                       'public',
  'POST /codec/sign-in':                                      'public',
  'POST /codec/sign-out':                                     'public',
  'OPTIONS /codec/encode':                                    'public',
  'OPTIONS /codec/decode':                                    'public',
  'GET /access/approval':                                     'public',
  'POST /access/approval':                                    'public',
  'GET /access/extension':                                    'public',
  'POST /access/extension':                                   'public',
  'POST /codec/encode':                                       '401 403  403  403  ok    403     401      403    403',
  'POST /codec/decode':                                       '401 403  403  403  ok    403     401      403    403',
  'GET /api/v1/me':                                           '401 ok   ok   ok   ok    ok      401      ok     403',
  'GET /admin':                                               '401 403  403  403  ok    403     401      ok     403',
  // Approvals inbox (approver area): the item page shows a request to whoever may see it (its requester too, without
  // the form); only a live approver may decide it; the inbox lists only what the viewer may decide.
  'GET /approvals':                                           '401 ok   ok   ok   403   403     401      403    403',
  'GET /approvals/:grantId':                                  '401 ok   ok   404  403   403     401      403    403',
  'POST /approvals/decide':                                   '401 403  ok   404  403   403     401      403    403',
  // requester pages: Request access and My access (api/access/request-pages.ts, my-access.ts); the posts carry no
  // grantId here, so people get the form's own 400, never a hint about request X
  'GET /request':                                             '401 ok   ok   ok   403   403     401      403    403',
  'GET /request/search':                                      '401 ok   ok   ok   403   403     401      403    403',
  'GET /request/:connectorId/:entitlement':                   '401 ok   ok   ok   403   403     401      403    403',
  'POST /request/:connectorId/:entitlement':                  '401 ok   ok   ok   403   403     401      403    403',
  'GET /access':                                              '401 ok   ok   ok   403   403     401      403    403',
  'GET /access/status.json':                                  '401 ok   ok   ok   403   403     401      403    403',
  'POST /access/give-back':                                   '401 ok   ok   ok   403   403     401      403    403',
  'POST /access/extend':                                      '401 ok   ok   ok   403   403     401      403    403',
  'GET /my-requests':                                         '401 ok   ok   ok   403   403     401      403    403',
  'GET /api/v1/connectors':                                   '401 403  403  403  ok    403     401      ok     403',
  'POST /api/v1/connectors':                                  '401 403  403  403  ok    403     401      403    403',
  'GET /api/v1/connectors/:id':                               '401 403  403  403  ok    403     401      ok     ok',
  'PATCH /api/v1/connectors/:id':                             '401 403  403  403  ok    403     401      403    ok',
  'DELETE /api/v1/connectors/:id':                            '401 403  403  403  ok    403     401      403    ok',
  'POST /api/v1/connectors/:id/pause':                        '401 403  403  403  ok    403     401      403    ok',
  'POST /api/v1/connectors/:id/resume':                       '401 403  403  403  ok    403     401      403    ok',
  'POST /api/v1/connectors/:id/sync':                         '401 403  403  403  ok    403     401      403    ok',
  'GET /api/v1/connectors/:id/principals':                    '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/principals/:principalId':       '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/principals/:principalId/access':'401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/groups':                        '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/roles':                         '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/applications':                  '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/entitlements':                  '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/grants':                        '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/resources/:resourceId/access':  '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/discovered-apps':               '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/sync-runs':                     '401 403  403  403  ok    403     401      ok     ok',
  'PUT /api/v1/connectors/:id/access-policies/:entitlementId':'401 403  403  403  ok    403     401      403    ok',
  'GET /api/v1/connectors/:id/access-policies':               '401 403  403  403  ok    403     401      ok     ok',
  'GET /api/v1/connectors/:id/protected-accounts':            '401 403  403  403  ok    403     401      ok     ok',
  'PUT /api/v1/connectors/:id/protected-accounts/:principalId':'401 403  403  403  ok    403     401      403    ok',
  'DELETE /api/v1/connectors/:id/protected-accounts/:principalId':'401 403  403  403  ok    403     401      403    ok',
  'POST /api/v1/system/self-check':                           '401 403  403  403  ok    403     401      403    403',
  'POST /api/v1/connectors/:id/access-requests':              '401 ok   ok   ok   ok    403     401      403    ok',
  'GET /api/v1/access-requests':                              '401 ok   ok   ok   ok    403     401      ok     403',
  'GET /api/v1/access-requests/:grantId':                     '401 ok   ok   404  ok    403     401      ok     ok',
  'POST /api/v1/access-requests/:grantId/approve':            '401 403  ok   404  ok    403     401      403    ok',
  'POST /api/v1/access-requests/:grantId/deny':               '401 403  ok   404  ok    403     401      403    ok',
  'POST /api/v1/access-requests/:grantId/revoke':             '401 ok   ok   404  ok    403     401      403    ok',
  'GET /api/v1/audit':                                        '401 403  403  403  ok    403     401      ok     403',
  'POST /api/v1/api-tokens':                                  '401 403  403  403  ok    403     401      403    403',
  'GET /api/v1/api-tokens':                                   '401 403  403  403  ok    403     401      ok     403',
  'DELETE /api/v1/api-tokens/:id':                            '401 403  403  403  ok    403     401      403    403',
  'POST /api/v1/onboardings':                                 '401 403  403  403  ok    403     401      403    403',
  'GET /api/v1/onboardings/:connectorId':                     '401 403  403  403  ok    403     401      ok     403',
  'POST /api/v1/onboardings/:connectorId/resend':             '401 403  403  403  ok    403     401      403    403',
  'POST /api/v1/onboardings/:connectorId/cancel':             '401 403  403  403  ok    403     401      403    403',
  'POST /api/v1/onboardings/:connectorId/restart':            '401 403  403  403  ok    403     401      403    403',
  // Connectors and onboarding admin pages (connectors area): admins act; a reader may look but not post.
  'GET /admin/connectors':                                    '401 403  403  403  ok    403     401      ok     403',
  'GET /admin/connectors/new':                                '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/connectors/new':                               '401 403  403  403  ok    403     401      403    403',
  'GET /admin/connectors/:id':                                '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/connectors/:id/sync':                          '401 403  403  403  ok    403     401      403    403',
  'POST /admin/connectors/:id/pause':                         '401 403  403  403  ok    403     401      403    403',
  'POST /admin/connectors/:id/resume':                        '401 403  403  403  ok    403     401      403    403',
  'POST /admin/connectors/:id/options':                       '401 403  403  403  ok    403     401      403    403',
  'GET /admin/connectors/:id/delete':                         '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/connectors/:id/delete':                        '401 403  403  403  ok    403     401      403    403',
  'POST /admin/connectors/:id/protected-accounts':            '401 403  403  403  ok    403     401      403    403',
  'GET /admin/connectors/:id/protected-accounts/:principalId/remove': '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/connectors/:id/protected-accounts/:principalId/remove': '401 403  403  403  ok    403     401      403    403',
  'GET /admin/onboardings/new':                               '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/onboardings/new':                              '401 403  403  403  ok    403     401      403    403',
  'GET /admin/onboardings/:connectorId':                      '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/onboardings/:connectorId/resend':              '401 403  403  403  ok    403     401      403    403',
  'POST /admin/onboardings/:connectorId/cancel':              '401 403  403  403  ok    403     401      403    403',
  'POST /admin/onboardings/:connectorId/restart':             '401 403  403  403  ok    403     401      403    403',
  // Policies, Audit and API tokens pages (policies-audit): admins change, readers look.
  'GET /admin/policies':                                      '401 403  403  403  ok    403     401      ok     403',
  'GET /admin/policies/:connectorId/:entitlementId':          '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/policies/:connectorId/:entitlementId':         '401 403  403  403  ok    403     401      403    403',
  'GET /admin/audit':                                         '401 403  403  403  ok    403     401      ok     403',
  'GET /admin/api-tokens':                                    '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/api-tokens':                                   '401 403  403  403  ok    403     401      403    403',
  'GET /admin/api-tokens/:tokenId/revoke':                    '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/api-tokens/:tokenId/revoke':                   '401 403  403  403  ok    403     401      403    403',
  // Shadow apps (shadow-apps): admins triage and revoke, readers look; a connector-scoped admin token acts on its connector.
  'POST /api/v1/connectors/:id/discovered-apps/:appId/triage': '401 403  403  403  ok    403     401      403    ok',
  'POST /api/v1/connectors/:id/discovered-apps/:appId/revoke': '401 403  403  403  ok    403     401      403    ok',
  'GET /api/v1/connectors/:id/discovered-apps/:appId/revocations/:revocationId':
                                                              '401 403  403  403  ok    403     401      ok     ok',
  'GET /admin/shadow-apps':                                   '401 403  403  403  ok    403     401      ok     403',
  'GET /admin/shadow-apps/:connectorId/:appId':               '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/shadow-apps/:connectorId/:appId/triage':       '401 403  403  403  ok    403     401      403    403',
  'POST /admin/shadow-apps/:connectorId/:appId/revoke':       '401 403  403  403  ok    403     401      403    403',
  // Access reviews JSON API (api): admins create and read (readers read); the campaign's creator (here the admin) closes,
  // extends, applies; its reviewer (the requester) lists and decides their items, an admin on their behalf; people
  // with nothing to review in it are told it does not exist.
  'POST /api/v1/reviews':                                     '401 403  403  403  ok    403     401      403    403',
  'GET /api/v1/reviews':                                      '401 403  403  403  ok    403     401      ok     403',
  'GET /api/v1/reviews/:campaignId':                          '401 403  403  403  ok    403     401      ok     403',
  'POST /api/v1/reviews/:campaignId/close':                   '401 403  403  403  ok    403     401      403    403',
  'POST /api/v1/reviews/:campaignId/extend':                  '401 403  403  403  ok    403     401      403    403',
  'POST /api/v1/reviews/:campaignId/apply':                   '401 403  403  403  ok    403     401      403    403',
  'GET /api/v1/reviews/:campaignId/items':                    '401 ok   404  404  ok    404     401      ok     403',
  'POST /api/v1/reviews/:campaignId/decisions':               '401 ok   404  404  ok    404     401      403    403',
  'GET /api/v1/reviews/:campaignId/report':                   '401 403  403  403  ok    403     401      ok     403',
  'GET /api/v1/me/reviews':                                   '401 ok   ok   ok   ok    ok      401      403    403',
  'GET /api/v1/review-series':                                '401 403  403  403  ok    403     401      ok     403',
  'DELETE /api/v1/review-series/:seriesId':                   '401 403  403  403  ok    403     401      403    403',
  // Access review pages (pages): admins act, readers look (not the form); people open the campaigns they review (the
  // requester reviews the matrix campaign; others are told it does not exist); the email link is public and signed.
  'GET /admin/reviews':                                       '401 403  403  403  ok    403     401      ok     403',
  'GET /admin/reviews/new':                                   '401 403  403  403  ok    403     401      403    403',
  'POST /admin/reviews/new':                                  '401 403  403  403  ok    403     401      403    403',
  'GET /admin/reviews/:campaignId':                           '401 403  403  403  ok    403     401      ok     403',
  'POST /admin/reviews/:campaignId/close':                    '401 403  403  403  ok    403     401      403    403',
  'POST /admin/reviews/:campaignId/extend':                   '401 403  403  403  ok    403     401      403    403',
  'POST /admin/reviews/:campaignId/apply':                    '401 403  403  403  ok    403     401      403    403',
  'POST /admin/reviews/series/:seriesId/stop':                '401 403  403  403  ok    403     401      403    403',
  'GET /admin/reviews/:campaignId/report.csv':                '401 403  403  403  ok    403     401      ok     403',
  'GET /admin/reviews/:campaignId/report.json':               '401 403  403  403  ok    403     401      ok     403',
  'GET /reviews':                                             '401 ok   ok   ok   403   403     401      403    403',
  'GET /reviews/:campaignId':                                 '401 ok   404  404  403   403     401      403    403',
  'POST /reviews/:campaignId/decide':                         '401 ok   404  404  403   403     401      403    403',
  'GET /reviews/link':                                        'public',
};

type Cell = 'ok' | '401' | '403' | '404' | 'public';

function expectedCells(route: string): Record<Caller, Cell> | undefined {
  const row = EXPECTED[route] ?? (route.startsWith('HEAD ') ? EXPECTED[`GET ${route.slice(5)}`] : undefined);
  if (row === undefined) return undefined;
  const cells = row === 'public' ? CALLERS.map(() => 'public') : row.trim().split(/\s+/);
  assert.equal(cells.length, CALLERS.length, `the row of ${route} needs one cell per caller`);
  return Object.fromEntries(CALLERS.map((caller, i) => [caller, cells[i] as Cell])) as Record<Caller, Cell>;
}

/** Real values for each path parameter, so that a refusal cannot come from a missing object. */
function concreteUrl(url: string, victimTokenId: string): string {
  const values: Record<string, string> = {
    id: url.startsWith('/api/v1/api-tokens/') ? victimTokenId : CONNECTOR,
    connectorId: CONNECTOR,
    principalId: PEOPLE.requester,
    resourceId: 'gx',
    grantId: GRANT_X,
    entitlementId: 'default',
    tokenId: victimTokenId,
    entitlement: 'group:gx:member',
    name: 'local-time.js',
    appId: SHADOW_APP,
    revocationId: SHADOW_REVOCATION,
    campaignId: REVIEW_CAMPAIGN,
    seriesId: REVIEW_SERIES,
  };
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Give the matrix a real value for :${name} (in ${url})`);
    return encodeURIComponent(value);
  });
}

describe('authorization matrix', () => {
  let world: MatrixWorld;
  let tokens: Record<'readerToken' | 'scopedToken', Record<string, string>>;
  let victimTokenId: string;

  before(async () => {
    world = await openMatrixWorld();
    tokens = {
      readerToken: bearer((await world.apiToken({ role: 'reader' })).token),
      scopedToken: bearer((await world.apiToken({ role: 'admin', connectorId: CONNECTOR })).token),
    };
    victimTokenId = (await world.apiToken({ role: 'reader' })).id;
  });
  after(async () => {
    await world?.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const session = async (objectId: string, tenantId: string, appRoles: string[] = []) => {
    const { cookie, csrf } = await signInAs(world.db, { objectId, tenantId, appRoles });
    return { cookie, 'x-csrf-token': csrf };
  };

  /** A new session per call: a sign-out or a disabled user's first request ends the session it was made with. */
  async function headersOf(caller: Caller): Promise<Record<string, string>> {
    switch (caller) {
      case 'anonymous':
        return {};
      case 'requester':
        return session(PEOPLE.requester, CONNECTED_TENANT);
      case 'approverOfX':
        return session(PEOPLE.ownerOfX, CONNECTED_TENANT);
      case 'approverOfY':
        return session(PEOPLE.ownerOfY, CONNECTED_TENANT);
      case 'admin':
        return session(PEOPLE.admin, HOME_TENANT, ['Lantern.Admin']);
      case 'unconnectedTenantUser':
        return session(PEOPLE.foreigner, FOREIGN_TENANT);
      case 'disabledUser':
        return session(PEOPLE.disabled, CONNECTED_TENANT);
      default:
        return tokens[caller];
    }
  }

  async function call(method: string, url: string, caller: Caller): Promise<number> {
    const headers = await headersOf(caller);
    const options: InjectOptions = { method: method as InjectOptions['method'], url, headers: { ...headers } };
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      if (url.startsWith('/api/') || /^\/codec\/(en|de)code$/.test(url)) options.payload = {};
      else {
        // A form as the page would post it, for request X (the object-level rules need a real request to judge).
        const form = new URLSearchParams({
          grantId: GRANT_X,
          decision: 'approve',
          _csrf: headers['x-csrf-token'] ?? '',
        });
        if (url === '/my-requests/revoke') form.delete('decision');
        if (!url.startsWith('/my-requests') && !url.startsWith('/approvals')) form.delete('grantId');
        if (!url.startsWith('/approvals')) form.delete('decision');
        // The approvals inbox decides one or many requests: its field is grantIds (approver area).
        if (url === '/approvals/decide') form.set('grantIds', form.get('grantId') ?? '');
        if (url === '/approvals/decide') form.delete('grantId');
        options.payload = form.toString();
        options.headers!['content-type'] = 'application/x-www-form-urlencoded';
      }
    }
    const response = await world.app.inject(options);
    if (method !== 'GET' && method !== 'HEAD' && response.statusCode < 400) await world.reseed();
    return response.statusCode;
  }

  it('has a row for every registered route', () => {
    const routes = world.app.registeredRoutes.filter((route) => !route.url.startsWith('/docs'));
    const missing = routes
      .map((route) => `${route.method} ${route.url}`)
      .filter((route) => expectedCells(route) === undefined);
    assert.deepEqual(missing, [], 'add these routes to EXPECTED, deciding who may call them');
    const registered = new Set(routes.map((route) => `${route.method} ${route.url}`));
    const stale = Object.keys(EXPECTED).filter((route) => !registered.has(route));
    assert.deepEqual(stale, [], 'these rows name routes that no longer exist');
  });

  it('answers every route for every caller as the table says', async () => {
    const differences: string[] = [];
    for (const route of world.app.registeredRoutes) {
      if (route.url.startsWith('/docs')) continue;
      const key = `${route.method} ${route.url}`;
      const cells = expectedCells(key);
      if (!cells) continue; // reported by the test above
      const url = concreteUrl(route.url, victimTokenId);
      const statuses = new Map<Caller, number>();
      for (const caller of CALLERS) statuses.set(caller, await call(route.method, url, caller));
      for (const caller of CALLERS) {
        const status = statuses.get(caller)!;
        const cell = cells[caller];
        const fits =
          cell === 'public'
            ? status === statuses.get('anonymous')
            : cell === 'ok'
              ? ![401, 403, 404].includes(status)
              : status === Number(cell);
        if (!fits) differences.push(`${key} as ${caller}: expected ${cell}, got ${status}`);
      }
    }
    assert.deepEqual(differences, []);
  });
});

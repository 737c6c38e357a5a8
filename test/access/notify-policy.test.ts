// The expiry warning's lead time as policy: set through the policies API (stored by migration 0004's column), taken
// from the entitlement's policy, else the connector default's, else left out (the workflow then uses 15 minutes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { planAccessRequest } from '../../api/access/plan.js';
import { jsonb } from '../../catalog/index.js';
import { authHeader, buildTestApp, openTestCatalog, type TestCatalog } from '../helpers/api-app.js';

const C = 'c-lead';
const ENTITLEMENT = 'role:r-lead:member';

describe('expiry warning lead time in access policies', () => {
  let db: TestCatalog;
  let app: FastifyInstance;

  before(async () => {
    db = await openTestCatalog();
    const generation = 1;
    await db.catalog.db
      .insertInto('connectors')
      .values({ id: C, display_name: 'Lead', tenant_id: 'contoso.example', status: 'connected' })
      .execute();
    await db.catalog.db
      .insertInto('principals')
      .values({
        connector_id: C,
        id: 'u1',
        kind: 'user',
        display_name: 'Ada',
        upn: 'ada@contoso.example',
        account_enabled: true,
        attributes: jsonb({}),
        generation,
      })
      .execute();
    await db.catalog.db
      .insertInto('resources')
      .values({
        connector_id: C,
        id: 'r-lead',
        type: 'directoryRole',
        display_name: 'Role',
        immutable: false,
        attributes: jsonb({}),
        generation,
      })
      .execute();
    await db.catalog.db
      .insertInto('entitlements')
      .values({
        connector_id: C,
        id: ENTITLEMENT,
        resource_id: 'r-lead',
        resource_type: 'directoryRole',
        kind: 'roleMember',
        display_name: 'Role member',
        immutable: false,
        generation,
      })
      .execute();
    app = await buildTestApp(db.catalog);
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  const put = (segment: string, expiryWarningSeconds?: number | null) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/connectors/${C}/access-policies/${encodeURIComponent(segment)}`,
      headers: authHeader,
      payload: {
        maxDurationSeconds: 3600,
        approvalRequired: false,
        approvers: {},
        requestTimeoutSeconds: 60,
        extensionNeedsApproval: false,
        ...(expiryWarningSeconds === undefined ? {} : { expiryWarningSeconds }),
      },
    });
  const leadTime = async () =>
    (
      await planAccessRequest(db.catalog.db, C, 'u1', {
        entitlementId: ENTITLEMENT,
        principalId: 'u1',
        durationSeconds: 600,
        justification: 'x',
      })
    ).policy.expiryWarningSeconds;

  test("unset everywhere, the request carries none (the workflow's 15-minute default applies)", async () => {
    assert.equal((await put('default')).statusCode, 200);
    assert.equal(await leadTime(), undefined);
  });

  test("the connector default's lead time applies to an entitlement policy that sets none; its own wins", async () => {
    const stored = await put('default', 600);
    assert.equal(stored.statusCode, 200, stored.body);
    assert.equal(stored.json().expiryWarningSeconds, 600);
    assert.equal((await put(ENTITLEMENT)).statusCode, 200);
    assert.equal(await leadTime(), 600);
    assert.equal((await put(ENTITLEMENT, 0)).statusCode, 200);
    assert.equal(await leadTime(), 0, '0 = no warning, not "inherit"');
    assert.equal((await put(ENTITLEMENT, 120)).statusCode, 200);
    assert.equal(await leadTime(), 120);
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/connectors/${C}/access-policies`,
      headers: authHeader,
    });
    assert.deepEqual(
      listed
        .json()
        .items.map((p: { entitlementId: string | null; expiryWarningSeconds: number | null }) => [
          p.entitlementId,
          p.expiryWarningSeconds,
        ]),
      [
        [null, 600],
        [ENTITLEMENT, 120],
      ],
    );
  });

  test('a negative lead time is refused', async () => {
    assert.equal((await put('default', -1)).statusCode, 400);
  });
});

// Protected accounts through the API: an admin protects a principal of the catalog (with a reason), lists them with
// their names from the catalog, changes the reason, and removes the protection; each change is audited. Unknown
// principals, unprotected ones and bad reasons are refused naming what to fix; the guards read protectedPrincipalIds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { protectedPrincipalIds } from '../../catalog/access/protected-accounts.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { connectorRow, userRow } from '../helpers/catalog-rows.js';
import { authHeader, openSeededApp } from '../helpers/api-app.js';

const C = 'c-protect';
const BASE = `/api/v1/connectors/${C}/protected-accounts`;

async function seed(db: Kysely<CatalogSchema>): Promise<void> {
  await db
    .insertInto('connectors')
    .values(connectorRow(C, { displayName: 'Protect', tenantId: 't-protect' }))
    .execute();
  await db
    .insertInto('principals')
    .values([
      userRow(C, 'u-break', { displayName: 'Break-glass admin', upn: 'break@protect.example' }),
      userRow(C, 'u-ceo', { displayName: 'CEO' }),
    ])
    .execute();
}

describe('protected accounts API', () => {
  let seeded: Awaited<ReturnType<typeof openSeededApp>>;
  let app: FastifyInstance;
  let db: Kysely<CatalogSchema>;
  before(async () => {
    seeded = await openSeededApp(async (catalogDb) => {
      db = catalogDb;
      await seed(catalogDb);
    });
    app = seeded.app;
  });
  after(async () => {
    await seeded?.close();
  });

  const put = (principalId: string, payload: unknown) =>
    app.inject({ method: 'PUT', url: `${BASE}/${principalId}`, headers: authHeader, payload: payload as object });
  const list = async () =>
    (await app.inject({ method: 'GET', url: BASE, headers: authHeader })).json().items as Record<string, unknown>[];
  const audits = (action: string) =>
    db.selectFrom('audit_log').select(['actor', 'detail', 'subject']).where('action', '=', action).execute();

  it('protects an account, lists it with its catalog names, and audits who did it and why', async () => {
    const res = await put('u-break', { reason: 'Emergency access account' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().principalId, 'u-break');
    const [item] = await list();
    assert.equal(item!['principalId'], 'u-break');
    assert.equal(item!['displayName'], 'Break-glass admin');
    assert.equal(item!['upn'], 'break@protect.example');
    assert.equal(item!['reason'], 'Emergency access account');
    assert.equal(typeof item!['addedBy'], 'string');
    assert.ok(!Number.isNaN(Date.parse(String(item!['addedAt']))));
    assert.deepEqual([...(await protectedPrincipalIds(db, C))], ['u-break']);
    const [audit] = await audits('protected_account.added');
    assert.equal(audit!.subject, `connector:${C}`);
    assert.deepEqual(audit!.detail, { principalId: 'u-break', reason: 'Emergency access account' });
  });

  it('changes the reason of an account already protected, keeping one row', async () => {
    assert.equal((await put('u-break', { reason: 'Break-glass: never remove' })).statusCode, 200);
    const items = await list();
    assert.equal(items.length, 1);
    assert.equal(items[0]!['reason'], 'Break-glass: never remove');
  });

  it('refuses a principal the catalog does not hold, a missing connector, and bad reasons', async () => {
    const unknown = await put('u-nobody', { reason: 'x' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().error.message, /Principal u-nobody/);
    const noConnector = await app.inject({
      method: 'PUT',
      url: '/api/v1/connectors/c-none/protected-accounts/u-ceo',
      headers: authHeader,
      payload: { reason: 'x' },
    });
    assert.equal(noConnector.statusCode, 404);
    for (const [payload, message] of [
      [{}, /body\.reason is required/],
      [{ reason: '' }, /body\.reason must NOT have fewer than 1 characters/],
      [{ reason: 'x'.repeat(501) }, /body\.reason must NOT have more than 500 characters/],
      [{ reason: 'ok', extra: 1 }, /Unknown field body\.extra/],
    ] as const) {
      const res = await put('u-ceo', payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().error.message, message);
    }
    assert.deepEqual([...(await protectedPrincipalIds(db, C))], ['u-break']);
  });

  it('removes the protection (audited), and answers 404 for an account not protected', async () => {
    const res = await app.inject({ method: 'DELETE', url: `${BASE}/u-break`, headers: authHeader });
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual(await list(), []);
    assert.equal((await protectedPrincipalIds(db, C)).size, 0);
    const [audit] = await audits('protected_account.removed');
    assert.deepEqual(audit!.detail, { principalId: 'u-break', reason: 'Break-glass: never remove' });
    const again = await app.inject({ method: 'DELETE', url: `${BASE}/u-break`, headers: authHeader });
    assert.equal(again.statusCode, 404);
    assert.match(again.json().error.message, /Protected account u-break/);
  });

  it('keeps the listing of an account that left the catalog, without names', async () => {
    assert.equal((await put('u-ceo', { reason: 'Chief executive' })).statusCode, 200);
    await db.deleteFrom('principals').where('connector_id', '=', C).where('id', '=', 'u-ceo').execute();
    const [item] = await list();
    assert.equal(item!['principalId'], 'u-ceo');
    assert.equal(item!['displayName'], null);
    assert.equal(item!['upn'], null);
  });
});

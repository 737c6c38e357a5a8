import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { jsonb } from '../../catalog/index.js';
import { authHeader, buildTestApp, openTestCatalog, stubTemporal, type TestCatalog } from '../helpers/api-app.js';
import {
  ENTRA_ENV,
  TENANT_ID,
  fakeConnectorTemporal,
  verified,
  type FakeConnectorTemporal,
} from './connector-fakes.js';

const BASE = '/api/v1/connectors';
const body = (extra: Record<string, unknown> = {}) => ({
  displayName: 'Contoso',
  tenantId: 'contoso.onmicrosoft.com',
  ...extra,
});

describe('connector API', () => {
  let db: TestCatalog;
  let app: FastifyInstance;
  let temporal: FakeConnectorTemporal;
  before(async () => {
    db = await openTestCatalog();
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await app?.close();
    await db.catalog.db.deleteFrom('connectors').execute();
    temporal = fakeConnectorTemporal();
    app = await buildTestApp(db.catalog, { temporal: stubTemporal({ connectors: temporal }) }, ENTRA_ENV);
  });

  const create = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: BASE, headers: { ...authHeader, ...headers }, payload: payload as object });
  const connectorCount = async () => (await db.catalog.db.selectFrom('connectors').select('id').execute()).length;
  const createOne = async (extra: Record<string, unknown> = {}) => {
    const response = await create(body(extra));
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; tenantId: string };
  };

  it('verifies the tenant, stores the connector with its GUID and schedules its sync, starting the first run', async () => {
    const response = await create(
      body({ syncIntervalMinutes: 15, options: { permissionSet: 'readOnly', includeSignInActivity: true } }),
    );
    assert.equal(response.statusCode, 201, response.body);
    const connector = response.json();
    assert.equal(connector.tenantId, TENANT_ID);
    assert.equal(connector.status, 'connected');
    assert.equal(connector.syncIntervalMinutes, 15);
    assert.deepEqual(connector.options, {
      permissionSet: 'readOnly',
      skipOnPremisesSyncedGroups: false,
      includeSignInActivity: true,
      skipAppsWithoutAssignments: false,
      cloud: null,
      provisioning: 'direct',
    });
    assert.equal(response.headers.location, `${BASE}/${connector.id}`);
    assert.deepEqual(
      temporal.verifications.map((v) => [v.tenant, v.permissionSet, v.includeSignInActivity]),
      [['contoso.onmicrosoft.com', 'readOnly', true]],
    );
    const schedule = temporal.schedules.get(connector.id);
    assert.deepEqual([schedule?.intervalMinutes, schedule?.tenantId, schedule?.triggers], [15, TENANT_ID, 1]);
    const audit = await db.catalog.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject', '=', `connector:${connector.id}`)
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor]),
      [['connector.created', 'admin-token#1']],
    );
  });

  it("defaults to a 60-minute read-only sync in the server's cloud", async () => {
    const connector = await createOne();
    assert.equal(temporal.schedules.get(connector.id)?.intervalMinutes, 60);
    assert.equal(temporal.verifications[0]?.cloud, null);
    assert.equal(temporal.verifications[0]?.permissionSet, 'readOnly');
  });

  it('lists the missing permissions by name in a 422 and stores nothing', async () => {
    temporal.nextVerify = {
      ok: true,
      result: {
        consented: true,
        tenantId: TENANT_ID,
        tenantDisplayName: 'Contoso',
        grantedPermissions: ['User.Read.All'],
        missingPermissions: ['Group.Read.All', 'Synchronization.Read.All'],
      },
    };
    const response = await create(body());
    assert.equal(response.statusCode, 422);
    const { error } = response.json();
    assert.equal(error.code, 'missing_permissions');
    assert.match(error.message, /Group\.Read\.All, Synchronization\.Read\.All/);
    assert.deepEqual(error.details.missingPermissions, ['Group.Read.All', 'Synchronization.Read.All']);
    assert.equal(await connectorCount(), 0);
    assert.equal(temporal.schedules.size, 0);
  });

  it('says admin consent is missing when the app is not installed in the tenant', async () => {
    temporal.nextVerify = {
      ok: true,
      result: {
        consented: false,
        tenantId: null,
        tenantDisplayName: null,
        grantedPermissions: [],
        missingPermissions: ['User.Read.All'],
      },
    };
    const response = await create(body());
    assert.equal(response.statusCode, 422);
    assert.equal(response.json().error.code, 'consent_required');
    assert.equal(await connectorCount(), 0);
  });

  it('answers 422 for an unknown tenant and 503 when the worker cannot verify, storing nothing', async () => {
    temporal.nextVerify = { ok: false, failure: 'TenantNotFound', message: 'No tenant "nope.example" exists.' };
    const unknown = await create(body({ tenantId: 'nope.example' }));
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'tenant_not_found');
    temporal.nextVerify = async () => {
      throw new Error('workflow execution timed out');
    };
    const down = await create(body());
    assert.equal(down.statusCode, 503);
    assert.match(down.json().error.message, /worker/);
    assert.equal(await connectorCount(), 0);
  });

  it('answers 503 naming the settings when Lantern has no Entra app credentials', async () => {
    const bare = await buildTestApp(db.catalog, { temporal: stubTemporal({ connectors: temporal }) });
    const response = await bare.inject({ method: 'POST', url: BASE, headers: authHeader, payload: body() });
    await bare.close();
    assert.equal(response.statusCode, 503);
    assert.match(response.json().error.message, /LANTERN_ENTRA_CLIENT_ID/);
    assert.equal(temporal.verifications.length, 0);
  });

  it('rejects bad create requests with a 400 naming the field, before verifying anything', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      [
        'partial custom cloud',
        body({ options: { cloud: { authorityHost: 'https://login.example' } } }),
        /options\.cloud is missing graphBaseUrl, graphScope/,
      ],
      [
        'unknown cloud name',
        body({ options: { cloud: 'mars' } }),
        /options\.cloud must be one of global, usGov, usGovDoD, china/,
      ],
      [
        'http authority',
        body({
          options: {
            cloud: {
              authorityHost: 'http://x.example',
              graphBaseUrl: 'https://g.example/',
              graphScope: 'https://g.example/.default',
            },
          },
        }),
        /authorityHost must be an https URL/,
      ],
      ['interval below 5 minutes', body({ syncIntervalMinutes: 2 }), /body\.syncIntervalMinutes must be >= 5/],
      ['unknown permission set', body({ options: { permissionSet: 'godMode' } }), /body\.options\.permissionSet/],
      [
        'misspelt option',
        body({ options: { skipOnPremSyncedGroups: true } }),
        /Unknown field body\.options\.skipOnPremSyncedGroups/,
      ],
      [
        'unknown provisioning mode',
        body({ options: { permissionSet: 'readWrite', provisioning: 'magic' } }),
        /body\.options\.provisioning/,
      ],
      [
        'PIM on a read-only connector',
        body({ options: { provisioning: 'pim' } }),
        /provisioning pim .* needs options\.permissionSet readWrite/,
      ],
      [
        'tenant that is neither GUID nor domain',
        body({ tenantId: 'not a tenant' }),
        /tenantId must be a tenant GUID or a verified domain/,
      ],
      ['missing display name', { tenantId: TENANT_ID }, /body\.displayName is required/],
      ['not JSON', 'displayName=x', /./],
    ];
    for (const [name, payload, message] of cases) {
      const response =
        typeof payload === 'string'
          ? await app.inject({
              method: 'POST',
              url: BASE,
              headers: { ...authHeader, 'content-type': 'application/json' },
              payload,
            })
          : await create(payload);
      assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
      assert.match(response.json().error.message, message, name);
    }
    assert.equal(temporal.verifications.length, 0);
    assert.equal(await connectorCount(), 0);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await create(body({ displayName: 'x'.repeat(2 * 1024 * 1024) }));
    assert.equal(response.statusCode, 413);
    assert.equal(await connectorCount(), 0);
  });

  it('refuses a second connector for the same tenant with 409', async () => {
    await createOne();
    const again = await create(body({ tenantId: TENANT_ID }));
    assert.equal(again.statusCode, 409);
    const viaDomain = await create(body());
    assert.equal(viaDomain.statusCode, 409);
    assert.equal(await connectorCount(), 1);
  });

  it('returns the first connector when a create is retried with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'create-contoso-0001' };
    const first = await create(body(), headers);
    assert.equal(first.statusCode, 201);
    temporal.schedules.clear();
    const retry = await create(body(), headers);
    assert.equal(retry.statusCode, 200);
    assert.equal(retry.json().id, first.json().id);
    assert.ok(
      temporal.schedules.has(first.json().id),
      'the replay recreates a schedule an interrupted create did not make',
    );
    assert.equal(temporal.verifications.length, 1);
  });

  it('removes the stored connector again when its schedule cannot be created', async () => {
    temporal.failCreate = true;
    const response = await create(body());
    assert.equal(response.statusCode, 503);
    assert.doesNotMatch(response.body, /temporal down/);
    assert.equal(await connectorCount(), 0);
  });

  it('shows the schedule state and the last sync run', async () => {
    const { id } = await createOne();
    await db.catalog.db
      .insertInto('sync_runs')
      .values({
        id: 'run-1',
        connector_id: id,
        generation: 1,
        mode: 'full',
        status: 'succeeded',
        finished_at: new Date(),
        requests: 42,
        counts: jsonb({ users: 10 }),
      })
      .execute();
    const response = await app.inject({ url: `${BASE}/${id}`, headers: authHeader });
    assert.equal(response.statusCode, 200);
    const detail = response.json();
    assert.equal(detail.schedule.scheduleId, `connector:${id}:sync`);
    assert.equal(detail.schedule.paused, false);
    assert.deepEqual(
      [detail.lastSyncRun.id, detail.lastSyncRun.requests, detail.lastSyncRun.counts.users],
      ['run-1', 42, 10],
    );
  });

  it('updates the interval on the schedule, and verifies again before widening the permission set', async () => {
    const { id } = await createOne();
    const interval = await app.inject({
      method: 'PATCH',
      url: `${BASE}/${id}`,
      headers: authHeader,
      payload: { syncIntervalMinutes: 30 },
    });
    assert.equal(interval.statusCode, 200, interval.body);
    assert.equal(temporal.schedules.get(id)?.intervalMinutes, 30);
    assert.equal(temporal.verifications.length, 1, 'an interval change needs no new verification');

    temporal.nextVerify = {
      ok: true,
      result: {
        ...(verified().ok && (verified() as { result: object }).result),
        missingPermissions: ['GroupMember.ReadWrite.All'],
      } as never,
    };
    const widen = await app.inject({
      method: 'PATCH',
      url: `${BASE}/${id}`,
      headers: authHeader,
      payload: { options: { permissionSet: 'readWrite' } },
    });
    assert.equal(widen.statusCode, 422);
    assert.equal(temporal.verifications.at(-1)?.permissionSet, 'readWrite');
    const stored = (await app.inject({ url: `${BASE}/${id}`, headers: authHeader })).json();
    assert.equal(stored.options.permissionSet, 'readOnly', 'a refused change leaves the connector as it was');
  });

  it("verifies PIM mode with the tenant's licence and refuses a tenant without Entra ID P2 with a 422 that says why", async () => {
    const pim = { options: { permissionSet: 'readWrite', provisioning: 'pim' } };
    temporal.nextVerify = {
      ok: true,
      result: { ...(verified() as { result: object }).result, pimLicensed: false } as never,
    };
    const refused = await create(body(pim));
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, 'pim_licence_required');
    assert.match(refused.json().error.message, /Entra ID P2/);
    assert.equal(temporal.verifications.at(-1)?.provisioning, 'pim');
    assert.equal(await connectorCount(), 0);

    temporal.nextVerify = {
      ok: true,
      result: { ...(verified() as { result: object }).result, pimLicensed: true } as never,
    };
    const connector = await createOne(pim);
    const stored = (await app.inject({ url: `${BASE}/${connector.id}`, headers: authHeader })).json();
    assert.equal(stored.options.provisioning, 'pim');
  });

  it('verifies again when the provisioning mode changes', async () => {
    const { id } = await createOne({ options: { permissionSet: 'readWrite' } });
    temporal.nextVerify = {
      ok: true,
      result: { ...(verified() as { result: object }).result, pimLicensed: false } as never,
    };
    const change = await app.inject({
      method: 'PATCH',
      url: `${BASE}/${id}`,
      headers: authHeader,
      payload: { options: { provisioning: 'pim' } },
    });
    assert.equal(change.statusCode, 422, change.body);
    assert.equal(temporal.verifications.length, 2);
    assert.equal(
      (await app.inject({ url: `${BASE}/${id}`, headers: authHeader })).json().options.provisioning,
      'direct',
    );
  });

  it('pauses and resumes the sync schedule', async () => {
    const { id } = await createOne();
    const paused = await app.inject({
      method: 'POST',
      url: `${BASE}/${id}/pause`,
      headers: authHeader,
      payload: { note: 'maintenance' },
    });
    assert.equal(paused.statusCode, 204);
    assert.equal(temporal.schedules.get(id)?.paused, true);
    const resumed = await app.inject({ method: 'POST', url: `${BASE}/${id}/resume`, headers: authHeader });
    assert.equal(resumed.statusCode, 204);
    assert.equal(temporal.schedules.get(id)?.paused, false);
  });

  const auditActions = async (id: string) =>
    (
      await db.catalog.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', `connector:${id}`)
        .orderBy('id')
        .execute()
    ).map((a) => a.action);

  it('refuses a pause note with a NUL character (400 naming body.note), leaving the schedule running and the audit log as it was', async () => {
    const { id } = await createOne();
    for (const note of ['maintenance\u0000window', 'half a pair \uD800']) {
      const response = await app.inject({
        method: 'POST',
        url: `${BASE}/${id}/pause`,
        headers: authHeader,
        payload: { note },
      });
      assert.equal(response.statusCode, 400, response.body);
      assert.match(response.json().error.message, /body\.note/);
    }
    assert.equal(temporal.schedules.get(id)?.paused, false);
    assert.deepEqual(await auditActions(id), ['connector.created']);
  });

  it('does not pause the schedule when its audit row cannot be written', async () => {
    const { id } = await createOne();
    const { sql } = await import('kysely');
    await sql`create function refuse_pause_audit() returns trigger language plpgsql as $$
      begin if new.action = 'connector.paused' then raise exception 'audit store refused'; end if; return new; end $$`.execute(
      db.catalog.db,
    );
    await sql`create trigger refuse_pause_audit before insert on audit_log for each row execute function refuse_pause_audit()`.execute(
      db.catalog.db,
    );
    try {
      const response = await app.inject({
        method: 'POST',
        url: `${BASE}/${id}/pause`,
        headers: authHeader,
        payload: { note: 'maintenance' },
      });
      assert.equal(response.statusCode, 500);
      assert.equal(temporal.schedules.get(id)?.paused, false, 'no pause without its audit row');
    } finally {
      await sql`drop trigger refuse_pause_audit on audit_log`.execute(db.catalog.db);
      await sql`drop function refuse_pause_audit()`.execute(db.catalog.db);
    }
    assert.deepEqual(await auditActions(id), ['connector.created']);
  });

  it('refuses to delete a connector while Lantern-granted access is live, listing the grants (409), and deletes it once they ended', async () => {
    const { id } = await createOne();
    const grant = {
      workflow_id: `grant:${id}:role:r1:member:u1`,
      connector_id: id,
      entitlement_id: 'role:r1:member',
      principal_id: 'u1',
      principal_upn: 'ada@contoso.example',
      requester_id: 'u1',
      stage: 'active',
      expires_at: new Date(Date.now() + 3_600_000),
      pre_existing: false,
    };
    await db.catalog.db.insertInto('access_grants').values(grant).execute();
    const refused = await app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: authHeader });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.deepEqual(refused.json().error.details.liveGrants, [
      {
        grantId: grant.workflow_id,
        entitlementId: 'role:r1:member',
        principalUpn: 'ada@contoso.example',
        stage: 'active',
      },
    ]);
    assert.match(refused.json().error.message, /revoke/i);
    assert.deepEqual(temporal.removed, [], 'nothing ended in Temporal');
    assert.equal(await connectorCount(), 1);
    assert.deepEqual(await auditActions(id), ['connector.created']);

    await db.catalog.db
      .updateTable('access_grants')
      .set({ stage: 'ended', end_reason: 'revoked' })
      .where('workflow_id', '=', grant.workflow_id)
      .execute();
    const deleted = await app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: authHeader });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.deepEqual(await auditActions(id), ['connector.created', 'connector.deleted']);
  });

  it('starts a sync now with 202 and says how to find it, or reports the sync already running', async () => {
    const { id } = await createOne();
    const response = await app.inject({ method: 'POST', url: `${BASE}/${id}/sync`, headers: authHeader });
    assert.equal(response.statusCode, 202);
    assert.equal(response.json().started, true);
    assert.equal(response.json().find.syncRuns, `${BASE}/${id}/sync-runs`);
    assert.equal(response.json().find.temporalQuery, `ConnectorId = '${id}'`);
    temporal.schedules.get(id)!.running = true;
    const busy = (await app.inject({ method: 'POST', url: `${BASE}/${id}/sync`, headers: authHeader })).json();
    assert.equal(busy.started, false);
    assert.equal(busy.running.length, 1);
  });

  it('deletes the schedule, the connector and its synced rows, keeping the audit trail', async () => {
    const { id } = await createOne();
    await db.catalog.db
      .insertInto('principals')
      .values({
        connector_id: id,
        id: 'u1',
        kind: 'user',
        display_name: 'Ada',
        account_enabled: true,
        attributes: jsonb({}),
        generation: 1,
      })
      .execute();
    const response = await app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: authHeader });
    assert.equal(response.statusCode, 204);
    assert.deepEqual(temporal.removed, [id]);
    assert.equal(await connectorCount(), 0);
    assert.equal(
      (await db.catalog.db.selectFrom('principals').select('id').where('connector_id', '=', id).execute()).length,
      0,
    );
    const audit = await db.catalog.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', `connector:${id}`)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['connector.created', 'connector.deleted'],
    );
  });

  it('answers 404 for unknown connectors and 400 for malformed ids on every connector route, changing nothing', async () => {
    const routes: Array<['GET' | 'PATCH' | 'POST' | 'DELETE', string, object?]> = [
      ['GET', ''],
      ['PATCH', '', { syncIntervalMinutes: 30 }],
      ['POST', '/pause'],
      ['POST', '/resume'],
      ['POST', '/sync'],
      ['DELETE', ''],
    ];
    for (const [method, suffix, payload] of routes) {
      const missing = await app.inject({
        method,
        url: `${BASE}/no-such-connector${suffix}`,
        headers: authHeader,
        ...(payload ? { payload } : {}),
      });
      assert.equal(missing.statusCode, 404, `${method} ${suffix}: ${missing.body}`);
      const malformed = await app.inject({
        method,
        url: `${BASE}/${encodeURIComponent('bad id!')}${suffix}`,
        headers: authHeader,
        ...(payload ? { payload } : {}),
      });
      assert.equal(malformed.statusCode, 400, `${method} ${suffix}`);
      assert.match(malformed.json().error.message, /params\.id/);
    }
    assert.equal(temporal.schedules.size, 0);
    assert.equal(temporal.removed.length, 0);
  });
});

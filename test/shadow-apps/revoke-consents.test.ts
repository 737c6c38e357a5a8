// Revoking a shadow app's consents end to end: real Temporal, real activities, the simulator's Graph, a PGlite catalog.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { createTemporalTestEnv, type TemporalTestEnv } from '../helpers/temporal-env.js';
import { appsWithConsents, createShadowHarness, type ShadowHarness } from './shadow-harness.js';
import { getRevocation, revocationItems } from '../../catalog/shadow-apps/revocations.js';
import { decideTriage, RECONSENTED_NOTE } from '../../catalog/shadow-apps/triage.js';
import { listDiscoveredApps } from '../../catalog/directory/reads/discovered-apps.js';

describe('shadow apps: revoking consents', { timeout: 240_000 }, () => {
  let temporal: TemporalTestEnv;
  let h: ShadowHarness;
  let apps: Awaited<ReturnType<typeof appsWithConsents>>;

  before(async () => {
    temporal = await createTemporalTestEnv();
    h = await createShadowHarness(temporal);
    await h.sync();
    apps = await appsWithConsents(h.catalog, h.connector.id, 1);
    assert.ok(apps.length >= 4, `the seeded tenant has four shadow apps or more (found ${apps.length})`);
    assert.ok(h.grantsOf(apps[0]!.servicePrincipalId).length >= 2, 'the most consented app has two consents or more');
  });
  after(async () => {
    await h?.close();
    await temporal?.teardown();
  });

  const auditCount = async (action: string, revocationId: string) =>
    (await h.catalog.db.selectFrom('audit_log').select('detail').where('action', '=', action).execute()).filter(
      (r) => (r.detail as { revocationId?: string }).revocationId === revocationId,
    ).length;

  it('records who consented to each discovered app, one row per grant', async () => {
    const app = apps[0]!;
    const stored = await h.catalog.db
      .selectFrom('discovered_app_consents')
      .select(['grant_id'])
      .where('connector_id', '=', h.connector.id)
      .where('app_id', '=', app.appId)
      .execute();
    assert.deepEqual(
      stored.map((r) => r.grant_id).sort(),
      h
        .grantsOf(app.servicePrincipalId)
        .map((g) => g.id)
        .sort(),
    );
  });

  it('revokes only the chosen user and leaves every other consent in place', async () => {
    const app = apps[0]!;
    const before = h.grantsOf(app.servicePrincipalId);
    const chosen = before[0]!.principalId!;
    const { result } = await h.revoke({ ...app, userIds: [chosen] });
    assert.equal(result.status, 'succeeded');
    assert.equal(result.removed, before.filter((g) => g.principalId === chosen).length);
    assert.equal(result.appRevoked, false);
    const after = h.grantsOf(app.servicePrincipalId);
    assert.deepEqual(
      after.map((g) => g.id).sort(),
      before
        .filter((g) => g.principalId !== chosen)
        .map((g) => g.id)
        .sort(),
    );
    const [listed] = (
      await listDiscoveredApps(h.catalog.db, { connectorId: h.connector.id, search: app.displayName })
    ).items.filter((a) => a.appId === app.appId);
    assert.equal(
      listed?.consentingUsers,
      new Set(after.map((g) => g.principalId)).size,
      'the catalog recounts at once',
    );
    assert.notEqual(listed?.triage.state, 'revoked');
  });

  it('revokes every consent, marks the app revoked and audits start and end once', async () => {
    const app = apps[1]!;
    const count = h.grantsOf(app.servicePrincipalId).length;
    const { result, input, temporal: client, workflowId } = await h.revoke(app);
    assert.deepEqual(
      { status: result.status, removed: result.removed, failed: result.failed, appRevoked: result.appRevoked },
      { status: 'succeeded', removed: count, failed: 0, appRevoked: true },
    );
    assert.deepEqual(h.grantsOf(app.servicePrincipalId), []);
    const again = await client.startRevocation(input);
    assert.equal(again.workflowId, workflowId, 'a second start with the same revocation id is the same workflow');
    assert.equal(await auditCount('shadow_app.revoke_started', input.revocationId), 1);
    assert.equal(await auditCount('shadow_app.revoked', input.revocationId), 1);
    const items = await revocationItems(h.catalog.db, (await getRevocation(h.catalog.db, input.revocationId))!);
    assert.ok(items.every((i) => i.result === 'removed'));
  });

  it('resumes after a batch dies mid-way without deleting twice (a consent already gone counts as such)', async () => {
    const app = apps[2]!;
    const grants = h.grantsOf(app.servicePrincipalId);
    let attempts = 0;
    const { result } = await h.revoke({ ...app, batchSize: 1 }, (real) => ({
      ...real,
      async revokeConsentBatch(input) {
        attempts++;
        if (attempts === 1) {
          // The first attempt deleted in Graph, then its worker died before recording anything.
          h.tenant.deleteOAuth2PermissionGrant(grants[0]!.id);
          throw ApplicationFailure.retryable('worker died mid-batch');
        }
        return real.revokeConsentBatch(input);
      },
    }));
    assert.equal(result.status, 'succeeded');
    assert.equal(result.alreadyGone, 1);
    assert.equal(result.removed, grants.length - 1);
    assert.equal(result.total, grants.length);
    assert.deepEqual(h.grantsOf(app.servicePrincipalId), []);
  });

  it('ends with a clear failure, not a retry loop, when the connector may not delete consents', async () => {
    await h.sync(h.readOnlyConnector);
    const app = apps[3]!;
    const grants = h.grantsOf(app.servicePrincipalId);
    const started = Date.now();
    const { result, input } = await h.revoke({ ...app, connectorId: h.readOnlyConnector.id });
    assert.ok(Date.now() - started < 30_000, 'no retry loop');
    assert.equal(result.status, 'failed');
    assert.equal(result.failed, grants.length);
    assert.equal(result.appRevoked, false);
    assert.equal(h.grantsOf(app.servicePrincipalId).length, grants.length, 'nothing was deleted');
    const items = await revocationItems(h.catalog.db, (await getRevocation(h.catalog.db, input.revocationId))!);
    assert.match(items[0]!.message ?? '', /privileges|Authorization_RequestDenied/i);
    assert.equal(await auditCount('shadow_app.revoke_failed', input.revocationId), 1);
  });

  it('keeps triage across a re-sync, and reopens a revoked app that users consented to again', async () => {
    const ignored = apps[3]!;
    await decideTriage(h.catalog.db, {
      connectorId: h.connector.id,
      appId: ignored.appId,
      state: 'ignored',
      note: 'known vendor',
      decidedBy: 'admin:test',
    });
    const revoked = apps[1]!;
    const grant = {
      id: `reconsent-${Date.now()}`,
      clientId: revoked.servicePrincipalId,
      consentType: 'Principal' as const,
    };
    const someUser = [...h.tenant.users.keys()][0]!;
    const resourceId = [...h.tenant.oauth2PermissionGrants.values()][0]!.resourceId;
    h.tenant.putOAuth2PermissionGrant({ ...grant, principalId: someUser, resourceId, scope: 'Mail.Read' });
    await h.sync();
    const page = await listDiscoveredApps(h.catalog.db, { connectorId: h.connector.id, limit: 200 });
    const byId = new Map(page.items.map((a) => [a.appId, a]));
    assert.deepEqual(
      { state: byId.get(ignored.appId)?.triage.state, note: byId.get(ignored.appId)?.triage.note },
      { state: 'ignored', note: 'known vendor' },
    );
    assert.deepEqual(
      { state: byId.get(revoked.appId)?.triage.state, note: byId.get(revoked.appId)?.triage.note },
      { state: 'new', note: RECONSENTED_NOTE },
    );
    const onlyIgnored = await listDiscoveredApps(h.catalog.db, { connectorId: h.connector.id, state: 'ignored' });
    assert.deepEqual(
      onlyIgnored.items.map((a) => a.appId),
      [ignored.appId],
    );
  });
});

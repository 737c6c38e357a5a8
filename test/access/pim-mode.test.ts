// Native PIM mode end to end: a connector with options.provisioning 'pim' grants directory roles and group access as
// PIM active assignments whose end is the grant's expiry (Entra enforces it too), moves that end on extension, and
// ends them with adminRemove. Real Temporal dev server, real activities, the simulator's PIM (P2 tenant).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccessActivities } from '../../activities/access/index.js';
import type { ProvisionTarget } from '../../activities/access/pim.js';
import { createTenantAccess } from '../../activities/connectors/tenant-access.js';
import { accessTemporal } from '../../temporal/clients/access.js';
import { createTenantGraph } from '../../entra/tenant-graph.js';
import { verifyConnectorAccess } from '../../activities/connectors/verify.js';
import { createRoleScheduleRequest } from '../../simulator/graph/pim/role-requests.js';
import { pimState } from '../../simulator/graph/pim/schedules.js';
import { GRAPH_DEFAULT_SCOPE } from '../simulator/clients.js';
import type { TemporalTestEnv } from '../helpers/temporal-env.js';
import { APPROVER, pickFixtures, type AccessHarness, startAccessSuite, stopAccessSuite } from './access-harness.js';

const ended = (s: { stage: string }) => s.stage === 'ended';
const active = (s: { stage: string }) => s.stage === 'active';
const noApproval = { approvalRequired: false };

describe('accessGrant in native PIM mode', () => {
  let temporal: TemporalTestEnv;
  let h: AccessHarness;
  let fx: ReturnType<typeof pickFixtures>;

  before(async () => {
    ({ temporal, h, fx } = await startAccessSuite());
    // The harness's connector object is what the activities load: switching its option switches the mode.
    Object.assign(h.connector.options, { provisioning: 'pim' });
  });
  after(() => stopAccessSuite({ temporal, h }));

  const pim = () => pimState(h.tenant);
  const scheduleFor = (principalId: string, targetId: string) =>
    [...pim().schedules.values()].find((s) => s.principalId === principalId && s.targetId === targetId);
  const requestsFor = (principalId: string) =>
    [...pim().requests.values()].filter((r) => r.principalId === principalId);
  const auditActions = async (workflowId: string) =>
    (
      await h.catalog.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', workflowId)
        .orderBy('id')
        .execute()
    ).map((r) => r.action);

  test('grants a directory role through a PIM schedule request ending at the expiry, and ends it at expiry', async () => {
    const user = fx.users[0]!;
    const role = fx.roleNotHeldBy(user.id);
    const input = h.input(`role:${role}:member`, user.id, { policy: noApproval, durationSeconds: 6 });
    input.request.ticket = 'CHG-42';
    const { workflowId } = await h.access.request(input);
    const status = await h.waitFor(input, active);

    assert.equal(fx.hasRole(role, user.id), true, 'role active in Entra');
    const schedule = scheduleFor(user.id, role);
    assert.ok(schedule?.expiresAt, 'a time-boxed PIM schedule carries the grant');
    assert.equal(Date.parse(status.expiresAt!), schedule.expiresAt, "Entra's end is exactly the grant's expiry");
    const [assign] = requestsFor(user.id);
    assert.equal(assign?.action, 'adminAssign');
    assert.equal(assign?.justification, 'on call');
    assert.deepEqual(assign?.ticketInfo, { ticketNumber: 'CHG-42', ticketSystem: 'Lantern' });

    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'expired');
    assert.equal(fx.hasRole(role, user.id), false, 'access gone at expiry');
    assert.equal(scheduleFor(user.id, role), undefined);
    assert.deepEqual(await auditActions(workflowId), [
      'access.requested',
      'graph.access_added',
      'access.expired',
      'graph.access_removed',
    ]);
  });

  test("an extension moves the schedule's end, and an early revoke ends it with adminRemove", async () => {
    const user = fx.users[1]!;
    const role = fx.roleNotHeldBy(user.id);
    const first = h.input(`role:${role}:member`, user.id, { policy: noApproval, durationSeconds: 60 });
    const { workflowId } = await h.access.request(first);
    await h.waitFor(first, active);
    const before = scheduleFor(user.id, role)!.expiresAt!;

    const extended = await h.access.request(
      h.input(`role:${role}:member`, user.id, { policy: noApproval, durationSeconds: 600 }),
    );
    assert.equal(extended.kind, 'extended');
    const newExpiry = Date.parse(extended.status.expiresAt!);
    await h.waitFor(first, () => (scheduleFor(user.id, role)?.expiresAt ?? 0) > before);
    assert.equal(scheduleFor(user.id, role)!.expiresAt, newExpiry, "Entra's schedule ends at the extended expiry");
    assert.equal(requestsFor(user.id).at(-1)?.action, 'adminUpdate');

    await h.access.revoke(first, { actorId: APPROVER, actorRole: 'admin', reason: 'incident closed' });
    const final = await h.waitFor(first, ended);
    assert.equal(final.endReason, 'revoked');
    assert.equal(fx.hasRole(role, user.id), false);
    const remove = requestsFor(user.id).at(-1);
    assert.deepEqual([remove?.action, remove?.status], ['adminRemove', 'Revoked']);
    const actions = await auditActions(workflowId);
    assert.ok(actions.includes('graph.schedule_updated'), actions.join(', '));
    assert.equal(actions.at(-1), 'graph.access_removed');
  });

  test('grants group membership through PIM for Groups and removes it at expiry', async () => {
    const user = fx.users[2]!;
    const group = fx.editable.find((g) => !h.tenant.groupMembers.get(g.id)?.has(user.id))!;
    const input = h.input(`group:${group.id}:member`, user.id, { policy: noApproval, durationSeconds: 4 });
    await h.access.request(input);
    await h.waitFor(input, active);
    assert.equal(h.tenant.groupMembers.get(group.id)?.has(user.id), true, 'member in Entra');
    const schedule = scheduleFor(user.id, group.id);
    assert.deepEqual([schedule?.kind, schedule?.access], ['group', 'member']);

    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'expired');
    assert.equal(h.tenant.groupMembers.get(group.id)?.has(user.id) ?? false, false);
  });

  test('a PIM assignment the principal held before the request is pre-existing and survives the grant', async () => {
    const user = fx.users[3]!;
    const role = fx.roleNotHeldBy(user.id);
    createRoleScheduleRequest(h.tenant, { appId: 'someone-else' } as never, Date.now(), {
      action: 'adminAssign',
      principalId: user.id,
      roleDefinitionId: role,
      directoryScopeId: '/',
      scheduleInfo: { expiration: { type: 'noExpiration' } },
    });
    const input = h.input(`role:${role}:member`, user.id, { policy: noApproval, durationSeconds: 60 });
    const { workflowId } = await h.access.request(input);
    assert.equal((await h.waitFor(input, active)).preExisting, true);
    assert.equal(
      (await h.access.request(h.input(`role:${role}:member`, user.id, { policy: noApproval, durationSeconds: 120 })))
        .kind,
      'extended',
    );
    await h.access.revoke(input, { actorId: user.id, actorRole: 'requester' });
    const final = await h.waitFor(input, ended);
    assert.equal(final.endReason, 'revoked');
    assert.equal(fx.hasRole(role, user.id), true, 'the other PIM assignment is untouched');
    const theirs = scheduleFor(user.id, role);
    assert.ok(theirs && theirs.expiresAt === undefined, 'and so is its schedule (no expiry)');
    assert.deepEqual(
      requestsFor(user.id).map((r) => r.action),
      ['adminAssign'],
      'Lantern sent no schedule request for it',
    );
    assert.ok(!(await auditActions(workflowId)).some((a) => a.startsWith('graph.')));
  });

  test('a PIM add whose result was lost (worker died after Graph answered) is done on retry, never taken for pre-existing', async () => {
    const real = createAccessActivities({
      catalog: h.catalog,
      loadConnector: async () => h.connector,
      tenantGraph: createTenantGraph({
        credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
      }),
    });
    let lost = 0;
    const activities = {
      ...real,
      async provisionAccess(target: ProvisionTarget) {
        const result = await real.provisionAccess(target);
        if (lost++ === 0) throw new Error('the worker died before reporting the add');
        return result;
      },
    };
    const taskQueue = temporal.taskQueue();
    const worker = await temporal.createWorker({ taskQueue, activities });
    const running = worker.run();
    try {
      const user = fx.users[5]!;
      const role = fx.roleNotHeldBy(user.id);
      const input = h.input(`role:${role}:member`, user.id, { policy: noApproval, durationSeconds: 3 });
      await accessTemporal(temporal.env.client, taskQueue).request(input);
      const status = await h.waitFor(input, active);
      assert.equal(lost, 2, 'the add ran twice: once lost, once answered "already assigned"');
      assert.equal(status.preExisting, false, "Lantern's own schedule is not pre-existing access");
      assert.equal(requestsFor(user.id).filter((r) => r.action === 'adminAssign').length, 1);
      const final = await h.waitFor(input, ended);
      assert.equal(final.endReason, 'expired');
      assert.equal(fx.hasRole(role, user.id), false, 'and so it is removed at expiry');
    } finally {
      worker.shutdown();
      await running;
    }
  });

  test("a tenant without Entra ID P2 fails the grant with Graph's message, and verification says so first", async () => {
    const access = createTenantAccess({
      credentials: { clientId: h.sim.appReadWrite.clientId, clientSecret: h.sim.appReadWrite.clientSecret },
      defaultCloud: {
        authorityHost: h.sim.authorityHost,
        graphBaseUrl: h.sim.graphBaseUrl,
        graphScope: GRAPH_DEFAULT_SCOPE,
      },
    });
    const verify = () =>
      verifyConnectorAccess(access, {
        connectorId: h.connector.id,
        tenant: h.tenant.id,
        cloud: null,
        permissionSet: 'readWrite',
        includeSignInActivity: false,
        provisioning: 'pim',
      });
    const licensed = await verify();
    assert.equal(licensed.pimLicensed, true);
    assert.deepEqual(licensed.missingPermissions, [], "the simulator's Lantern app holds the PIM-mode permissions");

    const licence = h.tenant.info.licence;
    const plans = h.tenant.organization.assignedPlans;
    h.tenant.info.licence = 'P1';
    h.tenant.organization.assignedPlans = plans.filter(
      (p) => p.servicePlanId !== 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
    );
    try {
      assert.equal((await verify()).pimLicensed, false, 'the connector API refuses PIM mode with a 422 on this answer');
      const user = fx.users[4]!;
      const role = fx.roleNotHeldBy(user.id);
      const input = h.input(`role:${role}:member`, user.id, { policy: noApproval });
      await h.access.request(input);
      const final = await h.waitFor(input, ended);
      assert.equal(final.endReason, 'failed');
      assert.match(final.failure ?? '', /AccessChangeRefused: .*Entra ID P2/);
      assert.equal(fx.hasRole(role, user.id), false);
    } finally {
      h.tenant.info.licence = licence;
      h.tenant.organization.assignedPlans = plans;
    }
  });
});

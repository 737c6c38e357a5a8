// Issue 18, sign-in activity and audit logs: signInActivity has a realistic spread on a P2 tenant; a sign-in on the
// simulator's page (and a failed one) appears in auditLogs/signIns and updates signInActivity; the directory changes
// the simulator applies appear in auditLogs/directoryAudits, with the filters and paging Graph documents.
// MSAL for the sign-in, the official Graph client for everything read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PageIterator, type Client } from '@microsoft/microsoft-graph-client';
import { issueAccessToken } from '../../simulator/identity/signing.js';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { appOnlyGraphClient, graphClient, msalClient, startTestSimulator } from './clients.js';
import { TestBrowser } from './identity-browser.js';
import { signInAs, startSignIn } from './identity-flows.js';
import { clientWithRoles, editableGroup, failure, nonMember, ref, WRITER_ROLES } from './graph-writes-helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 86_400_000;

describe('sign-in activity and audit logs', () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  let reader: Client;

  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    reader = appOnlyGraphClient(sim, { tenantId: tenant.id });
  });
  after(async () => {
    await sim.close();
  });

  async function all(url: string): Promise<Json[]> {
    const out: Json[] = [];
    const iterator = new PageIterator(reader, await reader.api(url).get(), (item: Json) => {
      out.push(item);
      return true;
    });
    await iterator.iterate();
    return out;
  }

  it('gives P1/P2 users a realistic signInActivity spread: recent, inactive > 90 days, never', async () => {
    const users = await all('/users?$select=id,userType,signInActivity&$top=999');
    const now = sim.store.clock.now();
    const last = users.map((u) => u.signInActivity?.lastSignInDateTime as string | null);
    const never = last.filter((d) => d === null).length;
    const stale = last.filter((d) => d !== null && now - Date.parse(d) > 90 * DAY).length;
    const recent = last.filter((d) => d !== null && now - Date.parse(d) <= 30 * DAY).length;
    assert.ok(never >= 1, `some never signed in (${never})`);
    assert.ok(stale >= 1, `some inactive for more than 90 days (${stale})`);
    assert.ok(recent > users.length / 2, `most signed in recently (${recent}/${users.length})`);
  });

  it('logs sign-ins made on the sign-in page and updates signInActivity', async () => {
    const person = sim.tenants[0]!.demo.user;
    const userId = [...tenant.users.values()].find((u) => u.userPrincipalName === person.upn)!.id;
    const cca = msalClient(sim, { tenantId: tenant.id });
    const browser = new TestBrowser();
    // A wrong password first: Entra logs the failed attempt too.
    const pending = await startSignIn(browser, cca);
    await browser.submit(pending.page, { loginfmt: person.upn, passwd: 'not-the-password' });
    await signInAs(browser, cca, person);

    const logs = (await reader.api('/auditLogs/signIns').filter(`userId eq '${userId}'`).top(2).get()).value as Json[];
    const [success, failed] = logs;
    assert.equal(success!.status.errorCode, 0);
    assert.equal(success!.appId, sim.app.clientId);
    assert.equal(success!.isInteractive, true);
    assert.equal(failed!.status.errorCode, 50126);
    assert.ok(Date.parse(success!.createdDateTime) >= Date.parse(failed!.createdDateTime));

    const user = await reader.api(`/users/${userId}`).select('signInActivity').get();
    assert.equal(user.signInActivity.lastSuccessfulSignInDateTime, success!.createdDateTime);
    assert.equal(user.signInActivity.lastSuccessfulSignInRequestId, success!.id);
    assert.equal(user.signInActivity.lastSignInDateTime, success!.createdDateTime);
  });

  describe('auditLogs/directoryAudits', () => {
    let writer: Client;
    let groupId: string;
    let memberId: string;
    let since: string;

    before(async () => {
      writer = await clientWithRoles(sim, tenant.id, WRITER_ROLES);
      sim.store.clock.advance(60_000);
      since = new Date(sim.store.clock.now() - 1000).toISOString();
      const group = editableGroup(tenant);
      groupId = group.id;
      memberId = nonMember(tenant, group.id);
      await writer.api(`/groups/${groupId}/members/$ref`).post(ref(sim, memberId));
      await writer.api(`/groups/${groupId}/members/${memberId}/$ref`).delete();
    });

    it('lists the changes Graph writes applied, newest first, attributed to the calling app', async () => {
      const audits = (await reader.api('/auditLogs/directoryAudits').filter(`activityDateTime ge ${since}`).get())
        .value as Json[];
      assert.deepEqual(
        audits.map((a) => a.activityDisplayName),
        ['Remove member from group', 'Add member to group'],
      );
      const added = audits[1]!;
      assert.equal(added.category, 'GroupManagement');
      assert.equal(added.result, 'success');
      assert.equal(added.loggedByService, 'Core Directory');
      assert.equal(added.initiatedBy.app.appId, sim.app.clientId);
      assert.equal(added.initiatedBy.user, null);
      assert.deepEqual(added.targetResources.map((t: Json) => t.id).sort(), [groupId, memberId].sort());
      const one = await reader.api(`/auditLogs/directoryAudits/${added.id}`).get();
      assert.equal(one.id, added.id);
    });

    it('filters on targetResources/any(…) and initiatedBy/user/id', async () => {
      const byTarget = (
        await reader.api('/auditLogs/directoryAudits').filter(`targetResources/any(t:t/id eq '${groupId}')`).get()
      ).value as Json[];
      assert.equal(byTarget.length, 2);

      const admin = [...tenant.users.values()].find(
        (u) => u.userPrincipalName === sim.tenants[0]!.demo.globalAdmin.upn,
      )!;
      const delegated = await issueAccessToken(sim.context.keys, {
        tenantId: tenant.id,
        appId: sim.appReadWrite!.clientId,
        scopes: ['GroupMember.ReadWrite.All', 'User.ReadWrite.All'],
        userId: admin.id,
        upn: admin.userPrincipalName,
        issuedAt: Math.floor(sim.store.clock.now() / 1000),
        lifetimeSeconds: 3600,
      });
      const asAdmin = graphClient(sim, async () => delegated);
      await asAdmin.api(`/groups/${groupId}/members/$ref`).post(ref(sim, memberId));
      const byUser = (
        await reader.api('/auditLogs/directoryAudits').filter(`initiatedBy/user/id eq '${admin.id}'`).get()
      ).value as Json[];
      assert.equal(byUser.length, 1);
      assert.equal(byUser[0]!.initiatedBy.user.userPrincipalName, admin.userPrincipalName);
    });

    it('pages with $top and a nextLink', async () => {
      const first = await reader.api('/auditLogs/directoryAudits').top(1).get();
      assert.equal(first.value.length, 1);
      assert.ok(first['@odata.nextLink']);
      const everything = await all('/auditLogs/directoryAudits?$top=1');
      assert.equal(everything.length, tenant.directoryAudits.length);
    });

    it('needs AuditLog.Read.All', async () => {
      const limited = await clientWithRoles(sim, tenant.id, ['User.Read.All', 'Directory.Read.All']);
      const err = await failure(limited.api('/auditLogs/directoryAudits').get());
      assert.equal(err.statusCode, 403);
      assert.equal(err.code, 'Authorization_RequestDenied');
    });
  });
});

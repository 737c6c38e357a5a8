// Every object the simulator's Graph returns carries only properties Microsoft declares for its type
// (shared/data/graph-v1-types.json, base types entity/directoryObject included) plus @odata.* / @delta annotations.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import { appOnlyGraphClient, startTestSimulator } from './clients.js';

const SHARED = '/work/shared/data/graph-v1-types.json';
const typesFile = existsSync(SHARED)
  ? SHARED
  : new URL('../../simulator/graph/query/graph-v1-types.json', import.meta.url);
const declared = JSON.parse(readFileSync(typesFile, 'utf8')) as {
  entityTypes: Record<string, { properties: string[] }>;
  complexTypes: Record<string, { properties: string[] }>;
};
const DIRECTORY_OBJECTS = new Set([
  'user',
  'group',
  'servicePrincipal',
  'directoryRole',
  'appRoleAssignment',
  'device',
  'orgContact',
  'application',
]);

/** Complex-typed properties checked one level down. */
const COMPLEX: Record<string, Record<string, string>> = {
  user: { signInActivity: 'signInActivity' },
  servicePrincipal: { appRoles: 'appRole', oauth2PermissionScopes: 'permissionScope' },
  organization: { verifiedDomains: 'verifiedDomain', assignedPlans: 'assignedPlan' },
  synchronizationJob: { schedule: 'synchronizationSchedule', status: 'synchronizationStatus' },
};

function undeclared(type: string, object: Record<string, unknown>): string[] {
  const entity = declared.entityTypes[type];
  assert.ok(entity, `unknown type ${type}`);
  const allowed = new Set(['id', ...entity.properties, ...(DIRECTORY_OBJECTS.has(type) ? ['deletedDateTime'] : [])]);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key.includes('@')) continue; // @odata.type, members@delta, @removed
    if (!allowed.has(key)) {
      problems.push(`${type}.${key}`);
      continue;
    }
    const complex = COMPLEX[type]?.[key];
    if (!complex || value == null) continue;
    const inner = new Set(declared.complexTypes[complex]!.properties);
    for (const item of Array.isArray(value) ? value : [value]) {
      for (const k of Object.keys(item as object)) if (!inner.has(k)) problems.push(`${type}.${key}.${k}`);
    }
  }
  return problems;
}

function typeOf(object: Record<string, unknown>, fallback: string): string {
  const odataType = object['@odata.type'];
  return typeof odataType === 'string' ? odataType.replace('#microsoft.graph.', '') : fallback;
}

describe('Graph response shapes match the published v1.0 types', () => {
  let sim: RunningSimulator;
  let client: Client;
  const seen = new Map<string, number>();

  async function check(path: string, type: string, select?: string): Promise<void> {
    let request = client.api(path);
    if (select) request = request.select(select);
    const body = await request.get();
    const objects: Record<string, unknown>[] = Array.isArray(body.value) ? body.value : [body];
    assert.ok(objects.length > 0, `${path} returned objects`);
    const problems = objects.flatMap((o) => undeclared(typeOf(o, type), o));
    assert.deepEqual([...new Set(problems)], [], `${path}: undeclared properties`);
    for (const o of objects) seen.set(typeOf(o, type), (seen.get(typeOf(o, type)) ?? 0) + 1);
  }

  before(async () => {
    sim = await startTestSimulator();
    client = appOnlyGraphClient(sim, { tenantId: sim.tenants[0]!.id });
  });
  after(async () => {
    await sim.close();
  });

  it('users (default set, every stored property selected, one user, delta)', async () => {
    const model = sim.store.tenant(sim.tenants[0]!.id)!;
    const user = [...model.users.values()][0]!;
    await check('/users', 'user');
    await check('/users', 'user', Object.keys(user).join(','));
    await check(`/users/${user.id}`, 'user');
    await check('/users/delta', 'user');
  });

  it('groups, their members, owners and transitive members, and groups/delta with members', async () => {
    const model = sim.store.tenant(sim.tenants[0]!.id)!;
    const [groupId] = [...model.groupMembers].find(([, m]) => m.size > 0)!;
    const [ownedId] = [...model.groupOwners].find(([, o]) => o.size > 0)!;
    await check('/groups', 'group');
    await check(`/groups/${groupId}/members`, 'directoryObject');
    await check(`/groups/${groupId}/transitiveMembers`, 'directoryObject');
    await check(`/groups/${ownedId}/owners`, 'directoryObject');
    await check('/groups/delta', 'group', 'displayName,members');
  });

  it('service principals, app role assignments and synchronization jobs', async () => {
    const model = sim.store.tenant(sim.tenants[0]!.id)!;
    const assignment = [...model.appRoleAssignments.values()][0]!;
    const [scimId] = [...model.synchronizationJobs].find(([, jobs]) => jobs.length > 0)!;
    await check('/servicePrincipals', 'servicePrincipal');
    await check(`/servicePrincipals/${assignment.resourceId}/appRoleAssignedTo`, 'appRoleAssignment');
    await check(`/servicePrincipals/${scimId}/synchronization/jobs`, 'synchronizationJob');
  });

  it('directory roles, role definitions, role assignments, grants, sign-ins and the organization', async () => {
    await check('/directoryRoles', 'directoryRole');
    await check('/roleManagement/directory/roleDefinitions', 'unifiedRoleDefinition');
    await check('/roleManagement/directory/roleAssignments', 'unifiedRoleAssignment');
    await check('/oauth2PermissionGrants', 'oAuth2PermissionGrant');
    await check('/auditLogs/signIns', 'signIn');
    await check('/organization', 'organization');
  });

  it('covered every type the simulator serves', () => {
    for (const type of [
      'user',
      'group',
      'servicePrincipal',
      'appRoleAssignment',
      'synchronizationJob',
      'directoryRole',
      'unifiedRoleDefinition',
      'unifiedRoleAssignment',
      'oAuth2PermissionGrant',
      'signIn',
      'organization',
    ]) {
      assert.ok(seen.get(type), `no ${type} was checked`);
    }
  });
});

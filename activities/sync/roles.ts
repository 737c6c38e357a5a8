// Directory roles: every role definition is a resource with a member entitlement (keyed by template id); tenant-wide
// role assignments are its grants. Both modes re-read them whole — a tenant has ~100 definitions and a few hundred
// assignments, cheaper to read than to track.
import {
  deleteUnseenDirectGrants,
  groupsHoldingDirectly,
  recomputeViaGroupGrants,
  upsertEntitlements,
  upsertGrants,
  upsertResources,
} from '../../catalog/directory/writes/index.js';
import { collectAll } from '../../entra/paging.js';
import { roleEntitlements, roleToResource, type GraphRoleDefinition } from '../../entra/resources/roles.js';
import { entitlementIdPrefixes, entitlementIds } from '../../domain/entitlement-id.js';
import { principalKindOf, type GrantRow } from '../../entra/resources/rows.js';
import type { StageContext } from './stage.js';

interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId?: string;
  principal?: { id: string; '@odata.type'?: string; servicePrincipalType?: string } | null;
}

export async function syncRoles(ctx: StageContext) {
  const base = { connectorId: ctx.connector.id, generation: ctx.generation };
  const definitions = await collectAll<GraphRoleDefinition>(ctx.client, '/roleManagement/directory/roleDefinitions', {
    signal: ctx.signal,
  });
  const resources = definitions.map(roleToResource);
  await upsertResources(ctx.db, { ...base, resources });
  await upsertEntitlements(ctx.db, { ...base, entitlements: resources.flatMap(roleEntitlements) });

  const assignments = await collectAll<RoleAssignment>(
    ctx.client,
    '/roleManagement/directory/roleAssignments?$expand=principal',
    { signal: ctx.signal },
  );
  const grants = assignments
    .filter((a) => (a.directoryScopeId ?? '/') === '/')
    .map((a): GrantRow => ({
      entitlementId: entitlementIds.roleMember(a.roleDefinitionId),
      principalId: a.principalId,
      principalKind: principalKindOf(a.principal?.['@odata.type'], a.principal?.servicePrincipalType) ?? 'user',
      viaGroupId: null,
      sourceId: a.id,
    }));
  const roles = { connectorId: ctx.connector.id, entitlementPrefix: entitlementIdPrefixes.directoryRoles };
  const holdersBefore = await groupsHoldingDirectly(ctx.db, roles);
  await upsertGrants(ctx.db, { ...base, grants });
  // Assignments not seen this run were removed in Entra.
  await deleteUnseenDirectGrants(ctx.db, { ...roles, generation: ctx.generation });
  const groups = [
    ...new Set([...holdersBefore, ...grants.filter((g) => g.principalKind === 'group').map((g) => g.principalId)]),
  ];
  if (groups.length) await recomputeViaGroupGrants(ctx.db, { ...base, groupIds: groups });
  return { counts: { roles: resources.length, entitlements: resources.length, grants: grants.length } };
}

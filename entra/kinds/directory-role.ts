// Directory role membership, tenant-wide (directoryScopeId '/'), keyed by role template id. Directly a unified role
// assignment; in PIM mode a role assignment schedule request.
import type { UnifiedRoleAssignment } from '@microsoft/microsoft-graph-types';
import { collectAll } from '../paging.js';
import { classifyGraphError } from '../outcomes.js';
import type { KindModule, EntitlementOfKind, TenantGraphTarget } from './types.js';

type RoleMember = EntitlementOfKind<'roleMember'>;

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';
const PIM_ROLE_REQUESTS = '/roleManagement/directory/roleAssignmentScheduleRequests';
const TENANT_WIDE = '/';

async function assignmentOf({ client }: TenantGraphTarget, e: RoleMember, principalId: string) {
  const all = await collectAll<UnifiedRoleAssignment>(client, `${ASSIGNMENTS}?$filter=principalId eq '${principalId}'`);
  return all.find(
    (a) => a.roleDefinitionId === e.roleTemplateId && (a.directoryScopeId ?? TENANT_WIDE) === TENANT_WIDE,
  );
}

export const roleMember: KindModule<RoleMember> = {
  has: async (graph, e, principalId) => (await assignmentOf(graph, e, principalId)) !== undefined,
  async add(graph, e, principalId) {
    // A duplicate is refused with a generic 400 ("A conflicting object ... is present"), so look first.
    if (await assignmentOf(graph, e, principalId)) return 'already_done';
    await graph.client
      .api(ASSIGNMENTS)
      .post({ principalId, roleDefinitionId: e.roleTemplateId, directoryScopeId: TENANT_WIDE });
    return 'changed';
  },
  async remove(graph, e, principalId) {
    const found = await assignmentOf(graph, e, principalId);
    if (!found?.id) return 'already_done';
    try {
      await graph.client.api(`${ASSIGNMENTS}/${found.id}`).delete();
      return 'changed';
    } catch (error) {
      if (classifyGraphError(error) === 'NotFound') return 'already_done';
      throw error;
    }
  },
  pim: (e) => ({ url: PIM_ROLE_REQUESTS, body: { roleDefinitionId: e.roleTemplateId, directoryScopeId: TENANT_WIDE } }),
};

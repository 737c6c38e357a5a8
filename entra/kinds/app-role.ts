// App role assignments on an enterprise application (service principal). No PIM equivalent: always direct writes.
// App ownership is not a kind here: granting it needs Application.ReadWrite.All, which Lantern never holds.
import type { AppRoleAssignment } from '@microsoft/microsoft-graph-types';
import { collectAll } from '../paging.js';
import { classifyGraphError } from '../outcomes.js';
import type { KindModule, EntitlementOfKind, TenantGraphTarget } from './types.js';

type AppRole = EntitlementOfKind<'appRole'>;

async function assignmentOf({ client }: TenantGraphTarget, e: AppRole, principalId: string) {
  const all = await collectAll<AppRoleAssignment>(
    client,
    `/servicePrincipals/${e.servicePrincipalId}/appRoleAssignedTo?$top=999`,
  );
  return all.find((a) => a.principalId === principalId && a.appRoleId === e.appRoleId);
}

export const appRole: KindModule<AppRole> = {
  has: async (graph, e, principalId) => (await assignmentOf(graph, e, principalId)) !== undefined,
  async add({ client }, e, principalId) {
    try {
      await client
        .api(`/servicePrincipals/${e.servicePrincipalId}/appRoleAssignedTo`)
        .post({ principalId, resourceId: e.servicePrincipalId, appRoleId: e.appRoleId });
      return 'changed';
    } catch (error) {
      // 400 "Permission being assigned already exists on the object".
      if (classifyGraphError(error) === 'AlreadyExists') return 'already_done';
      throw error;
    }
  },
  async remove(graph, e, principalId) {
    const found = await assignmentOf(graph, e, principalId);
    if (!found?.id) return 'already_done';
    try {
      await graph.client.api(`/servicePrincipals/${e.servicePrincipalId}/appRoleAssignedTo/${found.id}`).delete();
      return 'changed';
    } catch (error) {
      if (classifyGraphError(error) === 'NotFound') return 'already_done';
      throw error;
    }
  },
};

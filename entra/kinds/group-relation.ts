// Group membership and group ownership: one `$ref` relation each, granted directly or through PIM for Groups.
// Adding a *user* as a member directly also needs User.ReadWrite.All (see entra/permission-sets.ts).
import { collectAll } from '../paging.js';
import { classifyGraphError } from '../outcomes.js';
import { directoryObjectRef, type KindModule, type EntitlementOfKind } from './types.js';

const PIM_GROUP_REQUESTS = '/identityGovernance/privilegedAccess/group/assignmentScheduleRequests';

type GroupEntitlement = EntitlementOfKind<'groupMember' | 'groupOwner'>;

function groupRelationKind(relation: 'members' | 'owners', accessId: 'member' | 'owner'): KindModule<GroupEntitlement> {
  return {
    async has({ client }, e, principalId) {
      const ids = await collectAll<{ id: string }>(client, `/groups/${e.groupId}/${relation}?$select=id&$top=999`);
      return ids.some((o) => o.id === principalId);
    },
    async add({ client, graphBaseUrl }, e, principalId) {
      try {
        await client.api(`/groups/${e.groupId}/${relation}/$ref`).post(directoryObjectRef(graphBaseUrl, principalId));
        return 'changed';
      } catch (error) {
        // 400 "One or more added object references already exist".
        if (classifyGraphError(error) === 'AlreadyExists') return 'already_done';
        throw error;
      }
    },
    async remove({ client }, e, principalId) {
      try {
        await client.api(`/groups/${e.groupId}/${relation}/${principalId}/$ref`).delete();
        return 'changed';
      } catch (error) {
        // 404, or 400 "One or more removed object references do not exist": Graph answers both for a non-member.
        if (classifyGraphError(error) === 'NotFound') return 'already_done';
        throw error;
      }
    },
    pim: (e) => ({ url: PIM_GROUP_REQUESTS, body: { groupId: e.groupId, accessId } }),
  };
}

export const groupMember = groupRelationKind('members', 'member');
export const groupOwner = groupRelationKind('owners', 'owner');

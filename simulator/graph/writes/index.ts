// Registers every Graph write, PIM and $batch endpoint with the plugin's route table (plugin.ts calls this once).
// Route permissions are the ones every call needs; conditional ones (member type, role-assignable groups) are checked
// inside the operations. Parameters are read by position: the route trie keeps the first name registered for a
// segment, and reads may register the same segment under another name.
import type { SimulatorContext } from '../../context.js';
import { handleBatch } from '../batch.js';
import { createGroupScheduleRequest } from '../pim/group-requests.js';
import { registerPimReads } from '../pim/reads.js';
import { createRoleScheduleRequest } from '../pim/role-requests.js';
import { graphRoute, type GraphRequest, type GraphResponse, type PermissionRequirement } from '../route.js';
import { createAppRoleAssignment, deleteAppRoleAssignment } from './app-role-assignments.js';
import { addGroupReference, patchGroup, removeGroupReference } from './group-members.js';
import type { GroupRelation } from './group-rules.js';
import { jsonObject, objectIdFromRefBody, requireOwnOriginBinds } from './references.js';
import {
  addDirectoryRoleMember,
  createRoleAssignment,
  deleteRoleAssignment,
  removeDirectoryRoleMember,
  roleAssignmentBody,
} from './role-assignments.js';
import { addServicePrincipalOwner, removeServicePrincipalOwner } from './service-principal-owners.js';
import { withActor } from './actor.js';
import { deletePermissionGrant, GRANT_DELETE_PERMISSIONS } from './permission-grants.js';
import { REVOKE_SESSIONS_PERMISSIONS, revokeSignInSessions } from './revoke-sessions.js';

const param = (req: GraphRequest, index: number): string => Object.values(req.params)[index] ?? '';
const now = (req: GraphRequest): number => req.ctx.store.clock.now();
const context = (req: GraphRequest, path: string): string =>
  `${req.ctx.graphBaseUrl.replace(/\/?$/, '/')}v1.0/$metadata#${path}`;

type Handler = (req: GraphRequest) => GraphResponse | undefined | Promise<GraphResponse | undefined>;
type Route = [method: 'POST' | 'PATCH' | 'DELETE', url: string, permissions: PermissionRequirement[], handler: Handler];

const GROUP_MEMBER_WRITE = 'GroupMember.ReadWrite.All';
const APP_ROLE_WRITE = ['AppRoleAssignment.ReadWrite.All', 'Application.Read.All'];
const ROLE_WRITE = 'RoleManagement.ReadWrite.Directory';

function groupReferenceRoutes(relation: GroupRelation): Route[] {
  return [
    [
      'POST',
      `groups/{id}/${relation}/$ref`,
      [GROUP_MEMBER_WRITE],
      (req) => {
        addGroupReference(req.tenant, req.caller, {
          groupId: param(req, 0),
          relation,
          objectId: objectIdFromRefBody(jsonObject(req.body), relation, req.ctx.graphBaseUrl),
        });
        return undefined;
      },
    ],
    [
      'DELETE',
      `groups/{id}/${relation}/{objectId}/$ref`,
      [GROUP_MEMBER_WRITE],
      (req) => {
        removeGroupReference(req.tenant, req.caller, { groupId: param(req, 0), relation, objectId: param(req, 1) });
        return undefined;
      },
    ],
  ];
}

function appRoleAssignmentRoutes(): Route[] {
  const created = (req: GraphRequest, path: string, a: object): GraphResponse => ({
    status: 201,
    body: { '@odata.context': context(req, path), ...a },
  });
  const routes: Route[] = [
    [
      'POST',
      'servicePrincipals/{id}/appRoleAssignedTo',
      APP_ROLE_WRITE,
      (req) =>
        created(
          req,
          `servicePrincipals('${param(req, 0)}')/appRoleAssignedTo/$entity`,
          createAppRoleAssignment(req.tenant, now(req), jsonObject(req.body), param(req, 0)),
        ),
    ],
    [
      'DELETE',
      'servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}',
      [APP_ROLE_WRITE[0]!],
      (req) => {
        deleteAppRoleAssignment(req.tenant, param(req, 1), { resourceId: param(req, 0) });
        return undefined;
      },
    ],
  ];
  for (const collection of ['users', 'groups', 'servicePrincipals']) {
    routes.push(
      [
        'POST',
        `${collection}/{id}/appRoleAssignments`,
        APP_ROLE_WRITE,
        (req) => {
          const body = jsonObject(req.body);
          if (String(body.principalId ?? '').toLowerCase() !== param(req, 0).toLowerCase())
            body.principalId = param(req, 0);
          return created(
            req,
            `${collection}('${param(req, 0)}')/appRoleAssignments/$entity`,
            createAppRoleAssignment(req.tenant, now(req), body),
          );
        },
      ],
      [
        'DELETE',
        `${collection}/{id}/appRoleAssignments/{assignmentId}`,
        [APP_ROLE_WRITE[0]!],
        (req) => {
          deleteAppRoleAssignment(req.tenant, param(req, 1), { principalId: param(req, 0) });
          return undefined;
        },
      ],
    );
  }
  return routes;
}

function roleRoutes(): Route[] {
  return [
    [
      'POST',
      'servicePrincipals/{id}/owners/$ref',
      ['Application.ReadWrite.All'],
      (req) => {
        addServicePrincipalOwner(
          req.tenant,
          param(req, 0),
          objectIdFromRefBody(jsonObject(req.body), 'owners', req.ctx.graphBaseUrl),
        );
        return undefined;
      },
    ],
    [
      'DELETE',
      'servicePrincipals/{id}/owners/{objectId}/$ref',
      ['Application.ReadWrite.All'],
      (req) => {
        removeServicePrincipalOwner(req.tenant, param(req, 0), param(req, 1));
        return undefined;
      },
    ],
    [
      'POST',
      'directoryRoles/{id}/members/$ref',
      [ROLE_WRITE],
      (req) => {
        addDirectoryRoleMember(
          req.tenant,
          param(req, 0),
          objectIdFromRefBody(jsonObject(req.body), 'members', req.ctx.graphBaseUrl),
        );
        return undefined;
      },
    ],
    [
      'DELETE',
      'directoryRoles/{id}/members/{objectId}/$ref',
      [ROLE_WRITE],
      (req) => {
        removeDirectoryRoleMember(req.tenant, param(req, 0), param(req, 1));
        return undefined;
      },
    ],
    [
      'POST',
      'roleManagement/directory/roleAssignments',
      [ROLE_WRITE],
      (req) => ({
        status: 201,
        body: {
          '@odata.context': context(req, 'roleManagement/directory/roleAssignments/$entity'),
          ...roleAssignmentBody(createRoleAssignment(req.tenant, jsonObject(req.body))),
        },
      }),
    ],
    [
      'DELETE',
      'roleManagement/directory/roleAssignments/{id}',
      [ROLE_WRITE],
      (req) => {
        deleteRoleAssignment(req.tenant, param(req, 0));
        return undefined;
      },
    ],
  ];
}

function pimRoutes(): Route[] {
  return [
    [
      'POST',
      'roleManagement/directory/roleAssignmentScheduleRequests',
      ['RoleAssignmentSchedule.ReadWrite.Directory'],
      (req) => ({
        status: 201,
        body: {
          '@odata.context': context(req, 'roleManagement/directory/roleAssignmentScheduleRequests/$entity'),
          ...createRoleScheduleRequest(req.tenant, req.caller, now(req), jsonObject(req.body)),
        },
      }),
    ],
    [
      'POST',
      'identityGovernance/privilegedAccess/group/assignmentScheduleRequests',
      ['PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup'],
      (req) => ({
        status: 201,
        body: {
          '@odata.context': context(
            req,
            'identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity',
          ),
          ...createGroupScheduleRequest(req.tenant, req.caller, now(req), jsonObject(req.body)),
        },
      }),
    ],
  ];
}

export function registerGraphWrites(ctx: SimulatorContext): void {
  const routes: Route[] = [
    ...groupReferenceRoutes('members'),
    ...groupReferenceRoutes('owners'),
    [
      'PATCH',
      'groups/{id}',
      [GROUP_MEMBER_WRITE],
      (req) => {
        const body = jsonObject(req.body);
        requireOwnOriginBinds(body, req.ctx.graphBaseUrl);
        patchGroup(req.tenant, req.caller, param(req, 0), body);
        return undefined;
      },
    ],
    ...appRoleAssignmentRoutes(),
    ...roleRoutes(),
    ...pimRoutes(),
    [
      'POST',
      'users/{id}/revokeSignInSessions',
      REVOKE_SESSIONS_PERMISSIONS,
      (req) => {
        revokeSignInSessions(req.tenant, param(req, 0), now(req));
        return { status: 200, body: { '@odata.context': context(req, 'Edm.Boolean'), value: true } };
      },
    ],
    [
      'DELETE',
      'oauth2PermissionGrants/{id}',
      GRANT_DELETE_PERMISSIONS,
      (req) => {
        deletePermissionGrant(req.tenant, param(req, 0));
        return undefined;
      },
    ],
  ];
  for (const [method, url, permissions, handler] of routes)
    graphRoute(ctx, { method, url, permissions, handler: withActor(handler) });
  // $batch items come back through the route table one by one, each with its own actor.
  graphRoute(ctx, { method: 'POST', url: '$batch', permissions: [], handler: handleBatch });
  registerPimReads(ctx);
}

// Directory roles (only activated ones; never paged, as Graph documents) and unified RBAC:
// roleManagement/directory/roleDefinitions and roleAssignments ($filter on principalId / roleDefinitionId,
// $expand=principal|roleDefinition).
import type { SimulatorContext } from '../../context.js';
import type { UnifiedRoleAssignment } from '../../model/types.js';
import { graphErrors } from '../errors.js';
import { listCollection } from '../query/collection.js';
import type { QueryOptions } from '../query/options.js';
import { directoryObjectUnion, project, schemaOf } from '../query/schema.js';
import { graphRoute, type GraphRequest } from '../route.js';
import { directoryObjectList, directoryRoleByKey, entityResponse, renderDirectoryObject } from './common.js';

const ROLES = schemaOf('directoryRole');
const DEFINITIONS = schemaOf('unifiedRoleDefinition');
const ASSIGNMENTS = schemaOf('unifiedRoleAssignment');
const READ = ['RoleManagement.Read.Directory'];

export function registerRoleReads(ctx: SimulatorContext): void {
  graphRoute(ctx, {
    method: 'GET',
    url: 'directoryRoles',
    permissions: READ,
    handler: (req) => {
      const byId = new Map([...req.tenant.directoryRoles.values()].map((r) => [r.id, r]));
      return listCollection({
        req,
        schema: ROLES,
        context: 'directoryRoles',
        ids: [...byId.keys()].sort(),
        order: 'sorted',
        load: (id) => byId.get(id),
        rules: { collection: true },
        paged: false,
      });
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'directoryRoles/{id}',
    permissions: READ,
    handler: (req) => entityResponse(req, ROLES, 'directoryRoles', directoryRoleByKey(req.tenant, req.params.id!)),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'directoryRoles/{id}/members',
    permissions: READ,
    handler: (req) => {
      const role = directoryRoleByKey(req.tenant, req.params.id!);
      const { load, render } = directoryObjectList(req.tenant);
      const ids = [...new Set(req.tenant.directoryRoleMembers(role.roleTemplateId))].sort();
      return listCollection({
        req,
        schema: directoryObjectUnion(),
        context: 'directoryObjects',
        ids,
        order: 'sorted',
        load,
        render,
        rules: { collection: true },
        paged: false,
      });
    },
  });

  graphRoute(ctx, {
    method: 'GET',
    url: 'roleManagement/directory/roleDefinitions',
    permissions: READ,
    handler: (req) =>
      listCollection({
        req,
        schema: DEFINITIONS,
        context: 'roleManagement/directory/roleDefinitions',
        ids: [...req.tenant.roleDefinitions.keys()].sort(),
        order: 'sorted',
        load: (id) => req.tenant.roleDefinitions.get(id),
        rules: { collection: true },
      }),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'roleManagement/directory/roleDefinitions/{id}',
    permissions: READ,
    handler: (req) => {
      const def =
        req.tenant.roleDefinitions.get(req.params.id!) ?? req.tenant.roleDefinitions.get(req.params.id!.toLowerCase());
      if (!def) throw graphErrors.notFound(req.params.id!);
      return entityResponse(req, DEFINITIONS, 'roleManagement/directory/roleDefinitions', def);
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'roleManagement/directory/roleAssignments',
    permissions: READ,
    handler: (req) =>
      listCollection({
        req,
        schema: ASSIGNMENTS,
        context: 'roleManagement/directory/roleAssignments',
        ids: [...req.tenant.roleAssignments.keys()].sort(),
        order: 'sorted',
        load: (id) => req.tenant.roleAssignments.get(id),
        rules: { collection: true, expandable: ['principal', 'roleDefinition'] },
        render: (r, o) => renderAssignment(req, r as UnifiedRoleAssignment, o),
      }),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'roleManagement/directory/roleAssignments/{id}',
    permissions: READ,
    handler: (req) => {
      const assignment = req.tenant.roleAssignments.get(req.params.id!);
      if (!assignment) throw graphErrors.notFound(req.params.id!);
      return entityResponse(req, ASSIGNMENTS, 'roleManagement/directory/roleAssignments', assignment, (options) => {
        // Only the expanded navigation property: the entity's own properties are projected by entityResponse.
        const { principal, roleDefinition } = renderAssignment(req, assignment, options);
        return { ...(principal ? { principal } : {}), ...(roleDefinition ? { roleDefinition } : {}) };
      });
    },
  });
}

function renderAssignment(req: GraphRequest, a: UnifiedRoleAssignment, options: QueryOptions): Record<string, unknown> {
  const out = project(a, ASSIGNMENTS, options.select);
  if (options.expand === 'principal') {
    const principal = renderDirectoryObject(req.tenant, a.principalId, options.expandSelect);
    if (principal) out.principal = principal;
  }
  if (options.expand === 'roleDefinition') {
    const def = req.tenant.roleDefinitions.get(a.roleDefinitionId);
    if (def) out.roleDefinition = project(def, DEFINITIONS, options.expandSelect);
  }
  return out;
}

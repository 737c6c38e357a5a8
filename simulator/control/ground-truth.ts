// Ground truth for reconcile tests: counts, and a full export streamed as NDJSON (one object or relationship list per
// line) so an XL tenant never has to be held as one JSON string.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '../model/tenant.js';
import type { ControlDeps } from './routes.js';
import { tenantOf, type TenantParams } from './tenant-param.js';

export function registerGroundTruthRoutes(app: FastifyInstance, { ctx }: ControlDeps): void {
  app.get<TenantParams>('/tenants/:tenant/counts', async (request) => counts(tenantOf(ctx, request.params.tenant)));
  app.get<TenantParams>('/tenants/:tenant/export', async (request, reply) => {
    const tenant = tenantOf(ctx, request.params.tenant);
    return reply.type('application/x-ndjson').send(Readable.from(chunked(exportLines(tenant))));
  });
}

export function counts(tenant: Tenant) {
  let memberships = 0;
  for (const members of tenant.groupMembers.values()) memberships += members.size;
  let guests = 0;
  let disabled = 0;
  for (const u of tenant.users.values()) {
    if (u.userType === 'Guest') guests++;
    if (!u.accountEnabled) disabled++;
  }
  return {
    users: tenant.users.size,
    guests,
    disabledUsers: disabled,
    groups: tenant.groups.size,
    memberships,
    servicePrincipals: tenant.servicePrincipals.size,
    appRoleAssignments: tenant.appRoleAssignments.size,
    roleAssignments: tenant.roleAssignments.size,
    directoryRoles: tenant.directoryRoles.size,
    oauth2PermissionGrants: tenant.oauth2PermissionGrants.size,
    synchronizationJobs: tenant.synchronizationJobs.size,
    signIns: tenant.signIns.length,
    lastChangeSeq: tenant.lastSeq,
  };
}

/** Lines are `{"type": ..., ...}`; relationships come as one line per source object with the target ids. */
export function* exportLines(tenant: Tenant): Generator<string> {
  const line = (type: string, value: object) => `${JSON.stringify({ type, ...value })}\n`;
  yield line('tenant', {
    id: tenant.id,
    domain: tenant.info.domain,
    size: tenant.info.size,
    licence: tenant.info.licence,
    lastChangeSeq: tenant.lastSeq,
  });
  for (const u of tenant.users.values()) yield line('user', u);
  for (const g of tenant.groups.values()) yield line('group', g);
  for (const sp of tenant.servicePrincipals.values()) yield line('servicePrincipal', sp);
  for (const [groupId, ids] of tenant.groupMembers)
    if (ids.size) yield line('groupMembers', { groupId, memberIds: [...ids] });
  for (const [groupId, ids] of tenant.groupOwners)
    if (ids.size) yield line('groupOwners', { groupId, ownerIds: [...ids] });
  for (const [servicePrincipalId, ids] of tenant.servicePrincipalOwners)
    if (ids.size) yield line('servicePrincipalOwners', { servicePrincipalId, ownerIds: [...ids] });
  for (const [userId, managerId] of tenant.managers) yield line('manager', { userId, managerId });
  for (const a of tenant.appRoleAssignments.values()) yield line('appRoleAssignment', a);
  for (const r of tenant.roleAssignments.values()) yield line('roleAssignment', r);
  for (const r of tenant.directoryRoles.values()) yield line('directoryRole', r);
  for (const g of tenant.oauth2PermissionGrants.values()) yield line('oauth2PermissionGrant', g);
  for (const [servicePrincipalId, jobs] of tenant.synchronizationJobs)
    yield line('synchronizationJobs', { servicePrincipalId, jobs });
}

/** Groups lines into ~64 KiB chunks: one stream chunk per line would make an XL export crawl. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const l of lines) {
    buffer += l;
    if (buffer.length >= 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

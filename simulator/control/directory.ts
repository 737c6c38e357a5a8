// Directory mutations for tests and demos. Every change goes through Tenant methods, so delta queries see it exactly
// as they would see a change made in the Entra portal.
import { userIdentities } from '../model/gen-licences.js';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '../model/tenant.js';
import type { Group, ServicePrincipal, User } from '../model/types.js';
import { grantAdminConsent, revokeAdminConsent } from '../model/consent.js';
import { appRoleAssignmentId, roleAssignmentId } from '../model/ids.js';
import { isoAt } from '../model/gen-context.js';
import { DEFAULT_ACCESS_APP_ROLE_ID } from '../model/well-known.js';
import type { ControlDeps } from './routes.js';
import { controlErrors } from './errors.js';
import { newGroup, newServicePrincipal, newUser, patchable } from './records.js';
import { tenantOf } from './tenant-param.js';

type P<Extra = object> = { Params: { tenant: string; id: string } & Extra };
type Collection = 'users' | 'groups' | 'servicePrincipals';

export function registerDirectoryRoutes(app: FastifyInstance, { ctx }: ControlDeps): void {
  const tenant = (params: { tenant: string }) => tenantOf(ctx, params.tenant);
  const now = () => isoAt(ctx.store.clock.now());

  app.post<{ Params: { tenant: string }; Body: Partial<User> & { password?: string } }>(
    '/tenants/:tenant/users',
    async (request, reply) => {
      const t = tenant(request.params);
      const { password, ...fields } = request.body ?? {};
      const user = newUser(fields, t.info.domain, now());
      if (
        [...t.users.values()].some((u) => u.userPrincipalName.toLowerCase() === user.userPrincipalName.toLowerCase())
      ) {
        throw controlErrors.conflict(`userPrincipalName '${user.userPrincipalName}' is taken`);
      }
      t.putUser(user);
      if (password) t.passwords.set(user.id, password);
      return reply.code(201).send(user);
    },
  );
  app.post<{ Params: { tenant: string }; Body: Partial<Group> }>('/tenants/:tenant/groups', async (request, reply) => {
    const t = tenant(request.params);
    const group = newGroup(request.body ?? {}, t.info.domain, now());
    t.putGroup(group);
    return reply.code(201).send(group);
  });
  app.post<{ Params: { tenant: string }; Body: Parameters<typeof newServicePrincipal>[0] }>(
    '/tenants/:tenant/servicePrincipals',
    async (request, reply) => {
      const sp = newServicePrincipal(request.body ?? {});
      tenant(request.params).putServicePrincipal(sp);
      return reply.code(201).send(sp);
    },
  );

  for (const collection of ['users', 'groups', 'servicePrincipals'] as const) {
    app.patch<P & { Body: Record<string, unknown> }>(`/tenants/:tenant/${collection}/:id`, async (request) => {
      const t = tenant(request.params);
      const changes = patchable(request.body ?? {});
      if (!Object.keys(changes).length) throw controlErrors.invalid('nothing to change');
      return update(t, collection, request.params.id, changes);
    });
    app.delete<P>(`/tenants/:tenant/${collection}/:id`, async (request, reply) => {
      const t = tenant(request.params);
      if (t.kindOf(request.params.id) !== kindOf(collection) || !t.deleteObject(request.params.id))
        throw controlErrors.objectNotFound(request.params.id);
      return reply.code(204).send();
    });
  }

  registerRelationships(app, tenant);

  app.put<P & { Body: { managerId: string | null } }>('/tenants/:tenant/users/:id/manager', async (request) => {
    const t = tenant(request.params);
    const managerId = request.body?.managerId ?? null;
    if (!t.users.has(request.params.id)) throw controlErrors.objectNotFound(request.params.id);
    if (managerId !== null && !t.users.has(managerId)) throw controlErrors.objectNotFound(managerId);
    return { changed: t.setManager(request.params.id, managerId) };
  });

  app.post<{ Params: { tenant: string }; Body: { principalId: string; resourceId: string; appRoleId?: string } }>(
    '/tenants/:tenant/appRoleAssignments',
    async (request, reply) => {
      const t = tenant(request.params);
      const { principalId, resourceId, appRoleId = DEFAULT_ACCESS_APP_ROLE_ID } = request.body ?? ({} as never);
      const resource = t.servicePrincipals.get(resourceId);
      const principal = t.users.get(principalId) ?? t.groups.get(principalId) ?? t.servicePrincipals.get(principalId);
      if (!resource) throw controlErrors.objectNotFound(String(resourceId));
      if (!principal) throw controlErrors.objectNotFound(String(principalId));
      const kind = t.kindOf(principalId);
      const assignment = {
        id: appRoleAssignmentId(principalId),
        appRoleId,
        createdDateTime: now(),
        deletedDateTime: null,
        principalDisplayName: principal.displayName,
        principalId,
        principalType:
          kind === 'user' ? ('User' as const) : kind === 'group' ? ('Group' as const) : ('ServicePrincipal' as const),
        resourceDisplayName: resource.displayName,
        resourceId,
      };
      t.putAppRoleAssignment(assignment);
      return reply.code(201).send(assignment);
    },
  );
  app.delete<P>('/tenants/:tenant/appRoleAssignments/:id', async (request, reply) => {
    if (!tenant(request.params).deleteAppRoleAssignment(request.params.id))
      throw controlErrors.objectNotFound(request.params.id);
    return reply.code(204).send();
  });

  app.post<{ Params: { tenant: string }; Body: { principalId: string; roleDefinitionId: string } }>(
    '/tenants/:tenant/roleAssignments',
    async (request, reply) => {
      const t = tenant(request.params);
      const { principalId, roleDefinitionId } = request.body ?? ({} as never);
      if (!t.kindOf(principalId)) throw controlErrors.objectNotFound(String(principalId));
      if (!t.roleDefinitions.has(roleDefinitionId)) throw controlErrors.objectNotFound(String(roleDefinitionId));
      const assignment = {
        id: roleAssignmentId(roleDefinitionId, principalId),
        principalId,
        roleDefinitionId,
        directoryScopeId: '/',
        resourceScope: '/',
        appScopeId: null,
      };
      if (t.roleAssignments.has(assignment.id)) throw controlErrors.conflict('the principal already holds this role');
      t.putRoleAssignment(assignment);
      return reply.code(201).send(assignment);
    },
  );
  app.delete<P>('/tenants/:tenant/roleAssignments/:id', async (request, reply) => {
    if (!tenant(request.params).removeRoleAssignment(request.params.id))
      throw controlErrors.objectNotFound(request.params.id);
    return reply.code(204).send();
  });

  // Both of Lantern's apps, as a consented tenant has them (the read-write one when registered).
  app.post<{ Params: { tenant: string } }>('/tenants/:tenant/consent', async (request) => {
    const t = tenant(request.params);
    const sp = grantAdminConsent({ tenant: t, app: ctx.store.app, at: now(), newId: randomUUID });
    const rw = ctx.store.appReadWrite;
    const rwSp = rw ? grantAdminConsent({ tenant: t, app: rw, at: now(), newId: randomUUID }) : undefined;
    return { adminConsented: true, servicePrincipalId: sp.id, readWriteServicePrincipalId: rwSp?.id ?? null };
  });
  app.delete<{ Params: { tenant: string } }>('/tenants/:tenant/consent', async (request) => {
    const t = tenant(request.params);
    revokeAdminConsent(t, ctx.store.app);
    if (ctx.store.appReadWrite) revokeAdminConsent(t, ctx.store.appReadWrite);
    return { adminConsented: false };
  });
}

function registerRelationships(app: FastifyInstance, tenant: (p: { tenant: string }) => Tenant): void {
  const add = { members: 'addGroupMember', owners: 'addGroupOwner' } as const;
  const remove = { members: 'removeGroupMember', owners: 'removeGroupOwner' } as const;
  for (const relation of ['members', 'owners'] as const) {
    app.post<P & { Body: { id: string } }>(`/tenants/:tenant/groups/:id/${relation}`, async (request, reply) => {
      const t = tenant(request.params);
      const targetId = request.body?.id;
      if (!t.groups.has(request.params.id)) throw controlErrors.objectNotFound(request.params.id);
      if (!targetId || !t.kindOf(targetId)) throw controlErrors.objectNotFound(String(targetId));
      if (!t[add[relation]](request.params.id, targetId))
        throw controlErrors.conflict(`already one of the group's ${relation}`);
      return reply.code(204).send();
    });
    app.delete<P<{ targetId: string }>>(`/tenants/:tenant/groups/:id/${relation}/:targetId`, async (request, reply) => {
      const t = tenant(request.params);
      if (!t[remove[relation]](request.params.id, request.params.targetId))
        throw controlErrors.objectNotFound(request.params.targetId);
      return reply.code(204).send();
    });
  }
}

function kindOf(collection: Collection) {
  return collection === 'users' ? 'user' : collection === 'groups' ? 'group' : 'servicePrincipal';
}

function update(
  t: Tenant,
  collection: Collection,
  id: string,
  changes: Record<string, unknown>,
): User | Group | ServicePrincipal {
  const props = Object.keys(changes);
  if (collection === 'users') {
    const current = t.users.get(id);
    if (!current) throw controlErrors.objectNotFound(id);
    const next = { ...current, ...changes } as User;
    // Entra keeps the userPrincipalName sign-in identity in step with the UPN.
    if (props.includes('userPrincipalName')) next.identities = userIdentities(next, t.info.domain);
    t.putUser(next, props);
    return next;
  }
  if (collection === 'groups') {
    const current = t.groups.get(id);
    if (!current) throw controlErrors.objectNotFound(id);
    const next = { ...current, ...changes } as Group;
    t.putGroup(next, props);
    return next;
  }
  const current = t.servicePrincipals.get(id);
  if (!current) throw controlErrors.objectNotFound(id);
  const next = { ...current, ...changes } as ServicePrincipal;
  t.putServicePrincipal(next, props);
  return next;
}

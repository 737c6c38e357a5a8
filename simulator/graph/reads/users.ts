// GET /users, /users/$count, /users/{id|userPrincipalName}, /users/{id}/manager, /users/{id}/directReports.
// signInActivity is returned only when selected, only to premium (P1/P2) tenants and only with AuditLog.Read.All.
import type { SimulatorContext } from '../../context.js';
import { graphErrors } from '../errors.js';
import { hasPermission } from '../permissions.js';
import { countCollection, isEventual, listCollection } from '../query/collection.js';
import { sortedIds } from '../query/id-index.js';
import { option, type QueryOptions } from '../query/options.js';
import { directoryObjectUnion, project, schemaOf } from '../query/schema.js';
import { graphRoute, type GraphRequest } from '../route.js';
import { advancedQueryId, directoryObjectList, entityResponse, renderDirectoryObject, userByKey } from './common.js';

const USERS = schemaOf('user');
const READ = ['User.Read.All'];

export function registerUserReads(ctx: SimulatorContext): void {
  graphRoute(ctx, { method: 'GET', url: 'users', permissions: READ, handler: listUsers });
  graphRoute(ctx, {
    method: 'GET',
    url: 'users/$count',
    permissions: READ,
    handler: (req) =>
      countCollection(req, USERS, sortedIds(req.tenant, 'users', req.tenant.users), (id) => req.tenant.users.get(id)),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'users/{id}',
    permissions: READ,
    handler: (req) => {
      guardSignInActivity(req);
      const user = userByKey(req.tenant, req.params.id!);
      return entityResponse(req, USERS, 'users', user, (o) => expandManager(req, user.id, o));
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'me',
    permissions: [['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All']],
    handler: (req) => {
      if (!req.caller.userId) throw graphErrors.meNeedsDelegated();
      return entityResponse(req, USERS, 'users', userByKey(req.tenant, req.caller.userId));
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'users/{id}/manager',
    permissions: READ,
    handler: (req) => {
      const user = userByKey(req.tenant, req.params.id!);
      const managerId = req.tenant.managers.get(user.id);
      const manager = managerId ? renderDirectoryObject(req.tenant, managerId, undefined) : undefined;
      if (!manager) throw graphErrors.notFound('manager');
      const base = req.ctx.graphBaseUrl.replace(/\/+$/, '');
      return { body: { '@odata.context': `${base}/v1.0/$metadata#directoryObjects/$entity`, ...manager } };
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'users/{id}/directReports',
    permissions: READ,
    handler: (req) => {
      const user = userByKey(req.tenant, req.params.id!);
      const reports = [...req.tenant.managers].filter(([, managerId]) => managerId === user.id).map(([id]) => id);
      const { load, render } = directoryObjectList(req.tenant);
      return listCollection({
        req,
        schema: directoryObjectUnion(),
        context: 'directoryObjects',
        ids: reports.sort(),
        order: 'sorted',
        load,
        render,
        rules: { collection: true },
      });
    },
  });
}

function listUsers(req: GraphRequest) {
  guardSignInActivity(req);
  const tenant = req.tenant;
  return listCollection({
    req,
    schema: USERS,
    context: 'users',
    ids: sortedIds(tenant, 'users', tenant.users),
    order: 'sorted',
    load: (id) => tenant.users.get(id),
    rules: { collection: true, allowSearch: true, expandable: ['manager'] },
    render: (record, options) => {
      const user = record as { id: string };
      return {
        ...advancedQueryId(req, 'user', user.id),
        ...project(record, USERS, withSignInActivityId(options.select)),
        ...expandManager(req, user.id, options),
      };
    },
  });
}

/**
 * A list that selects signInActivity also returns `id` (user-list.md Example 11: `$select=displayName,
 * userPrincipalName,signInActivity` answers with `id`), while other selections return only what they name (Example 10).
 */
function withSignInActivityId(select: string[] | undefined): string[] | undefined {
  if (!select?.includes('signInActivity') || select.includes('id')) return select;
  const at = Math.max(0, select.indexOf('signInActivity'));
  return [...select.slice(0, at), 'id', ...select.slice(at)];
}

/**
 * `$expand=manager`: the direct manager; with `$levels=n|max` the chain, each manager nested in the one below
 * (user-list-manager.md Example 2), which needs `$count=true` and `ConsistencyLevel: eventual`.
 */
function expandManager(req: GraphRequest, userId: string, options: QueryOptions): Record<string, unknown> {
  if (options.expand !== 'manager') return {};
  const levels = options.expandLevels ?? 1;
  const advanced = isEventual(req) && option(req.query, '$count')?.toLowerCase() === 'true';
  if (levels > 1 && !advanced) throw graphErrors.unsupportedQueryOption('$levels');
  const seen = new Set([userId]);
  const chain = (id: string, depth: number): Record<string, unknown> => {
    const managerId = req.tenant.managers.get(id);
    if (!managerId || depth > levels || seen.has(managerId)) return {};
    seen.add(managerId);
    const manager = renderDirectoryObject(req.tenant, managerId, options.expandSelect);
    return manager ? { manager: { ...manager, ...chain(managerId, depth + 1) } } : {};
  };
  return chain(userId, 1);
}

/** signInActivity needs a premium licence (else 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant) and AuditLog.Read.All. */
function guardSignInActivity(req: GraphRequest): void {
  const select = option(req.query, '$select');
  if (!select || !select.split(',').some((p) => p.trim().toLowerCase() === 'signinactivity')) return;
  if (req.tenant.info.licence === 'free') throw graphErrors.premiumRequired();
  if (!hasPermission(req.caller, 'AuditLog.Read.All')) throw graphErrors.forbidden();
}

// GET /servicePrincipals (+ $count), /servicePrincipals/{id} or (appId='…'), and its appRoleAssignedTo,
// appRoleAssignments, owners and synchronization/jobs.
import type { SimulatorContext } from '../../context.js';
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';
import { countCollection, listCollection } from '../query/collection.js';
import { sortedIds } from '../query/id-index.js';
import type { QueryOptions } from '../query/options.js';
import { directoryObjectUnion, project, schemaOf } from '../query/schema.js';
import { graphRoute, type GraphRequest } from '../route.js';
import {
  advancedQueryId,
  directoryObjectList,
  entityResponse,
  renderDirectoryObject,
  servicePrincipalByKey,
} from './common.js';
import { EXPAND_LIMIT } from './groups.js';

const SPS = schemaOf('servicePrincipal');
const ASSIGNMENTS = schemaOf('appRoleAssignment');
const JOBS = schemaOf('synchronizationJob');
const READ = ['Application.Read.All'];

export function registerServicePrincipalReads(ctx: SimulatorContext): void {
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals',
    permissions: READ,
    handler: (req) =>
      listCollection({
        req,
        schema: SPS,
        context: 'servicePrincipals',
        ids: sortedIds(req.tenant, 'servicePrincipals', req.tenant.servicePrincipals),
        order: 'sorted',
        load: (id) => req.tenant.servicePrincipals.get(id),
        rules: { collection: true, allowSearch: true, expandable: ['owners', 'appRoleAssignedTo'] },
        render: (r, o) => ({
          ...advancedQueryId(req, 'servicePrincipal', (r as { id: string }).id),
          ...project(r, SPS, o.select),
          ...expand(req.tenant, (r as { id: string }).id, o),
        }),
      }),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals/$count',
    permissions: READ,
    handler: (req) =>
      countCollection(req, SPS, sortedIds(req.tenant, 'servicePrincipals', req.tenant.servicePrincipals), (id) =>
        req.tenant.servicePrincipals.get(id),
      ),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals/{id}',
    permissions: READ,
    handler: (req) => {
      const sp = servicePrincipalByKey(req.tenant, req.params.id!);
      return entityResponse(req, SPS, 'servicePrincipals', sp, (o) => expand(req.tenant, sp.id, o));
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals/{id}/appRoleAssignedTo',
    permissions: READ,
    handler: (req) => assignments(req, 'resourceId', 'appRoleAssignedTo'),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals/{id}/appRoleAssignments',
    permissions: READ,
    handler: (req) => assignments(req, 'principalId', 'appRoleAssignments'),
  });
  // user-list-approleassignments.md / group-list-approleassignments.md: the app roles a user or group holds.
  for (const [collection, read] of [
    ['users', 'User.Read.All'],
    ['groups', 'Group.Read.All'],
  ] as const) {
    graphRoute(ctx, {
      method: 'GET',
      url: `${collection}/{id}/appRoleAssignments`,
      permissions: [read],
      handler: (req) => principalAssignments(req, collection),
    });
  }
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals/{id}/owners',
    permissions: READ,
    handler: (req) => {
      const sp = servicePrincipalByKey(req.tenant, req.params.id!);
      const { load, render } = directoryObjectList(req.tenant);
      return listCollection({
        req,
        schema: directoryObjectUnion(),
        context: 'directoryObjects',
        ids: [...(req.tenant.servicePrincipalOwners.get(sp.id) ?? [])].sort(),
        order: 'sorted',
        load,
        render,
        rules: { collection: true },
      });
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals/{id}/synchronization/jobs',
    permissions: ['Synchronization.Read.All'],
    handler: (req) => {
      const sp = servicePrincipalByKey(req.tenant, req.params.id!);
      const jobs = req.tenant.synchronizationJobs.get(sp.id) ?? [];
      const byId = new Map(jobs.map((j) => [j.id, j]));
      return listCollection({
        req,
        schema: JOBS,
        context: `servicePrincipals('${sp.id}')/synchronization/jobs`,
        ids: jobs.map((j) => j.id),
        order: 'fixed',
        load: (id) => byId.get(id),
        rules: { collection: true },
      });
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'servicePrincipals/{id}/synchronization/jobs/{jobId}',
    permissions: ['Synchronization.Read.All'],
    handler: (req) => {
      const sp = servicePrincipalByKey(req.tenant, req.params.id!);
      const job = (req.tenant.synchronizationJobs.get(sp.id) ?? []).find((j) => j.id === req.params.jobId);
      if (!job) throw graphErrors.notFound(req.params.jobId!);
      return entityResponse(req, JOBS, `servicePrincipals('${sp.id}')/synchronization/jobs`, job);
    },
  });
}

function assignments(req: GraphRequest, by: 'resourceId' | 'principalId', context: string) {
  const sp = servicePrincipalByKey(req.tenant, req.params.id!);
  const matching = new Map<string, object>();
  for (const a of req.tenant.appRoleAssignments.values()) if (a[by] === sp.id) matching.set(a.id, a);
  return listCollection({
    req,
    schema: ASSIGNMENTS,
    context: `servicePrincipals('${sp.id}')/${context}`,
    ids: [...matching.keys()].sort(),
    order: 'sorted',
    load: (id) => matching.get(id),
    rules: { collection: true },
  });
}

function principalAssignments(req: GraphRequest, collection: 'users' | 'groups') {
  const key = req.params.id!.toLowerCase();
  const principal =
    collection === 'groups'
      ? req.tenant.groups.get(key)
      : (req.tenant.users.get(key) ??
        [...req.tenant.users.values()].find((u) => u.userPrincipalName.toLowerCase() === key));
  if (!principal) throw graphErrors.notFound(req.params.id!);
  const matching = new Map<string, object>();
  for (const a of req.tenant.appRoleAssignments.values()) if (a.principalId === principal.id) matching.set(a.id, a);
  return listCollection({
    req,
    schema: ASSIGNMENTS,
    context: `${collection}('${principal.id}')/appRoleAssignments`,
    ids: [...matching.keys()].sort(),
    order: 'sorted',
    load: (id) => matching.get(id),
    rules: { collection: true },
  });
}

function expand(tenant: Tenant, spId: string, options: QueryOptions): Record<string, unknown> {
  if (options.expand === 'owners') {
    const ids = [...(tenant.servicePrincipalOwners.get(spId) ?? [])].sort().slice(0, EXPAND_LIMIT);
    return { owners: ids.map((id) => renderDirectoryObject(tenant, id, options.expandSelect)).filter(Boolean) };
  }
  if (options.expand === 'appRoleAssignedTo') {
    const out: Record<string, unknown>[] = [];
    for (const a of tenant.appRoleAssignments.values()) {
      if (a.resourceId !== spId) continue;
      out.push(project(a, ASSIGNMENTS, options.expandSelect));
      if (out.length === EXPAND_LIMIT) break;
    }
    return { appRoleAssignedTo: out };
  }
  return {};
}

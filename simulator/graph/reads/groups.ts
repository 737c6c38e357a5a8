// GET /groups, /groups/$count, /groups/{id}, the directoryObject relationships members / owners /
// transitiveMembers (each with /$count), and membersWithLicenseErrors (group-based licensing failures).
// transitiveMembers walks nested groups breadth-first with a visited set, so membership cycles terminate. $expand=members|owners is capped at 20 objects per group, as Graph does.
import type { SimulatorContext } from '../../context.js';
import { membersWithLicenseErrors } from '../../model/gen-licences.js';
import type { Tenant } from '../../model/tenant.js';
import { graphErrors } from '../errors.js';
import { countCollection, isEventual, listCollection } from '../query/collection.js';
import { sortedIds } from '../query/id-index.js';
import { option, type QueryOptions } from '../query/options.js';
import { directoryObjectUnion, project, schemaOf } from '../query/schema.js';
import { graphRoute, type GraphRequest } from '../route.js';
import { advancedQueryId, directoryObjectList, entityResponse, renderDirectoryObject } from './common.js';

const GROUPS = schemaOf('group');
const READ = ['Group.Read.All'];
const MEMBER_READ = ['GroupMember.Read.All'];
/** Graph returns at most 20 related objects per entity for $expand. */
export const EXPAND_LIMIT = 20;

type Relation = 'members' | 'owners' | 'transitiveMembers';

export function registerGroupReads(ctx: SimulatorContext): void {
  graphRoute(ctx, {
    method: 'GET',
    url: 'groups',
    permissions: READ,
    handler: (req) =>
      listCollection({
        req,
        schema: GROUPS,
        context: 'groups',
        ids: sortedIds(req.tenant, 'groups', req.tenant.groups),
        order: 'sorted',
        load: (id) => req.tenant.groups.get(id),
        rules: { collection: true, allowSearch: true, expandable: ['members', 'owners'] },
        render: (record, options) => ({
          ...advancedQueryId(req, 'group', (record as { id: string }).id),
          ...project(record, GROUPS, options.select),
          ...expandRelation(req.tenant, (record as { id: string }).id, options),
        }),
      }),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'groups/$count',
    permissions: READ,
    handler: (req) =>
      countCollection(req, GROUPS, sortedIds(req.tenant, 'groups', req.tenant.groups), (id) =>
        req.tenant.groups.get(id),
      ),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'groups/{id}',
    permissions: READ,
    handler: (req) => {
      const group = groupById(req);
      return entityResponse(req, GROUPS, 'groups', group, (o) => expandRelation(req.tenant, group.id, o));
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'groups/{id}/membersWithLicenseErrors',
    permissions: MEMBER_READ,
    handler: (req) => {
      const group = groupById(req);
      const { load, render } = directoryObjectList(req.tenant);
      const members = [...(req.tenant.groupMembers.get(group.id) ?? [])].flatMap(
        (id) => req.tenant.users.get(id) ?? [],
      );
      return listCollection({
        req,
        schema: directoryObjectUnion(),
        context: 'directoryObjects',
        ids: membersWithLicenseErrors(members, group.id)
          .map((u) => u.id)
          .sort(),
        order: 'sorted',
        load,
        render,
        rules: { collection: true },
      });
    },
  });
  for (const relation of ['members', 'owners', 'transitiveMembers'] as const) {
    graphRoute(ctx, {
      method: 'GET',
      url: `groups/{id}/${relation}`,
      permissions: MEMBER_READ,
      handler: (req) => listRelation(req, relation),
    });
    for (const kind of ['user', 'group', 'servicePrincipal'] as const) {
      graphRoute(ctx, {
        method: 'GET',
        url: `groups/{id}/${relation}/microsoft.graph.${kind}`,
        permissions: MEMBER_READ,
        handler: (req) => listRelation(req, relation, kind),
      });
      // group-list-members.md: `/members/microsoft.graph.user/$count` counts one member type.
      graphRoute(ctx, {
        method: 'GET',
        url: `groups/{id}/${relation}/microsoft.graph.${kind}/$count`,
        permissions: MEMBER_READ,
        handler: (req) =>
          countCollection(
            req,
            schemaOf(kind),
            relationIds(req.tenant, groupById(req).id, relation).filter((id) => req.tenant.kindOf(id) === kind),
            directoryObjectList(req.tenant).load,
          ),
      });
    }
    graphRoute(ctx, {
      method: 'GET',
      url: `groups/{id}/${relation}/$count`,
      permissions: MEMBER_READ,
      handler: (req) =>
        countCollection(
          req,
          directoryObjectUnion(),
          relationIds(req.tenant, groupById(req).id, relation),
          directoryObjectList(req.tenant).load,
        ),
    });
  }
}

function groupById(req: GraphRequest) {
  const id = req.params.id!;
  const group = req.tenant.groups.get(id) ?? req.tenant.groups.get(id.toLowerCase());
  if (!group) throw graphErrors.notFound(id);
  return group;
}

/** A relation, optionally cast to one member type (`members/microsoft.graph.user` lists only users, as `users`). */
function listRelation(req: GraphRequest, relation: Relation, cast?: 'user' | 'group' | 'servicePrincipal') {
  const group = groupById(req);
  // Filtering a relationship is an advanced query (microsoft-graph-docs-contrib#3972, #13114: refused without it).
  if (option(req.query, '$filter') && !(isEventual(req) && option(req.query, '$count')?.toLowerCase() === 'true'))
    throw graphErrors.relationFilterNeedsAdvancedQuery();
  const { load, render } = directoryObjectList(req.tenant);
  let ids = relationIds(req.tenant, group.id, relation);
  if (cast) ids = ids.filter((id) => req.tenant.kindOf(id) === cast);
  return listCollection({
    req,
    schema: cast ? schemaOf(cast) : directoryObjectUnion(),
    context: cast ? `${cast}s` : 'directoryObjects',
    ids,
    order: relation === 'transitiveMembers' ? 'fixed' : 'sorted',
    load,
    render,
    rules: { collection: true, allowSearch: true },
  });
}

/** Member / owner ids in serving order (sorted for direct relations; breadth-first for transitive members). */
export function relationIds(tenant: Tenant, groupId: string, relation: Relation): string[] {
  if (relation === 'owners') return [...(tenant.groupOwners.get(groupId) ?? [])].sort();
  if (relation === 'members') return [...(tenant.groupMembers.get(groupId) ?? [])].sort();
  const seen = new Set<string>([groupId]);
  const out: string[] = [];
  const queue = [groupId];
  while (queue.length) {
    const current = queue.shift()!;
    for (const member of [...(tenant.groupMembers.get(current) ?? [])].sort()) {
      if (seen.has(member)) continue;
      seen.add(member);
      out.push(member);
      if (tenant.groups.has(member)) queue.push(member);
    }
  }
  return out;
}

function expandRelation(tenant: Tenant, groupId: string, options: QueryOptions): Record<string, unknown> {
  if (options.expand !== 'members' && options.expand !== 'owners') return {};
  const ids = relationIds(tenant, groupId, options.expand).slice(0, EXPAND_LIMIT);
  const related = ids.map((id) => renderDirectoryObject(tenant, id, options.expandSelect));
  return { [options.expand]: related.filter(Boolean) };
}

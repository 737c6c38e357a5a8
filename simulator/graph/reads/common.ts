// Helpers shared by the read handlers: addressing (id, UPN, `appId=…`, `roleTemplateId=…`), directoryObject
// rendering with @odata.type, and single-entity responses.
import { graphErrors } from '../errors.js';
import type { Tenant } from '../../model/tenant.js';
import { ODATA_TYPE, type DirectoryRole, type ServicePrincipal, type User } from '../../model/types.js';
import { contextUrl, isEventual } from '../query/collection.js';
import { option, parseOptions, type QueryOptions } from '../query/options.js';
import { project, schemaOf, type GraphType, type TypeSchema } from '../query/schema.js';
import type { GraphRequest, GraphResponse } from '../route.js';

export function userByKey(tenant: Tenant, key: string): User {
  const direct = tenant.users.get(key.toLowerCase()) ?? tenant.users.get(key);
  if (direct) return direct;
  if (key.includes('@')) {
    const upn = key.toLowerCase();
    for (const user of tenant.users.values()) if (user.userPrincipalName.toLowerCase() === upn) return user;
  }
  throw graphErrors.notFound(key);
}

export function servicePrincipalByKey(tenant: Tenant, key: string): ServicePrincipal {
  const appId = /^appId=(.*)$/i.exec(key)?.[1];
  if (appId !== undefined) {
    for (const sp of tenant.servicePrincipals.values()) if (sp.appId.toLowerCase() === appId.toLowerCase()) return sp;
    throw graphErrors.notFound(appId);
  }
  const sp = tenant.servicePrincipals.get(key.toLowerCase()) ?? tenant.servicePrincipals.get(key);
  if (!sp) throw graphErrors.notFound(key);
  return sp;
}

export function directoryRoleByKey(tenant: Tenant, key: string): DirectoryRole {
  const templateId = /^roleTemplateId=(.*)$/i.exec(key)?.[1];
  if (templateId !== undefined) {
    const role = tenant.directoryRoles.get(templateId.toLowerCase()) ?? tenant.directoryRoles.get(templateId);
    if (!role) throw graphErrors.notFound(templateId);
    return role;
  }
  for (const role of tenant.directoryRoles.values()) if (role.id.toLowerCase() === key.toLowerCase()) return role;
  throw graphErrors.notFound(key);
}

/**
 * `@odata.id` of an item as Graph's directory service writes it (`…/v2/{tenantId}/directoryObjects/{id}/
 * Microsoft.DirectoryServices.Group`). Among the docs' list examples only the advanced query with a negation carries
 * it (group-list.md "List dynamic security groups": ConsistencyLevel: eventual, `NOT(groupTypes/any(…))`); the other
 * advanced-query examples ($search, endsWith, $orderby with $filter) show none, so only that case gets it.
 */
export function advancedQueryId(
  req: GraphRequest,
  kind: 'user' | 'group' | 'servicePrincipal',
  id: string,
): Record<string, string> {
  if (!isEventual(req) || !NEGATION.test(option(req.query, '$filter') ?? '')) return {};
  const directoryType = kind.charAt(0).toUpperCase() + kind.slice(1);
  return {
    '@odata.id': `${serviceRoot(req)}/v2/${req.tenant.id}/directoryObjects/${id}/Microsoft.DirectoryServices.${directoryType}`,
  };
}

const NEGATION = /(^|[\s(])not[\s(]/i;

/** `@odata.id` Graph writes on every oauth2PermissionGrant it lists (oauth2permissiongrant-list.md). */
export function grantODataId(req: GraphRequest, id: string): Record<string, string> {
  return { '@odata.id': `${serviceRoot(req)}/v2/${req.tenant.id}/oauth2PermissionGrants/${id}` };
}

function serviceRoot(req: GraphRequest): string {
  return req.ctx.graphBaseUrl.replace(/\/+$/, '');
}

const KIND_TYPE = {
  user: 'user',
  group: 'group',
  servicePrincipal: 'servicePrincipal',
  device: 'device',
  orgContact: 'orgContact',
} as const;

/** A directory object by id with its type, for members/owners/manager lists. */
export function directoryObject(
  tenant: Tenant,
  id: string,
): { record: object; schema: TypeSchema; odataType: string } | undefined {
  const kind = tenant.kindOf(id);
  if (!kind) return undefined;
  const record =
    kind === 'user'
      ? tenant.users.get(id)
      : kind === 'group'
        ? tenant.groups.get(id)
        : tenant.servicePrincipals.get(id);
  if (!record) return undefined;
  return { record, schema: schemaOf(KIND_TYPE[kind] as GraphType), odataType: ODATA_TYPE[kind] };
}

/** directoryObject JSON: @odata.type first, then the member type's (default or selected) properties it declares. */
export function renderDirectoryObject(
  tenant: Tenant,
  id: string,
  select: readonly string[] | undefined,
): Record<string, unknown> | undefined {
  const found = directoryObject(tenant, id);
  if (!found) return undefined;
  const own = select?.filter((p) => found.schema.properties.has(p));
  return { '@odata.type': found.odataType, ...project(found.record, found.schema, own) };
}

/** The directoryObject list loader+renderer pair used by listCollection. */
export function directoryObjectList(tenant: Tenant): {
  load: (id: string) => object | undefined;
  render: (r: object, o: QueryOptions) => Record<string, unknown>;
} {
  return {
    load: (id) => directoryObject(tenant, id)?.record,
    render: (r, o) => renderDirectoryObject(tenant, (r as { id: string }).id, o.select) ?? {},
  };
}

/** GET of one entity: `$select` honoured, `@odata.context` ending in `/$entity`. */
export function entityResponse(
  req: GraphRequest,
  schema: TypeSchema,
  contextFragment: string,
  record: object,
  extra?: (options: QueryOptions) => Record<string, unknown>,
): GraphResponse {
  const options = parseOptions(withoutPaging(req.query), false, schema, {
    collection: false,
    expandable: expandableOf(schema),
  });
  const body = {
    '@odata.context': `${contextUrl(req, contextFragment, options.select, options.expand)}/$entity`,
    ...project(record, schema, options.select),
    ...(extra?.(options) ?? {}),
  };
  return { body };
}

function expandableOf(schema: TypeSchema): string[] {
  return schema.name === 'user'
    ? ['manager']
    : schema.name === 'group'
      ? ['members', 'owners']
      : schema.name === 'servicePrincipal'
        ? ['owners', 'appRoleAssignedTo']
        : schema.name === 'unifiedRoleAssignment'
          ? ['principal', 'roleDefinition']
          : [];
}

function withoutPaging(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of query) if (!['$top', '$skiptoken', '$count'].includes(k.toLowerCase())) out.append(k, v);
  return out;
}

// Resource-unit cost of one directory request, from Microsoft's published table: a base cost per
// request shape, then $select −1, $expand +1, $top < 20 −1, never below 1. Writes also cost one write-quota unit.

export interface CostedRequest {
  method: string;
  /** Path below /v1.0 without the query string, e.g. `/groups/{id}/members`. */
  path: string;
  query: Readonly<Record<string, unknown>>;
}

export interface RequestCost {
  resourceUnits: number;
  /** Write-quota units (1 for POST/PATCH/PUT/DELETE that change the directory, else 0). */
  writeUnits: number;
  /** `auditLogs/*` has its own request-count limit. */
  auditLog: boolean;
}

const ID = '[^/]+';
const USER_SCOPE = `(?:me|users/${ID})`;

/** Base costs for GETs; anything not listed costs 1. */
const GET_COSTS: readonly [RegExp, number][] = [
  [/^users$/, 2],
  [new RegExp(`^groups/${ID}/members(?:/.*)?$`), 3],
  [new RegExp(`^groups/${ID}/transitiveMembers(?:/.*)?$`), 5],
  [/^applications$/, 2],
  [new RegExp(`^oauth2PermissionGrants(?:/${ID})?$`), 2],
  [new RegExp(`^servicePrincipals/${ID}/appRoleAssignments$`), 2],
  [/^subscribedSkus$/, 3],
  [/^contracts$/, 3],
  [new RegExp(`^${USER_SCOPE}/(?:memberOf|transitiveMemberOf|ownedObjects|licenseDetails)$`), 2],
  [new RegExp(`^domains/${ID}/domainNameReferences$`), 4],
];

/** POST actions that read rather than write, with their own costs. */
const READ_ACTION_COSTS: readonly [RegExp, number][] = [
  [/(?:^|\/)(?:getObjectsById|getByIds)$/, 3],
  [/(?:^|\/)(?:isMemberOf|checkMemberGroups|checkMemberObjects)$/, 4],
  [/(?:^|\/)(?:getMemberGroups|getMemberObjects)$/, 2],
];

export function requestCost(req: CostedRequest): RequestCost {
  const method = req.method.toUpperCase();
  const path = req.path.replace(/^\/+|\/+$/g, '');
  const auditLog = /^auditLogs(?:\/|$)/i.test(path);
  const readAction = method === 'POST' ? matchCost(READ_ACTION_COSTS, path) : undefined;
  const isWrite = ['POST', 'PATCH', 'PUT', 'DELETE'].includes(method) && readAction === undefined;
  const base = method === 'GET' ? (matchCost(GET_COSTS, path) ?? 1) : (readAction ?? 1);
  return { resourceUnits: Math.max(1, base + modifiers(req.query)), writeUnits: isWrite ? 1 : 0, auditLog };
}

function matchCost(table: readonly [RegExp, number][], path: string): number | undefined {
  return table.find(([pattern]) => pattern.test(path))?.[1];
}

function modifiers(query: Readonly<Record<string, unknown>>): number {
  const param = (name: string) => query[`$${name}`] ?? query[name];
  let delta = 0;
  if (param('select') !== undefined) delta -= 1;
  if (param('expand') !== undefined) delta += 1;
  const top = Number(param('top'));
  if (param('top') !== undefined && Number.isFinite(top) && top < 20) delta -= 1;
  return delta;
}

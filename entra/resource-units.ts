// What a Graph request costs against the identity-and-access throttling limits (Microsoft's published table:
// "Identity and access service limits"). Used to pace requests below the limit instead of provoking 429s.

const BASE_COSTS: readonly [RegExp, number][] = [
  [/^users$/, 2],
  [/^groups\/[^/]+\/members$/, 3],
  [/^groups\/[^/]+\/transitiveMembers$/, 5],
  [/^applications$/, 2],
  [/^oauth2PermissionGrants(\/[^/]+)?$/, 2],
  [/^servicePrincipals\/[^/]+\/appRoleAssignments$/, 2],
  [/^subscribedSkus$/, 3],
  [/^contracts$/, 3],
  [/^(me|users\/[^/]+)\/(memberOf|transitiveMemberOf|ownedObjects|licenseDetails)$/, 2],
];

/** Estimated resource units for one request (the service's x-ms-resource-unit header is the truth). */
export function estimateResourceUnits(method: string, url: string): number {
  if (method.toUpperCase() !== 'GET') return 1;
  const parsed = new URL(url, 'https://graph.invalid/');
  const path = parsed.pathname.replace(/^\/(v1\.0|beta)\//, '').replace(/^\//, '');
  let cost = BASE_COSTS.find(([pattern]) => pattern.test(path))?.[1] ?? 1;
  const q = parsed.searchParams;
  if (q.has('$select')) cost -= 1;
  if (q.has('$expand')) cost += 1;
  const top = Number(q.get('$top'));
  if (q.has('$top') && top < 20) cost -= 1;
  return Math.max(1, cost);
}

/** Published resource-unit quota per 10 s for one (app, tenant) pair, by tenant size. */
export function resourceUnitQuotaPer10s(userCount: number): number {
  if (userCount < 50) return 3_500;
  if (userCount <= 500) return 5_000;
  return 8_000;
}

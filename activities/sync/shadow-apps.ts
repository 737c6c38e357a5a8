// Shadow apps: third-party apps that users consented to on their own (per-user oauth2PermissionGrants), with what
// they may do, how many users let them, and — where the tenant has sign-in logs — when they were last used.
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  upsertDiscoveredApps,
  type DiscoveredAppConsent,
  type DiscoveredAppRow,
} from '../../catalog/directory/writes/index.js';
import { graphPages } from '../../entra/paging.js';
import {
  appOriginOf,
  SERVICE_PRINCIPAL_SELECT,
  type GraphServicePrincipal,
} from '../../entra/resources/applications.js';
import { batchGet } from '../../entra/batch.js';
import type { StageContext } from './stage.js';
import type { GraphPermissionGrant } from '../../entra/resources/permission-grants.js';

interface SignIn {
  appId: string;
  createdDateTime: string;
}

/** Delegated scopes that expose mail, files, or the whole directory: worth an administrator's look. */
const RISKY_SCOPE =
  /^(Mail\.|Files\.(Read|ReadWrite)\.All|Sites\.|Directory\.|User\.ReadWrite|Calendars\.ReadWrite|Contacts\.ReadWrite|Notes\.ReadWrite|MailboxSettings\.ReadWrite|EWS\.|full_access_as_user)/;

export function riskyScopes(scopes: Iterable<string>): string[] {
  return [...scopes].filter((s) => RISKY_SCOPE.test(s));
}

/** Sign-in pages read at most (the sign-in log has its own, much lower, throttle: 5 requests / 10 s). */
const MAX_SIGN_IN_PAGES = 5;

export async function syncShadowApps(ctx: StageContext) {
  const byClient = new Map<string, { scopes: Set<string>; users: Set<string>; grants: GraphPermissionGrant[] }>();
  for await (const page of graphPages<GraphPermissionGrant>(
    ctx.client,
    "/oauth2PermissionGrants?$filter=consentType eq 'Principal'&$top=999",
    { signal: ctx.signal },
  )) {
    for (const grant of page.items) {
      if (grant.consentType !== 'Principal') continue;
      const entry = byClient.get(grant.clientId) ?? { scopes: new Set(), users: new Set(), grants: [] };
      for (const scope of grant.scope.split(' ').filter(Boolean)) entry.scopes.add(scope);
      if (grant.principalId) entry.users.add(grant.principalId);
      entry.grants.push(grant);
      byClient.set(grant.clientId, entry);
    }
  }
  const clients = await readClients(ctx.client, [...byClient.keys()], ctx);
  const lastUse = ctx.connector.options.includeSignInActivity ? await lastSignInByApp(ctx) : new Map<string, string>();
  const apps: DiscoveredAppRow[] = [];
  const consents: DiscoveredAppConsent[] = [];
  for (const [spId, { scopes, users, grants }] of byClient) {
    const sp = clients.get(spId);
    if (!sp?.appId || appOriginOf(sp, ctx.connector.tenantId) !== 'thirdParty') continue;
    consents.push(...consentsOf(sp.appId, grants));
    apps.push({
      appId: sp.appId,
      servicePrincipalId: sp.id,
      displayName: sp.displayName ?? sp.appDisplayName ?? sp.appId,
      publisher: sp.verifiedPublisher?.displayName ?? null,
      verifiedPublisher: Boolean(sp.verifiedPublisher?.displayName),
      scopes: [...scopes],
      riskyScopes: riskyScopes(scopes),
      consentingUsers: users.size,
      lastUsedAt: lastUse.get(sp.appId) ?? null,
    });
  }
  await upsertDiscoveredApps(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, apps, consents });
  return { counts: { discoveredApps: apps.length } };
}

/** Who consented, one row per grant: the grant id is what a revoke deletes. */
function consentsOf(appId: string, grants: readonly GraphPermissionGrant[]): DiscoveredAppConsent[] {
  return grants.flatMap((g) =>
    g.principalId
      ? [{ appId, grantId: g.id, principalId: g.principalId, scopes: g.scope.split(' ').filter(Boolean) }]
      : [],
  );
}

async function readClients(
  client: Client,
  ids: string[],
  ctx: StageContext,
): Promise<Map<string, GraphServicePrincipal>> {
  const select = SERVICE_PRINCIPAL_SELECT.join(',');
  const results = await batchGet<GraphServicePrincipal>(
    client,
    ids.map((id) => `/servicePrincipals/${id}?$select=${select}`),
    { stats: ctx.stats, signal: ctx.signal },
  );
  return new Map(results.flatMap((r, i) => (r.status === 200 ? [[ids[i]!, r.body] as const] : [])));
}

/** Newest sign-in per app id over the last pages of the log; tenants without P1/P2 have none (403). */
async function lastSignInByApp(ctx: StageContext): Promise<Map<string, string>> {
  const last = new Map<string, string>();
  let pages = 0;
  try {
    for await (const page of graphPages<SignIn>(ctx.client, '/auditLogs/signIns?$top=1000', { signal: ctx.signal })) {
      for (const s of page.items) if (!last.has(s.appId)) last.set(s.appId, s.createdDateTime);
      if (++pages >= MAX_SIGN_IN_PAGES) break;
    }
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 403) throw err;
  }
  return last;
}

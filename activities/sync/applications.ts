// Service principals. Every one is a principal (it can hold access); managed identities stop there. The others are
// enterprise applications: resources whose app roles and ownership are entitlements, with their assignments as
// grants. Service principals with synchronization jobs are SCIM-provisioned apps and are marked so.
import {
  deletePrincipals,
  deleteResources,
  deleteUnseenDirectGrants,
  groupsHoldingDirectly,
  recomputeViaGroupGrants,
  replaceResourceEntitlements,
  upsertEntitlements,
  upsertGrants,
  upsertPrincipals,
  upsertResources,
} from '../../catalog/directory/writes/index.js';
import {
  SERVICE_PRINCIPAL_SELECT,
  applicationEntitlements,
  isManagedIdentity,
  managedIdentityToPrincipal,
  servicePrincipalToResource,
  type GraphServicePrincipal,
} from '../../entra/resources/applications.js';
import { entitlementIdPrefixes, entitlementIds } from '../../domain/entitlement-id.js';
import type { EntitlementRow, GrantRow, PrincipalRow, ResourceRow } from '../../entra/resources/rows.js';
import { applyDeltaRound, latestDeltaLink } from './delta-links.js';
import {
  appAssignmentsPath,
  appOwnersPath,
  readRelated,
  syncJobsPath,
  toRelated,
  type DirectoryObjectRef,
} from './members.js';
import { pipelinePages } from './pipeline.js';
import type { StageContext } from './stage.js';

interface Assignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
}

const select = SERVICE_PRINCIPAL_SELECT.join(',');

/**
 * Apps per checkpoint. Each app costs three fan-out reads (assignments, owners, SCIM jobs), so a page of 999 is
 * thousands of requests: under a fault storm an attempt must keep what it finished, two $batch rounds per relation.
 */
export const APP_SLICE_SIZE = 40;

export async function fullApplications(ctx: StageContext) {
  const deltaLink =
    (ctx.resumeFrom as { deltaLink?: string } | undefined)?.deltaLink ??
    (await latestDeltaLink(ctx.client, `/servicePrincipals/delta?$select=${select}`, ctx.signal));
  const totals = await pipelinePages(
    ctx,
    `/servicePrincipals?$select=${select}&$top=999`,
    { applications: 0, managedIdentities: 0, grants: 0, entitlements: 0 },
    {
      read: (slice: GraphServicePrincipal[]) => readAppRelations(ctx, slice),
      write: async (page, related) => {
        const written = await writeServicePrincipals(ctx, page, related);
        return {
          applications: written.apps,
          managedIdentities: written.identities,
          grants: written.grants,
          entitlements: written.entitlementsBySp.length,
        };
      },
      sliceSize: APP_SLICE_SIZE,
    },
    { deltaLink },
  );
  return { counts: totals, deltaLink };
}

interface AppRelations {
  assignments: Map<string, Assignment[]>;
  owners: Map<string, DirectoryObjectRef[]>;
  jobs: Map<string, unknown[]>;
}

/** Assignments, owners and SCIM jobs of the apps (not managed identities) among these service principals. */
async function readAppRelations(ctx: StageContext, sps: readonly GraphServicePrincipal[]): Promise<AppRelations> {
  const ids = sps.filter((sp) => !isManagedIdentity(sp)).map((sp) => sp.id);
  const options = { stats: ctx.stats, signal: ctx.signal };
  const [assignments, owners, jobs] = await Promise.all([
    readRelated<Assignment>(ctx.client, ids, appAssignmentsPath, options),
    readRelated<DirectoryObjectRef>(ctx.client, ids, appOwnersPath, options),
    readSyncJobs(ctx, ids),
  ]);
  return { assignments, owners, jobs };
}

async function writeServicePrincipals(
  ctx: StageContext,
  sps: readonly GraphServicePrincipal[],
  { assignments, owners, jobs }: AppRelations,
) {
  const base = { connectorId: ctx.connector.id, generation: ctx.generation };
  await upsertPrincipals(ctx.db, { ...base, principals: sps.map(asPrincipal) });
  const apps = sps.filter((sp) => !isManagedIdentity(sp));
  const kept = apps.filter(
    (sp) => !ctx.connector.options.skipAppsWithoutAssignments || (assignments.get(sp.id)?.length ?? 0) > 0,
  );
  const resources: ResourceRow[] = kept.map((sp) =>
    servicePrincipalToResource(sp, ctx.connector.tenantId, { scim: (jobs.get(sp.id)?.length ?? 0) > 0 }),
  );
  const entitlements = kept.flatMap((sp, i) => appEntitlements(resources[i]!, sp, assignments.get(sp.id) ?? []));
  const grants = kept.flatMap((sp) => appGrants(sp.id, assignments.get(sp.id) ?? [], owners.get(sp.id) ?? []));
  await upsertResources(ctx.db, { ...base, resources });
  await upsertEntitlements(ctx.db, { ...base, entitlements });
  await upsertGrants(ctx.db, { ...base, grants });
  return {
    apps: kept.length,
    identities: sps.length - apps.length,
    grants: grants.length,
    resources,
    entitlementsBySp: entitlements,
  };
}

function asPrincipal(sp: GraphServicePrincipal): PrincipalRow {
  if (isManagedIdentity(sp)) return managedIdentityToPrincipal(sp);
  return { ...managedIdentityToPrincipal(sp), kind: 'servicePrincipal', attributes: { appId: sp.appId ?? null } };
}

/** Roles users can be assigned, plus any role some principal holds (e.g. application permissions held by apps). */
function appEntitlements(
  resource: ResourceRow,
  sp: GraphServicePrincipal,
  assignments: readonly Assignment[],
): EntitlementRow[] {
  const offered = applicationEntitlements(resource, sp.appRoles ?? []);
  const known = new Set(offered.map((e) => e.id));
  const extra = [...new Set(assignments.map((a) => a.appRoleId))]
    .filter((roleId) => !known.has(entitlementIds.appRole(sp.id, roleId)))
    .map((roleId): EntitlementRow => {
      const role = sp.appRoles?.find((r) => r.id === roleId);
      return {
        id: entitlementIds.appRole(sp.id, roleId),
        resourceId: sp.id,
        resourceType: 'application',
        kind: 'appRole',
        displayName: `${role?.displayName ?? role?.value ?? roleId} in ${resource.displayName}`,
        appRoleId: roleId,
        immutable: false,
      };
    });
  return [...offered, ...extra];
}

const PRINCIPAL_KIND = { User: 'user', Group: 'group', ServicePrincipal: 'servicePrincipal' } as const;

function appGrants(
  spId: string,
  assignments: readonly Assignment[],
  owners: readonly DirectoryObjectRef[],
): GrantRow[] {
  return [
    ...assignments.map((a): GrantRow => ({
      entitlementId: entitlementIds.appRole(spId, a.appRoleId),
      principalId: a.principalId,
      principalKind: PRINCIPAL_KIND[a.principalType] ?? 'user',
      viaGroupId: null,
      sourceId: a.id,
    })),
    ...toRelated(owners).map((o): GrantRow => ({
      entitlementId: entitlementIds.appOwner(spId),
      principalId: o.id,
      principalKind: o.kind,
      viaGroupId: null,
      sourceId: null,
    })),
  ];
}

/** SCIM provisioning jobs; a tenant that did not grant Synchronization.Read.All simply shows none. */
async function readSyncJobs(ctx: StageContext, ids: readonly string[]): Promise<Map<string, unknown[]>> {
  try {
    return await readRelated<unknown>(ctx.client, ids, syncJobsPath, { stats: ctx.stats, signal: ctx.signal });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 403) return new Map();
    throw err;
  }
}

export async function deltaApplications(ctx: StageContext, deltaLink: string) {
  const round = await applyDeltaRound<GraphServicePrincipal>(
    ctx,
    deltaLink,
    async (gone, changed) => {
      await deleteResources(ctx.db, { connectorId: ctx.connector.id, generation: ctx.generation, ids: gone });
      await deletePrincipals(ctx.db, { connectorId: ctx.connector.id, ids: gone });
      const live = changed.filter((sp) => sp.displayName !== undefined);
      const written = await writeServicePrincipals(ctx, live, await readAppRelations(ctx, live));
      await replaceChangedAppGrants(
        ctx,
        written.resources.map((r) => r.id),
        written.entitlementsBySp,
      );
    },
    { sliceSize: APP_SLICE_SIZE },
  );
  return { counts: { applications: round.changed, removed: round.removed }, deltaLink: round.deltaLink };
}

/**
 * A re-read app's grants replace its old ones: assignments or owners that are gone must disappear too, and groups
 * that gained or lost an assignment have their members' via-group grants recomputed.
 */
async function replaceChangedAppGrants(
  ctx: StageContext,
  spIds: readonly string[],
  entitlements: readonly EntitlementRow[],
): Promise<void> {
  const base = { connectorId: ctx.connector.id, generation: ctx.generation };
  for (const spId of spIds) {
    const app = { connectorId: ctx.connector.id, entitlementPrefix: entitlementIdPrefixes.app(spId) };
    const holdersBefore = await groupsHoldingDirectly(ctx.db, app);
    await replaceResourceEntitlements(ctx.db, {
      ...base,
      resourceId: spId,
      entitlements: entitlements.filter((e) => e.resourceId === spId),
    });
    await deleteUnseenDirectGrants(ctx.db, { ...app, generation: ctx.generation });
    const groups = [...new Set([...holdersBefore, ...(await groupsHoldingDirectly(ctx.db, app))])];
    if (groups.length) await recomputeViaGroupGrants(ctx.db, { ...base, groupIds: groups });
  }
}

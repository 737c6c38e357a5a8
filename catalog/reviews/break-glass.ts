// The access review of one break-glass grant: a campaign whose scope is exactly that (entitlement, principal) pair,
// created once per break-glass request (its id is a function of the grant's workflow id and the request id, so a
// retried activity finds the same campaign) and audited `review.break_glass_opened` on the grant, so the grant's
// trail leads to its review.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { parseEntitlementId, type GrantableEntitlement } from '../../domain/entitlement-id.js';
import type { CampaignDefinition, ReviewScope } from '../../domain/reviews.js';
import { inTransaction, type CatalogDb } from '../directory/writes/sql.js';
import { createCampaign, type Campaign } from './campaigns.js';
import { scopeFilter } from './staging-scope.js';
import { jsonb } from '../json.js';

export const BREAK_GLASS_OPENED = 'review.break_glass_opened';
/** The campaign's owner as its page and the Temporal UI show it. */
export const BREAK_GLASS_OWNER = 'break-glass';

/** A UUID-shaped id that is a function of the break-glass request. */
export function breakGlassCampaignId(grantWorkflowId: string, requestId: string): string {
  const h = createHash('sha256').update(`break-glass\n${grantWorkflowId}\n${requestId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-b${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The scope kind and resource of an entitlement Lantern grants. */
function familyOf(e: GrantableEntitlement): Pick<ReviewScope, 'kinds' | 'resourceIds'> {
  switch (e.kind) {
    case 'groupMember':
      return { kinds: ['groupMembers'], resourceIds: [e.groupId] };
    case 'groupOwner':
      return { kinds: ['groupOwners'], resourceIds: [e.groupId] };
    case 'appRole':
      return { kinds: ['appRoleAssignments'], resourceIds: [e.servicePrincipalId] };
    case 'roleMember':
      return { kinds: ['directoryRoles'], resourceIds: [e.roleTemplateId] };
  }
}

/** Exactly the pair, held directly (access through a group is not what break-glass added); null for an unknown id. */
export function breakGlassScope(pair: { entitlementId: string; principalId: string }): ReviewScope | null {
  const entitlement = parseEntitlementId(pair.entitlementId);
  if (!entitlement) return null;
  return {
    ...familyOf(entitlement),
    entitlementIds: [pair.entitlementId],
    principalIds: [pair.principalId],
    assignment: 'direct',
  };
}

export interface BreakGlassCampaign {
  id: string;
  /** The campaign's own workflow id (review:<id>). */
  workflowId: string;
  definition: CampaignDefinition;
  grantWorkflowId: string;
  startedAt: Date;
  dueAt: Date;
}

/** Creates the campaign (once) and its `review.break_glass_opened` row on the grant (once); returns the campaign. */
export async function openBreakGlassCampaign(db: CatalogDb, c: BreakGlassCampaign): Promise<Campaign> {
  return inTransaction(db, async (trx) => {
    const campaign = await createCampaign(trx, {
      id: c.id,
      definition: c.definition,
      workflowId: c.workflowId,
      ownerId: BREAK_GLASS_OWNER,
      ownerSubject: null,
      startedAt: c.startedAt,
      dueAt: c.dueAt,
    });
    // The campaign row's lock orders a racing retry behind this one, so the audit row is written once.
    await trx.selectFrom('review_campaigns').select('id').where('id', '=', c.id).forUpdate().execute();
    const opened = await trx
      .selectFrom('audit_log')
      .select('id')
      .where('subject', '=', c.grantWorkflowId)
      .where('action', '=', BREAK_GLASS_OPENED)
      .where(sql<string>`detail->>'campaignId'`, '=', c.id)
      .executeTakeFirst();
    if (!opened)
      await trx
        .insertInto('audit_log')
        .values({
          actor: 'lantern',
          action: BREAK_GLASS_OPENED,
          subject: c.grantWorkflowId,
          detail: jsonb({ campaignId: c.id, grant: c.grantWorkflowId, dueAt: c.dueAt.toISOString() }),
        })
        .execute();
    return campaign;
  });
}

/** How many items staging the scope now would give (the pair still in the catalog: 1, else 0). */
export async function grantsInScope(
  db: CatalogDb,
  connectorId: string,
  scope: ReviewScope,
  now: Date,
): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from grants g
    join entitlements e on e.connector_id = g.connector_id and e.id = g.entitlement_id
    left join principals p on p.connector_id = g.connector_id and p.id = g.principal_id and g.principal_kind <> 'group'
    left join resources pg on pg.connector_id = g.connector_id and pg.id = g.principal_id and g.principal_kind = 'group'
    where g.connector_id = ${connectorId} and (p.id is not null or pg.id is not null)
      and ${scopeFilter(scope, now)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

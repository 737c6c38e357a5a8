// The snapshot itself: one INSERT … SELECT from the synced directory into review_items, so a campaign over 150k grants
// never leaves the database. Item ids follow resource, entitlement and principal names (then ids, to break ties), so
// the same directory stages the same ids.
import { sql, type RawBuilder } from 'kysely';
import type { CampaignDefinition } from '../../domain/reviews.js';
import type { CatalogDb } from '../directory/writes/sql.js';
import { recommendationPair } from './recommendations.js';
import { applicabilityPair, scopeFilter } from './staging-scope.js';

export async function insertItems(
  db: CatalogDb,
  campaignId: string,
  definition: CampaignDefinition,
  opts: { signInKnown: boolean; now: Date },
): Promise<number> {
  const result = await insertItemsQuery(campaignId, definition, opts).execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export function insertItemsQuery(
  campaignId: string,
  definition: CampaignDefinition,
  opts: { signInKnown: boolean; now: Date },
): RawBuilder<unknown> {
  const connectorId = definition.connectorId;
  const recommendation = recommendationPair({
    signInKnown: opts.signInKnown,
    inactiveDays: definition.inactiveDays,
    now: opts.now,
  });
  return sql`
    insert into review_items (campaign_id, id, entitlement_id, entitlement_kind, entitlement_name, resource_id,
      resource_type, resource_name, principal_id, principal_kind, principal_name, principal_upn, user_type,
      account_enabled, last_sign_in_at, via_group_id, via_group_name, applicability, applicability_reason,
      recommendation, recommendation_reason)
    select ${campaignId},
      row_number() over (order by s.resource_name, s.resource_id, s.entitlement_name, s.entitlement_id,
        s.principal_name, s.principal_id, s.via_group_id),
      s.entitlement_id, s.entitlement_kind, s.entitlement_name, s.resource_id, s.resource_type, s.resource_name,
      s.principal_id, s.principal_kind, s.principal_name, s.principal_upn, s.user_type, s.account_enabled,
      s.last_sign_in_at, s.via_group_id, s.via_group_name, x.applicability[1], x.applicability[2],
      x.recommendation[1], x.recommendation[2]
    from (
      select g.entitlement_id, e.kind as entitlement_kind, e.display_name as entitlement_name,
        e.immutable as entitlement_immutable, e.resource_id, e.resource_type, r.display_name as resource_name,
        r.immutable_reason, g.principal_id, g.principal_kind,
        coalesce(p.display_name, pg.display_name) as principal_name, p.upn as principal_upn, p.user_type,
        coalesce(p.account_enabled, true) as account_enabled, p.last_sign_in_at, g.via_group_id,
        vg.display_name as via_group_name
      from grants g
      join entitlements e on e.connector_id = g.connector_id and e.id = g.entitlement_id
      join resources r on r.connector_id = e.connector_id and r.id = e.resource_id
      left join principals p on p.connector_id = g.connector_id and p.id = g.principal_id
        and g.principal_kind <> 'group'
      left join resources pg on pg.connector_id = g.connector_id and pg.id = g.principal_id
        and g.principal_kind = 'group'
      left join resources vg on vg.connector_id = g.connector_id and vg.id = g.via_group_id
        and g.via_group_id <> ''
      where g.connector_id = ${connectorId}
        -- A grant whose principal the sync has not stored (yet) has no name to show: left for the next campaign.
        and (p.id is not null or pg.id is not null)
        and ${scopeFilter(definition.scope, opts.now)}
    ) s
    cross join lateral (
      select ${applicabilityPair()} as applicability, ${recommendation} as recommendation
    ) x`;
}

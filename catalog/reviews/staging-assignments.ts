// Who reviews each staged item, as INSERT … SELECT over the items (set-based, whatever the campaign's size). A reviewer
// is always an enabled user of the connector's directory, and never reviews their own access unless the campaign is a
// self-review. Items held via a group get nobody: they are shown for information and decided on the group's item.
// Fallback reviewers take every other item the chosen kind left without a reviewer.
import { sql, type RawBuilder } from 'kysely';
import type { ReviewerRule } from '../../domain/reviews.js';
import { textArray, type CatalogDb } from '../directory/writes/sql.js';

interface Target {
  campaignId: string;
  connectorId: string;
}

export async function insertAssignments(db: CatalogDb, t: Target, rule: ReviewerRule): Promise<void> {
  await insertRuleAssignments(db, t, rule);
  // The fallback's anti-join needs the rule's rows counted, or it probes them row by row.
  await sql`analyze review_assignments`.execute(db);
  await insertFallbackAssignments(db, t, rule.fallbackIds);
}

/** Enabled users of the connector, aliased `rp`, joined on `reviewer` (an SQL expression naming the reviewer id). */
function enabledReviewer(t: Target, reviewer: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`join principals rp on rp.connector_id = ${t.connectorId} and rp.id = ${reviewer}
    and rp.kind = 'user' and rp.account_enabled`;
}

const decidable = sql`i.applicability <> 'via_group'`;

async function insertRuleAssignments(db: CatalogDb, t: Target, rule: ReviewerRule): Promise<void> {
  const insert = sql`insert into review_assignments (campaign_id, item_id, reviewer_id, kind)`;
  const conflict = sql`on conflict do nothing`;
  switch (rule.kind) {
    case 'owners':
      // Owners are the direct holders of the resource's owner entitlement (groups and apps; roles have none).
      await sql`${insert}
        select distinct i.campaign_id, i.id, og.principal_id, 'owner' from review_items i
        join entitlements oe on oe.connector_id = ${t.connectorId} and oe.resource_id = i.resource_id
          and oe.kind = 'owner'
        join grants og on og.connector_id = ${t.connectorId} and og.entitlement_id = oe.id and og.via_group_id = ''
        ${enabledReviewer(t, sql`og.principal_id`)}
        where i.campaign_id = ${t.campaignId} and ${decidable} and og.principal_id <> i.principal_id
        ${conflict}`.execute(db);
      return;
    case 'manager':
      await sql`${insert}
        select i.campaign_id, i.id, p.manager_id, 'manager' from review_items i
        join principals p on p.connector_id = ${t.connectorId} and p.id = i.principal_id
        ${enabledReviewer(t, sql`p.manager_id`)}
        where i.campaign_id = ${t.campaignId} and ${decidable} and p.manager_id <> i.principal_id
        ${conflict}`.execute(db);
      return;
    case 'named':
      // Named people, and the users directly in the named groups.
      await sql`${insert}
        select i.campaign_id, i.id, n.reviewer_id, 'named' from review_items i
        cross join (
          select unnest(${textArray(rule.principalIds ?? [])}) as reviewer_id
          union
          select member_id from group_members where connector_id = ${t.connectorId}
            and group_id = any(${textArray(rule.groupIds ?? [])}) and member_kind = 'user'
        ) n
        ${enabledReviewer(t, sql`n.reviewer_id`)}
        where i.campaign_id = ${t.campaignId} and ${decidable} and n.reviewer_id <> i.principal_id
        ${conflict}`.execute(db);
      return;
    case 'self':
      await sql`${insert}
        select i.campaign_id, i.id, i.principal_id, 'self' from review_items i
        ${enabledReviewer(t, sql`i.principal_id`)}
        where i.campaign_id = ${t.campaignId} and ${decidable}
        ${conflict}`.execute(db);
      return;
  }
}

async function insertFallbackAssignments(db: CatalogDb, t: Target, fallbackIds: readonly string[]): Promise<void> {
  if (fallbackIds.length === 0) return;
  await sql`insert into review_assignments (campaign_id, item_id, reviewer_id, kind)
    select i.campaign_id, i.id, f.id, 'fallback' from review_items i
    cross join (
      select id from principals where connector_id = ${t.connectorId} and id = any(${textArray(fallbackIds)})
        and kind = 'user' and account_enabled
    ) f
    where i.campaign_id = ${t.campaignId} and ${decidable} and f.id <> i.principal_id
      and not exists (select 1 from review_assignments a where a.campaign_id = i.campaign_id and a.item_id = i.id)
    on conflict do nothing`.execute(db);
}

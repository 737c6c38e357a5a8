// The evidence report's rows: a campaign's items read a keyset page at a time (with each item's reviewers as UPNs,
// or object ids when the directory does not know them), and the one record shape both formats print.
import { sql } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import type { ItemRow } from './inbox-view.js';

/** Column order of the CSV and key order of each JSON line: one list, so the two formats never drift apart. */
export const REPORT_COLUMNS = [
  'item_id',
  'resource_type',
  'resource',
  'entitlement',
  'entitlement_id',
  'principal',
  'principal_upn',
  'principal_id',
  'principal_type',
  'via_group',
  'last_sign_in',
  'recommendation',
  'recommendation_reason',
  'reviewers',
  'decision',
  'decided_by',
  'decided_at',
  'decision_source',
  'comment',
  'apply_result',
  'apply_message',
  'applied_at',
] as const;

export type ReportColumn = (typeof REPORT_COLUMNS)[number];
export type ReportRecord = Record<Exclude<ReportColumn, 'reviewers'>, string | null> & { reviewers: string[] };

type ReportRow = ItemRow & { reviewers: string[] | null };

const PAGE_SIZE = 1000;

/** Every item of the campaign in id order, a page at a time: a 150k-item report never sits in memory. */
export async function* eachReportRecord(db: CatalogDb, campaignId: string): AsyncGenerator<ReportRecord[]> {
  let after = '0';
  for (;;) {
    const { rows } = await sql<ReportRow>`
      select i.*, (
        select jsonb_agg(coalesce(a.reviewer_upn, p.upn, a.reviewer_id)
          order by coalesce(a.reviewer_upn, p.upn, a.reviewer_id))
        from review_assignments a
        left join principals p on p.connector_id = c.connector_id and p.id = a.reviewer_id
        where a.campaign_id = i.campaign_id and a.item_id = i.id
      ) as reviewers
      from review_items i join review_campaigns c on c.id = i.campaign_id
      where i.campaign_id = ${campaignId} and i.id > cast(${after} as bigint)
      order by i.id limit ${PAGE_SIZE}`.execute(db);
    if (rows.length > 0) yield rows.map(reportRecord);
    if (rows.length < PAGE_SIZE) return;
    after = String(rows.at(-1)!.id);
  }
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function reportRecord(row: ReportRow): ReportRecord {
  return {
    item_id: String(row.id),
    resource_type: row.resource_type,
    resource: row.resource_name,
    entitlement: row.entitlement_name,
    entitlement_id: row.entitlement_id,
    principal: row.principal_name,
    principal_upn: row.principal_upn,
    principal_id: row.principal_id,
    principal_type: row.user_type ? `${row.principal_kind} (${row.user_type})` : row.principal_kind,
    via_group: row.via_group_id === '' ? null : (row.via_group_name ?? row.via_group_id),
    last_sign_in: iso(row.last_sign_in_at),
    recommendation: row.recommendation,
    recommendation_reason: row.recommendation_reason,
    reviewers: row.reviewers ?? [],
    decision: row.decision,
    decided_by: row.decided_by,
    decided_at: iso(row.decided_at),
    decision_source: row.decision_source,
    comment: row.comment,
    apply_result: row.apply_result,
    apply_message: row.apply_message,
    applied_at: iso(row.applied_at),
  };
}

// Campaigns: create, read, list, move through their statuses, move the due date, count progress.
import { sql, type Selectable } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import type { JsonObject } from '../column-types.js';
import { jsonb } from '../json.js';
import type { CampaignCounts, CampaignDefinition, CampaignStatus } from '../../domain/reviews.js';
import type { ReviewCampaignsTable } from './schema.js';
import { appendReviewAudit, campaignSubject } from './staging-audit.js';

export interface NewCampaign {
  id: string;
  definition: CampaignDefinition;
  workflowId: string;
  ownerId: string;
  ownerSubject: string | null;
  seriesId?: string | null | undefined;
  startedAt: Date;
  dueAt: Date;
}

export interface Campaign {
  id: string;
  connectorId: string;
  seriesId: string | null;
  name: string;
  definition: CampaignDefinition;
  workflowId: string;
  ownerId: string;
  ownerSubject: string | null;
  status: CampaignStatus;
  startedAt: string;
  dueAt: string;
  stagedAt: string | null;
  closedAt: string | null;
  completedAt: string | null;
  signInKnown: boolean | null;
  counts: Partial<CampaignCounts>;
  reportSha256: { csv?: string; json?: string };
  error: string | null;
}

/** The campaign's row is gone (never created, or deleted with its connector). */
export class ReviewCampaignMissing extends Error {
  constructor(readonly campaignId: string) {
    super(`Review campaign ${campaignId} does not exist`);
    this.name = 'ReviewCampaignMissing';
  }
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const stored = (d: CampaignDefinition) => jsonb(d as unknown as JsonObject);

export function campaignOf(row: Selectable<ReviewCampaignsTable>): Campaign {
  return {
    id: row.id,
    connectorId: row.connector_id,
    seriesId: row.series_id,
    name: row.name,
    definition: row.definition,
    workflowId: row.workflow_id,
    ownerId: row.owner_id,
    ownerSubject: row.owner_subject,
    status: row.status,
    startedAt: iso(row.started_at)!,
    dueAt: iso(row.due_at)!,
    stagedAt: iso(row.staged_at),
    closedAt: iso(row.closed_at),
    completedAt: iso(row.completed_at),
    signInKnown: row.sign_in_known,
    counts: row.counts as Partial<CampaignCounts>,
    reportSha256: row.report_sha256 as Campaign['reportSha256'],
    error: row.error,
  };
}

/** Inserts the campaign and its audit row ('review.created'); a second call with the same id changes nothing. */
export async function createCampaign(db: CatalogDb, c: NewCampaign, requestId?: string): Promise<Campaign> {
  const inserted = await db
    .insertInto('review_campaigns')
    .values({
      id: c.id,
      connector_id: c.definition.connectorId,
      series_id: c.seriesId ?? null,
      name: c.definition.name,
      definition: stored(c.definition),
      workflow_id: c.workflowId,
      owner_id: c.ownerId,
      owner_subject: c.ownerSubject,
      started_at: c.startedAt,
      due_at: c.dueAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    await appendReviewAudit(db, [
      {
        actor: c.ownerId,
        action: 'review.created',
        subject: campaignSubject(c.id),
        requestId,
        detail: {
          name: c.definition.name,
          connectorId: c.definition.connectorId,
          seriesId: c.seriesId ?? null,
          kinds: c.definition.scope.kinds,
          reviewers: c.definition.reviewers.kind,
          dueAt: c.dueAt.toISOString(),
        },
      },
    ]);
  }
  const campaign = await getCampaign(db, c.id);
  if (!campaign) throw new ReviewCampaignMissing(c.id);
  return campaign;
}

export async function getCampaign(db: CatalogDb, id: string): Promise<Campaign | null> {
  const row = await db.selectFrom('review_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? campaignOf(row) : null;
}

/** Newest first; `cursor` is the last campaign's id of the previous page (an unknown cursor gives an empty page). */
export async function listCampaigns(
  db: CatalogDb,
  q: {
    connectorId?: string | undefined;
    status?: CampaignStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ campaigns: Campaign[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('review_campaigns as c')
    .selectAll('c')
    .orderBy('c.started_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.limit + 1);
  if (q.connectorId) query = query.where('c.connector_id', '=', q.connectorId);
  if (q.status) query = query.where('c.status', '=', q.status);
  if (q.cursor)
    query = query.where(
      sql<boolean>`(c.started_at, c.id) < (select started_at, id from review_campaigns where id = ${q.cursor})`,
    );
  const rows = await query.execute();
  const page = rows.slice(0, q.limit).map(campaignOf);
  return { campaigns: page, nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

/** Moves the campaign's status (and stamps staged_at/closed_at/completed_at); idempotent. */
export async function setCampaignStatus(
  db: CatalogDb,
  id: string,
  status: CampaignStatus,
  extra: { error?: string | null; counts?: Partial<CampaignCounts> } = {},
): Promise<void> {
  const closed = ['closing', 'awaiting_apply', 'applying', 'completed'].includes(status);
  await db
    .updateTable('review_campaigns')
    .set({
      status,
      ...(status !== 'staging' && status !== 'failed' ? { staged_at: sql`coalesce(staged_at, now())` } : {}),
      ...(closed ? { closed_at: sql`coalesce(closed_at, now())` } : {}),
      ...(status === 'completed' ? { completed_at: sql`coalesce(completed_at, now())` } : {}),
      ...(extra.error !== undefined ? { error: extra.error === null ? null : extra.error.slice(0, 2_000) } : {}),
      ...(extra.counts ? { counts: sql<Record<string, number>>`counts || ${jsonb(extra.counts as JsonObject)}` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Moves the due date and audits 'review.extended' (actor, from, to). */
export async function setDueAt(db: CatalogDb, id: string, dueAt: Date, actor: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('review_campaigns')
      .select('due_at')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new ReviewCampaignMissing(id);
    if (new Date(row.due_at).getTime() === dueAt.getTime()) return;
    await trx.updateTable('review_campaigns').set({ due_at: dueAt }).where('id', '=', id).execute();
    await appendReviewAudit(trx, [
      {
        actor,
        action: 'review.extended',
        subject: campaignSubject(id),
        detail: { from: iso(row.due_at), to: dueAt.toISOString() },
      },
    ]);
  });
}

/** Counts from the items (CampaignCounts), e.g. for the workflow's summary and the campaign page. */
export async function campaignCounts(db: CatalogDb, id: string): Promise<CampaignCounts> {
  const { rows } = await sql<Record<keyof CampaignCounts, string>>`
    select count(*) as items,
      (select count(distinct reviewer_id) from review_assignments where campaign_id = ${id}) as reviewers,
      count(*) filter (where decision is not null) as decided,
      count(*) filter (where decision = 'keep') as keep,
      count(*) filter (where decision = 'remove') as remove,
      count(*) filter (where apply_result = 'removed') as removed,
      count(*) filter (where apply_result = 'already_gone') as "alreadyGone",
      count(*) filter (where apply_result = 'not_applicable') as "notApplicable",
      count(*) filter (where apply_result = 'refused') as refused,
      count(*) filter (where apply_result = 'failed') as failed
    from review_items where campaign_id = ${id}`.execute(db);
  const row = rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as CampaignCounts;
}

export interface ReviewerProgress {
  reviewerId: string;
  name: string;
  upn: string | null;
  items: number;
  decided: number;
}

/** Per reviewer: how many items they may decide and how many of those are decided (campaign page). */
export async function reviewerProgress(db: CatalogDb, id: string): Promise<ReviewerProgress[]> {
  const { rows } = await sql<{ reviewer_id: string; name: string; upn: string | null; items: string; decided: string }>`
    select a.reviewer_id, coalesce(p.display_name, a.reviewer_id) as name, p.upn,
      count(*) as items, count(*) filter (where i.decision is not null) as decided
    from review_assignments a
    join review_campaigns c on c.id = a.campaign_id
    join review_items i on i.campaign_id = a.campaign_id and i.id = a.item_id
    left join principals p on p.connector_id = c.connector_id and p.id = a.reviewer_id
    where a.campaign_id = ${id}
    group by a.reviewer_id, p.display_name, p.upn
    order by name, a.reviewer_id`.execute(db);
  return rows.map((r) => ({
    reviewerId: r.reviewer_id,
    name: r.name,
    upn: r.upn,
    items: Number(r.items),
    decided: Number(r.decided),
  }));
}

/** Campaigns in which this person has items to review (any status but staging), newest first. */
export async function campaignsOfReviewer(
  db: CatalogDb,
  reviewerId: string,
): Promise<(Campaign & { assigned: number; undecided: number })[]> {
  const rows = await db
    .selectFrom('review_campaigns as c')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('review_assignments as a')
          .innerJoin('review_items as i', (j) =>
            j.onRef('i.campaign_id', '=', 'a.campaign_id').onRef('i.id', '=', 'a.item_id'),
          )
          .select(['a.campaign_id'])
          .select(sql<string>`count(*)`.as('assigned'))
          .select(sql<string>`count(*) filter (where i.decision is null)`.as('undecided'))
          .where('a.reviewer_id', '=', reviewerId)
          .groupBy('a.campaign_id')
          .as('mine'),
      (j) => j.onRef('mine.campaign_id', '=', 'c.id'),
    )
    .selectAll('c')
    .select(['mine.assigned', 'mine.undecided'])
    .where('c.status', '<>', 'staging')
    .orderBy('c.started_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...campaignOf(r), assigned: Number(r.assigned), undecided: Number(r.undecided) }));
}

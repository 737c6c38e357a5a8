// The campaign's status changes as the workflow drives them, each idempotent: a retry after a crash re-runs the same
// catalog writes, and the audit rows of closing and completion are written once (looked up before writing).
import { ApplicationFailure } from '@temporalio/common';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { auditCampaignOnce } from '../../catalog/reviews/workflow-records.js';
import {
  campaignCounts,
  getCampaign,
  setCampaignStatus,
  setDueAt,
  type Campaign,
} from '../../catalog/reviews/campaigns.js';
import { createOccurrence, getSeries } from '../../catalog/reviews/series.js';
import { applyDefaultDecision } from '../../catalog/reviews/decisions.js';
import { freezeReviewerLabels, recordReportDigests, reportSha256 } from '../../catalog/reviews/report.js';
import { settleNonRemovals } from '../../catalog/reviews/apply.js';
import type { CampaignCounts, CampaignStatus } from '../../domain/reviews.js';
import { REVIEW_FAILURES, type CampaignPlan } from '../../workflows/reviews/messages.js';

export interface CampaignRef {
  campaignId: string;
}

export async function campaignOrFail(db: CatalogDb, campaignId: string): Promise<Campaign> {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign)
    throw ApplicationFailure.nonRetryable(`Campaign ${campaignId} no longer exists.`, REVIEW_FAILURES.missing);
  return campaign;
}

export async function loadCampaignPlan(db: CatalogDb, { campaignId }: CampaignRef): Promise<CampaignPlan> {
  const c = await campaignOrFail(db, campaignId);
  return {
    status: c.status,
    startedAt: c.startedAt,
    dueAt: c.dueAt,
    autoApply: c.definition.autoApply,
    reminders: c.definition.reminders,
  };
}

/** Moves the due date (audited by the catalog as review.extended); a retry finding it moved already does nothing. */
export async function extendReviewDueDate(
  db: CatalogDb,
  input: { campaignId: string; dueAt: string; actorId: string },
): Promise<void> {
  const c = await campaignOrFail(db, input.campaignId);
  if (Date.parse(c.dueAt) === Date.parse(input.dueAt)) return;
  await setDueAt(db, input.campaignId, new Date(input.dueAt), input.actorId);
}

/** Closing: undecided items get the default decision, then the campaign is closed and audited once. */
export async function closeReviewCampaign(
  db: CatalogDb,
  input: { campaignId: string; actorId: string; reason: 'due' | 'early'; comment?: string | undefined },
): Promise<CampaignCounts> {
  const c = await campaignOrFail(db, input.campaignId);
  await setCampaignStatus(db, input.campaignId, 'closing');
  const { defaulted } = await applyDefaultDecision(db, input.campaignId, c.definition.defaultDecision);
  const counts = await campaignCounts(db, input.campaignId);
  await auditCampaignOnce(db, input.campaignId, {
    actor: input.actorId,
    action: 'review.closed',
    detail: {
      reason: input.reason,
      ...(input.comment ? { comment: input.comment } : {}),
      defaultDecision: c.definition.defaultDecision,
      defaulted,
      counts: { ...counts },
    },
  });
  return counts;
}

export async function setReviewStage(
  db: CatalogDb,
  input: { campaignId: string; status: CampaignStatus },
): Promise<CampaignCounts> {
  await setCampaignStatus(db, input.campaignId, input.status);
  return campaignCounts(db, input.campaignId);
}

/** Settles keeps and non-applicable items, records the report's digests, then completes the campaign (audited once). */
export async function completeReviewCampaign(db: CatalogDb, { campaignId }: CampaignRef): Promise<CampaignCounts> {
  await settleNonRemovals(db, campaignId);
  await freezeReviewerLabels(db, campaignId);
  const csv = await reportSha256(db, campaignId, 'csv');
  const json = await reportSha256(db, campaignId, 'json');
  await recordReportDigests(db, campaignId, { csv, json });
  const counts = await campaignCounts(db, campaignId);
  await setCampaignStatus(db, campaignId, 'completed', { counts });
  await auditCampaignOnce(db, campaignId, {
    actor: 'lantern',
    action: 'review.completed',
    detail: { counts: { ...counts }, sha256: { csv, json } },
  });
  return counts;
}

/** An activity ran out of attempts (or the campaign cannot go on): the campaign ends failed with the reason. */
export async function failReviewCampaign(db: CatalogDb, input: { campaignId: string; error: string }): Promise<void> {
  if (!(await getCampaign(db, input.campaignId))) return;
  await setCampaignStatus(db, input.campaignId, 'failed', { error: input.error });
  await auditCampaignOnce(db, input.campaignId, {
    actor: 'lantern',
    action: 'review.failed',
    detail: { error: input.error },
  });
}

/** A series occurrence's campaign (created once per occurrence workflow); null when the series has been stopped. */
export async function createOccurrenceCampaign(
  db: CatalogDb,
  input: { seriesId: string; occurrenceWorkflowId: string },
): Promise<{ campaignId: string; connectorId: string; name: string } | null> {
  const series = await getSeries(db, input.seriesId);
  if (!series || series.stoppedAt) return null;
  const c = await createOccurrence(db, input.seriesId, input.occurrenceWorkflowId, new Date());
  return { campaignId: c.id, connectorId: c.connectorId, name: c.name };
}

// Activities of an access review campaign, built from the same graph deps as just-in-time access (one TenantGraph, so
// the tenant's request budget paces reviews too) and the review emails' services. Every one is idempotent and keyed by
// the campaign id: items live in the catalog, the workflow only sees counts and ids.
import { stageCampaign } from '../../catalog/reviews/staging.js';
import { campaignCounts } from '../../catalog/reviews/campaigns.js';
import { liveJitGrants } from '../../catalog/reviews/apply.js';
import { pairsRevokedThroughJit } from '../../catalog/reviews/workflow-records.js';
import type { NotifyResult, StageResult } from '../../workflows/reviews/messages.js';
import type { SyncActivityDeps } from '../sync/deps.js';
import { applyReviewBatch, type ApplyBatchInput } from './apply-batch.js';
import {
  closeReviewCampaign,
  completeReviewCampaign,
  createOccurrenceCampaign,
  extendReviewDueDate,
  failReviewCampaign,
  loadCampaignPlan,
  setReviewStage,
  type CampaignRef,
} from './lifecycle.js';
import { notifyReviewers, type NotifyReviewersInput, type ReviewEmailServices } from './notify.js';
import { refreshSignInActivity, type RefreshSignInInput } from './sign-in.js';
import { keepAlive } from './keep-alive.js';

/** Without reviewEmails (tests, benches) nobody is emailed: reviewers use the web app. */
export type ReviewActivityDeps = SyncActivityDeps & { reviewEmails?: ReviewEmailServices | undefined };

export function createReviewActivities(deps: ReviewActivityDeps) {
  const { db } = deps.catalog;
  return {
    loadCampaignPlan: keepAlive((input: CampaignRef) => loadCampaignPlan(db, input)),
    /** Reads every user's last sign-in into the catalog; 403 (no P1/P2, no AuditLog.Read.All) = unknown. */
    refreshSignInActivity: (input: RefreshSignInInput) => refreshSignInActivity(deps, input),
    /** Snapshots the grants in scope as review items (once: a retry returns the counts of the first). */
    stageReviewCampaign: keepAlive(async (input: CampaignRef & { signInKnown: boolean }): Promise<StageResult> => {
      const counts = await stageCampaign(db, input.campaignId, { signInKnown: input.signInKnown, now: new Date() });
      return { ...counts, signInKnown: input.signInKnown };
    }),
    notifyReviewers: keepAlive((input: NotifyReviewersInput): Promise<NotifyResult> =>
      notifyReviewers(db, deps.reviewEmails, input),
    ),
    extendReviewDueDate: keepAlive((input: { campaignId: string; dueAt: string; actorId: string }) =>
      extendReviewDueDate(db, input),
    ),
    closeReviewCampaign: keepAlive((input: Parameters<typeof closeReviewCampaign>[1]) =>
      closeReviewCampaign(db, input),
    ),
    setReviewStage: keepAlive((input: Parameters<typeof setReviewStage>[1]) => setReviewStage(db, input)),
    applyReviewBatch: keepAlive((input: ApplyBatchInput) => applyReviewBatch(deps, input)),
    /**
     * Just-in-time grants on pairs this campaign removed that are still live: a batch whose worker died after
     * recording its results never returned their ids, so the workflow sweeps before completing.
     */
    unrevokedJitGrants: keepAlive(async (input: CampaignRef & { connectorId: string }): Promise<string[]> => {
      const pairs = await pairsRevokedThroughJit(db, input.campaignId, 1000);
      return pairs.length > 0 ? [...(await liveJitGrants(db, input.connectorId, pairs)).values()] : [];
    }),
    completeReviewCampaign: keepAlive((input: CampaignRef) => completeReviewCampaign(db, input)),
    failReviewCampaign: keepAlive((input: { campaignId: string; error: string }) => failReviewCampaign(db, input)),
    reviewCounts: keepAlive((input: CampaignRef) => campaignCounts(db, input.campaignId)),
    /** Run by reviewOccurrence (no heartbeat timeout there). */
    createOccurrenceCampaign: (input: { seriesId: string; occurrenceWorkflowId: string }) =>
      createOccurrenceCampaign(db, input),
  };
}

export type ReviewActivities = ReturnType<typeof createReviewActivities>;

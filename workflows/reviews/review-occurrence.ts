// reviewOccurrence: what a series' Temporal Schedule starts at each occurrence. It creates the occurrence's campaign
// from the series' definition (keyed by this workflow's id, so a retry creates it once) and starts its reviewCampaign
// as an abandoned child: the campaign lives for weeks, the occurrence ends as soon as the campaign has started.
import {
  ParentClosePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { ReviewActivities } from '../../activities/reviews/index.js';
import { ConnectorIdKey, OwnerKey, StageKey } from '../../temporal/search-attributes.js';
import { reviewCampaign } from './review-campaign.js';
import { reviewCampaignWorkflowId, type ReviewOccurrenceInput } from './messages.js';

const acts = proxyActivities<ReviewActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

export async function reviewOccurrence(input: ReviewOccurrenceInput): Promise<{ campaignId: string | null }> {
  const campaign = await acts.createOccurrenceCampaign({
    seriesId: input.seriesId,
    occurrenceWorkflowId: workflowInfo().workflowId,
  });
  // The series was stopped after this occurrence was scheduled: no campaign.
  if (!campaign) return { campaignId: null };
  const owner = `schedule:${input.seriesId}`;
  try {
    await startChild(reviewCampaign, {
      workflowId: reviewCampaignWorkflowId(campaign.campaignId),
      args: [{ ...campaign, owner }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: ConnectorIdKey, value: campaign.connectorId },
        { key: StageKey, value: 'staging' },
        { key: OwnerKey, value: owner },
      ],
      staticSummary: `Access review ${campaign.name}`.slice(0, 190),
    });
  } catch (error) {
    // Started already (this occurrence was re-run): the campaign is on its way.
    if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  }
  return { campaignId: campaign.campaignId };
}

// openBreakGlassReview: the access review of one break-glass grant, through the access-review machinery. The campaign
// (id derived from the grant's workflow id and the request id) holds exactly that pair; its reviewers are the
// entitlement's approvers, with the connector's known admins as fallback (the approvers themselves when no admin is
// known). Undecided at the due date = keep; a remove decision is applied at close like any review (which also revokes
// the live grant). Its reviewCampaign workflow is started through the worker's client; "already started" is done.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { entitlementNamesOf } from '../../catalog/access/approval-inbox.js';
import { findRequestPrincipal } from '../../catalog/access/requests.js';
import type { KnownAdmin } from '../../catalog/people/admins.js';
import {
  BREAK_GLASS_OWNER,
  breakGlassCampaignId,
  breakGlassScope,
  grantsInScope,
  openBreakGlassCampaign,
} from '../../catalog/reviews/break-glass.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import {
  CAMPAIGN_DEFAULTS,
  DEFAULT_REMINDERS,
  type CampaignDefinition,
  type ReviewScope,
} from '../../domain/reviews.js';
import { reviewsTemporal } from '../../temporal/clients/reviews.js';
import { reviewCampaignWorkflowId } from '../../workflows/reviews/messages.js';
import { ACCESS_FAILURES, type BreakGlassReviewInput, type BreakGlassReviewResult } from './contract.js';

export interface BreakGlassReviewDeps {
  db: Kysely<CatalogSchema>;
  admins: () => Promise<KnownAdmin[]>;
}

/** Campaign names are at most this long (the API's limit). */
const MAX_NAME = 200;

export async function openBreakGlassReview(
  deps: BreakGlassReviewDeps,
  input: BreakGlassReviewInput,
): Promise<BreakGlassReviewResult> {
  const scope = breakGlassScope(input);
  if (!scope)
    throw ApplicationFailure.nonRetryable(
      `Lantern does not review ${input.entitlementId}.`,
      ACCESS_FAILURES.unsupported,
    );
  const id = breakGlassCampaignId(input.workflowId, input.requestId);
  const now = new Date();
  // A retry finds the campaign the first attempt created, with its dates: only the first `now` counts.
  const campaign = await openBreakGlassCampaign(deps.db, {
    id,
    workflowId: reviewCampaignWorkflowId(id),
    definition: await definitionOf(deps, input, scope),
    grantWorkflowId: input.workflowId,
    startedAt: now,
    dueAt: new Date(now.getTime() + input.reviewWithinSeconds * 1000),
  });
  const { client, info } = Context.current();
  await reviewsTemporal(client, info.taskQueue).startCampaign({
    campaignId: id,
    connectorId: input.connectorId,
    name: campaign.name,
    owner: BREAK_GLASS_OWNER,
  });
  const items = campaign.stagedAt
    ? (campaign.counts.items ?? 0)
    : await grantsInScope(deps.db, input.connectorId, campaign.definition.scope, now);
  return { campaignId: id, items };
}

async function definitionOf(
  deps: BreakGlassReviewDeps,
  input: BreakGlassReviewInput,
  scope: ReviewScope,
): Promise<CampaignDefinition> {
  const names = await entitlementNamesOf(deps.db, input.connectorId, input.entitlementId);
  const entitlementName = names?.entitlementName ?? input.entitlementId;
  const principal = await findRequestPrincipal(deps.db, input.connectorId, input.principalId);
  const principalName = principal?.upn ?? principal?.display_name ?? input.principalId;
  const actors = new Set([input.requesterId, input.principalId]);
  const reviewerIds = [...new Set(input.reviewerIds)].filter((id) => !actors.has(id));
  // Fallback reviewers must be people of this connector's directory (staging assigns only those).
  const adminIds = (await deps.admins())
    .filter((a) => a.connectorId === input.connectorId && !actors.has(a.id))
    .map((a) => a.id);
  return {
    connectorId: input.connectorId,
    name: `Break-glass: ${entitlementName} for ${principalName}`.slice(0, MAX_NAME),
    description: `Break-glass access taken without approval (grant ${input.workflowId}). Reason given: ${input.reason}`,
    scope,
    reviewers: { kind: 'named', principalIds: reviewerIds, fallbackIds: adminIds.length ? adminIds : reviewerIds },
    durationSeconds: input.reviewWithinSeconds,
    reminders: DEFAULT_REMINDERS,
    defaultDecision: 'keep',
    autoApply: true,
    inactiveDays: CAMPAIGN_DEFAULTS.inactiveDays,
    recurrence: null,
  };
}

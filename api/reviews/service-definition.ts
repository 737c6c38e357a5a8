// A campaign definition checked against the catalog and the clock, defaults filled: what the schema cannot know
// (the connector is connected, reviewers are enabled users of its tenant, resources exist, the due date is ahead).
import { getConnector } from '../../catalog/connectors.js';
import type { CatalogDb } from '../../catalog/directory/writes/sql.js';
import { existingResourceIds, resolveEnabledUsers } from '../../catalog/reviews/definition-refs.js';
import { CAMPAIGN_DEFAULTS, type CampaignDefinition, type ReviewerRule } from '../../domain/reviews.js';
import { apiErrors } from '../http/errors.js';
import { LIMITS } from './schemas.js';
import type { DefinitionInput } from './service.js';

export interface CheckedDefinition {
  definition: CampaignDefinition;
  startedAt: Date;
  dueAt: Date;
}

export async function checkDefinition(db: CatalogDb, input: DefinitionInput, now: Date): Promise<CheckedDefinition> {
  if (input.name.trim() === '')
    throw apiErrors.invalid('name must not be blank: give the campaign a name reviewers recognise.');
  const durationSeconds = durationOf(input, now);
  const connector = await getConnector(db, input.connectorId);
  if (!connector) throw apiErrors.notFound(`Connector ${input.connectorId}`);
  if (connector.status !== 'connected')
    throw apiErrors.conflict(
      `Connector ${input.connectorId} is ${connector.status}, not connected: finish its onboarding (or resume it) before reviewing its access.`,
    );
  const reviewers = await checkReviewers(db, input.connectorId, input.reviewers);
  await requireExisting(db, input.connectorId, 'scope.resourceIds', input.scope.resourceIds ?? []);
  const definition: CampaignDefinition = {
    connectorId: input.connectorId,
    name: input.name.trim(),
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    scope: { ...input.scope, ...(input.scope.resourceIds?.length ? {} : { resourceIds: undefined }) },
    reviewers,
    durationSeconds,
    reminders: input.reminders
      ? {
          weekly: input.reminders.weekly,
          beforeDueSeconds: [...input.reminders.beforeDueSeconds].sort((a, b) => b - a),
        }
      : CAMPAIGN_DEFAULTS.reminders,
    defaultDecision: input.defaultDecision ?? CAMPAIGN_DEFAULTS.defaultDecision,
    autoApply: input.autoApply ?? CAMPAIGN_DEFAULTS.autoApply,
    inactiveDays: input.inactiveDays ?? CAMPAIGN_DEFAULTS.inactiveDays,
    recurrence: input.recurrence ?? CAMPAIGN_DEFAULTS.recurrence,
  };
  if (definition.scope.resourceIds === undefined) delete definition.scope.resourceIds;
  return { definition, startedAt: now, dueAt: new Date(now.getTime() + durationSeconds * 1000) };
}

function durationOf(input: DefinitionInput, now: Date): number {
  if (input.dueAt === undefined) return input.durationSeconds ?? CAMPAIGN_DEFAULTS.durationSeconds;
  if (input.durationSeconds !== undefined)
    throw apiErrors.invalid('Give either durationSeconds or dueAt, not both: they say the same thing two ways.');
  if (input.recurrence)
    throw apiErrors.invalid(
      'A recurring campaign needs durationSeconds (each occurrence lasts that long), not a fixed dueAt.',
    );
  const due = Date.parse(input.dueAt);
  if (Number.isNaN(due)) throw apiErrors.invalid('dueAt must be an ISO date-time, e.g. 2030-01-31T17:00:00Z.');
  const seconds = Math.ceil((due - now.getTime()) / 1000);
  if (seconds < LIMITS.minDurationSeconds)
    throw apiErrors.invalid(`dueAt must be at least a minute in the future (it is ${input.dueAt}).`);
  if (seconds > LIMITS.maxDurationSeconds) throw apiErrors.invalid('dueAt must be within 366 days from now.');
  return seconds;
}

async function checkReviewers(db: CatalogDb, connectorId: string, rule: ReviewerRule): Promise<ReviewerRule> {
  const named = rule.principalIds ?? [];
  const groups = rule.groupIds ?? [];
  if (rule.kind === 'named' && named.length + groups.length === 0)
    throw apiErrors.invalid('reviewers.kind "named" needs reviewers.principalIds or reviewers.groupIds.');
  if (rule.kind !== 'named' && named.length + groups.length > 0)
    throw apiErrors.invalid(
      `reviewers.principalIds and reviewers.groupIds are only for kind "named" (this campaign's kind is "${rule.kind}").`,
    );
  const principalIds = await resolveUsers(db, connectorId, 'reviewers.principalIds', named);
  const fallbackIds = await resolveUsers(db, connectorId, 'reviewers.fallbackIds', rule.fallbackIds);
  await requireExisting(db, connectorId, 'reviewers.groupIds', groups, 'group');
  return {
    kind: rule.kind,
    ...(principalIds.length ? { principalIds } : {}),
    ...(groups.length ? { groupIds: [...groups] } : {}),
    fallbackIds,
  };
}

/** Object ids or UPNs → object ids of enabled users of the connector, in the given order; 400 naming the others. */
async function resolveUsers(db: CatalogDb, connectorId: string, field: string, refs: readonly string[]) {
  if (refs.length === 0) return [];
  const resolved = await resolveEnabledUsers(db, connectorId, refs);
  const unknown = refs.filter((ref) => !resolved.has(ref));
  if (unknown.length > 0)
    throw apiErrors.invalid(
      `${field}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an enabled user' : 'are not enabled users'} of connector ${connectorId} (give object ids or UPNs of people in its directory).`,
    );
  return [...new Set(refs.map((ref) => resolved.get(ref)!))];
}

async function requireExisting(
  db: CatalogDb,
  connectorId: string,
  field: string,
  ids: readonly string[],
  type?: 'group',
): Promise<void> {
  const found = await existingResourceIds(db, connectorId, ids, type);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw apiErrors.invalid(
      `${field}: ${missing.join(', ')} ${missing.length === 1 ? 'is not a' : 'are not'} ${type ?? 'resource'}${missing.length === 1 ? '' : 's'} of connector ${connectorId}.`,
    );
}

// The access review API's schemas: a campaign definition as callers send it, decisions, the owner's actions, queries,
// and what the API answers. Bounds live here once; the service checks what a schema cannot (the catalog, the clock).
import { Type, type TSchema } from '@sinclair/typebox';
import { CAMPAIGN_STATUSES, DEFAULT_DECISIONS, RECURRENCE_CADENCES, REVIEW_SCOPE_KINDS } from '../../domain/reviews.js';
import { ID_PATTERN, oneOf } from '../http/schemas.js';

export const LIMITS = {
  name: 200,
  description: 2_000,
  resourceIds: 500,
  reviewerIds: 100,
  fallbackIds: 20,
  minDurationSeconds: 60,
  maxDurationSeconds: 366 * 86_400,
  inactiveDays: 3_650,
  decisionItems: 1_000,
  comment: 2_000,
  reason: 500,
} as const;

const Id = Type.String({ pattern: ID_PATTERN });
/** Reviewers may be named by Entra object id or by UPN (resolved through the catalog). */
const PersonRef = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: '^[^\\s,;]+$',
  description: 'Entra object id, or the UPN of a user of the connector',
});
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ScopeSchema = Type.Object(
  {
    kinds: Type.Array(oneOf(REVIEW_SCOPE_KINDS), {
      minItems: 1,
      uniqueItems: true,
      description: 'What to review: at least one of ' + REVIEW_SCOPE_KINDS.join(', '),
    }),
    resourceIds: Type.Optional(
      Type.Array(Id, {
        maxItems: LIMITS.resourceIds,
        uniqueItems: true,
        description: 'Only these resources (groups, service principals, role templates); absent = all',
      }),
    ),
    principals: Type.Optional(oneOf(['all', 'guests', 'members'] as const)),
    privilegedRolesOnly: Type.Optional(Type.Boolean()),
    assignment: Type.Optional(oneOf(['all', 'direct', 'viaGroup'] as const)),
    noSignInForDays: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.inactiveDays })),
  },
  { additionalProperties: false },
);

export const ReviewersSchema = Type.Object(
  {
    kind: oneOf(['owners', 'manager', 'named', 'self'] as const, {
      description: "Resource owners, the principal's manager, named people/groups, or self-review",
    }),
    principalIds: Type.Optional(Type.Array(PersonRef, { maxItems: LIMITS.reviewerIds, uniqueItems: true })),
    groupIds: Type.Optional(Type.Array(Id, { maxItems: LIMITS.reviewerIds, uniqueItems: true })),
    fallbackIds: Type.Array(PersonRef, {
      minItems: 1,
      maxItems: LIMITS.fallbackIds,
      uniqueItems: true,
      description: 'Who reviews what the chosen kind leaves without a reviewer (at least one person)',
    }),
  },
  { additionalProperties: false },
);

export const RemindersSchema = Type.Object(
  {
    weekly: Type.Boolean(),
    beforeDueSeconds: Type.Array(Type.Integer({ minimum: 60, maximum: LIMITS.maxDurationSeconds }), {
      maxItems: 10,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export const DefinitionBody = Type.Object(
  {
    connectorId: Id,
    name: Type.String({ minLength: 1, maxLength: LIMITS.name }),
    description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
    scope: ScopeSchema,
    reviewers: ReviewersSchema,
    durationSeconds: Type.Optional(
      Type.Integer({
        minimum: LIMITS.minDurationSeconds,
        maximum: LIMITS.maxDurationSeconds,
        description: 'From start to due date (60 s … 366 days); or give dueAt instead (one-time campaigns)',
      }),
    ),
    dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'ISO date-time in the future' })),
    reminders: Type.Optional(RemindersSchema),
    defaultDecision: Type.Optional(
      oneOf(DEFAULT_DECISIONS, { description: 'For items nobody decided (default keep)' }),
    ),
    autoApply: Type.Optional(Type.Boolean({ description: 'Apply removals at close (default true)' })),
    inactiveDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: LIMITS.inactiveDays, description: 'Recommend removal after (default 30)' }),
    ),
    recurrence: Type.Optional(Nullable(oneOf(RECURRENCE_CADENCES, { description: 'null or absent = one-time' }))),
  },
  { additionalProperties: false },
);

export const DecisionsBody = Type.Object(
  {
    itemIds: Type.Array(Type.String({ pattern: '^[1-9][0-9]{0,17}$' }), {
      minItems: 1,
      maxItems: LIMITS.decisionItems,
      uniqueItems: true,
      description: 'Item ids of this campaign (1 … 1,000 at once)',
    }),
    decision: oneOf(['keep', 'remove'] as const),
    comment: Type.Optional(Type.String({ maxLength: LIMITS.comment })),
  },
  { additionalProperties: false },
);

export const CloseBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: LIMITS.reason })) },
  { additionalProperties: false },
);
export const ExtendBody = Type.Object(
  { dueAt: Type.String({ format: 'date-time', description: 'Later than the current due date' }) },
  { additionalProperties: false },
);
export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const CampaignParams = Type.Object({ campaignId: Id });
export const SeriesParams = Type.Object({ seriesId: Id });

export const ListQuery = Type.Object(
  {
    connectorId: Type.Optional(Id),
    status: Type.Optional(oneOf(CAMPAIGN_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Page size (default 50)' })),
    cursor: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export const ItemsQuery = Type.Object(
  {
    reviewer: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'Admins: only this reviewer (object id)' }),
    ),
    decision: Type.Optional(oneOf(['undecided', 'keep', 'remove', 'all'] as const)),
    recommendation: Type.Optional(oneOf(['keep', 'remove', 'none'] as const)),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(oneOf(['principal', 'resource', 'lastSignIn', 'recommendation'] as const)),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Page size (default 100)' })),
  },
  { additionalProperties: false },
);
export const SeriesQuery = Type.Object({ connectorId: Type.Optional(Id) }, { additionalProperties: false });
export const ReportQuery = Type.Object(
  { format: Type.Optional(oneOf(['csv', 'json'] as const, { description: 'csv (default) or json (JSON Lines)' })) },
  { additionalProperties: false },
);

// ---- answers ----

const COUNT_NAMES = [
  'items',
  'reviewers',
  'decided',
  'keep',
  'remove',
  'removed',
  'alreadyGone',
  'notApplicable',
  'refused',
  'failed',
] as const;
const Counts = Type.Object(
  Object.fromEntries(COUNT_NAMES.map((name) => [name, Type.Integer()])) as Record<
    (typeof COUNT_NAMES)[number],
    ReturnType<typeof Type.Integer>
  >,
);
const Str = Type.String();
const NullStr = Nullable(Type.String());
export const ItemSchema = Type.Object({
  id: Str,
  entitlementId: Str,
  entitlementKind: Str,
  entitlementName: Str,
  resourceId: Str,
  resourceType: Str,
  resourceName: Str,
  principalId: Str,
  principalKind: Str,
  principalName: Str,
  principalUpn: NullStr,
  userType: NullStr,
  accountEnabled: Type.Boolean(),
  lastSignInAt: NullStr,
  viaGroupId: NullStr,
  viaGroupName: NullStr,
  applicability: Str,
  applicabilityReason: NullStr,
  recommendation: Str,
  recommendationReason: Str,
  decision: NullStr,
  decisionSource: NullStr,
  decidedBy: NullStr,
  decidedAt: NullStr,
  comment: NullStr,
  applyResult: NullStr,
  applyMessage: NullStr,
  appliedAt: NullStr,
  reviewerIds: Type.Array(Str),
});
export const CampaignSchema = Type.Object({
  id: Type.String(),
  connectorId: Type.String(),
  seriesId: Nullable(Type.String()),
  name: Type.String(),
  definition: Type.Unknown(),
  workflowId: Type.String(),
  ownerId: Type.String(),
  ownerSubject: Nullable(Type.String()),
  status: Type.String(),
  startedAt: Type.String(),
  dueAt: Type.String(),
  stagedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  signInKnown: Nullable(Type.Boolean()),
  counts: Type.Partial(Counts),
  reportSha256: Type.Object({ csv: Type.Optional(Type.String()), json: Type.Optional(Type.String()) }),
  error: Nullable(Type.String()),
});
export const SeriesSchema = Type.Object({
  id: Type.String(),
  connectorId: Type.String(),
  name: Type.String(),
  definition: Type.Unknown(),
  cadence: Type.String(),
  scheduleId: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  stoppedAt: Nullable(Type.String()),
});
export const Created = Type.Object({ campaign: CampaignSchema, series: Nullable(SeriesSchema) });
export const CampaignPage = Type.Object({ campaigns: Type.Array(CampaignSchema), nextCursor: Nullable(Type.String()) });
export const CampaignDetail = Type.Object({
  campaign: CampaignSchema,
  counts: Counts,
  reviewers: Type.Array(
    Type.Object({
      reviewerId: Type.String(),
      name: Type.String(),
      upn: Nullable(Type.String()),
      items: Type.Integer(),
      decided: Type.Integer(),
    }),
  ),
});
export const ItemsPage = Type.Object({
  items: Type.Array(ItemSchema),
  nextCursor: Nullable(Type.String()),
  total: Type.Integer(),
});
export const DecideAnswer = Type.Object({ decided: Type.Integer(), unchanged: Type.Integer() });
export const MyCampaigns = Type.Object({
  campaigns: Type.Array(
    Type.Intersect([CampaignSchema, Type.Object({ assigned: Type.Integer(), undecided: Type.Integer() })]),
  ),
});
export const SeriesList = Type.Object({ series: Type.Array(SeriesSchema) });

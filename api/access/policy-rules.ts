// The rules of an access policy, in one place: the JSON route (PUT .../access-policies/...) validates its body with
// PolicyBody, and the Policies page builds the same body from its form and checks it with checkPolicyBody, so a value
// the API refuses is refused by the page too. savePolicy stores and audits for both.
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { getConnector } from '../../catalog/connectors.js';
import { normaliseEligibility } from './policy-cross-rules.js';
import { auditPolicyChange, putPolicy, type AccessPolicy } from '../../catalog/access/policies.js';
import { findEntitlement } from '../../catalog/access/requests.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { apiErrors } from '../http/errors.js';
import { compileBodyValidator } from '../http/input-rules.js';
import { ID_PATTERN } from '../http/schemas.js';
import { POLICY_V2_LIMITS, USER_TYPES } from '../../domain/access-policy.js';
import { policyRuleError } from './policy-cross-rules.js';

export const DEFAULT_SEGMENT = 'default';
export const MAX_POLICY_DURATION_SECONDS = 366 * 24 * 3600;
export const MAX_REQUEST_TIMEOUT_SECONDS = 30 * 24 * 3600;
export const MAX_EXPIRY_WARNING_SECONDS = 30 * 24 * 3600;
export const MAX_NAMED_APPROVERS = 100;

export const PolicyParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'Connector id' }),
  entitlementId: Type.String({
    pattern: ID_PATTERN,
    description: `An entitlement id, or "${DEFAULT_SEGMENT}" for the connector's default`,
  }),
});

/** Who approves (a v1 policy's `approvers`, a stage's approvers or fallback approvers): any that apply. */
export const ApproverSetBody = Type.Object(
  {
    owners: Type.Optional(
      Type.Boolean({ description: "The entitlement's owners in Entra (group owners / app owners)" }),
    ),
    principalIds: Type.Optional(Type.Array(Type.String({ pattern: ID_PATTERN }), { maxItems: MAX_NAMED_APPROVERS })),
    groupId: Type.Optional(
      Type.Union([Type.String({ pattern: ID_PATTERN }), Type.Null()], {
        description: 'Members of this group approve',
      }),
    ),
    manager: Type.Optional(
      Type.Boolean({
        description:
          'The manager in Entra of the principal receiving access (the requester, or whom an admin requests for)',
      }),
    ),
  },
  { additionalProperties: false },
);

const { maxStages, maxQuorum, maxStageTimeoutSeconds, maxEligibilityGroups } = POLICY_V2_LIMITS;

export const StageBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, description: 'Shown on the request, in emails and in Temporal' }),
    approvers: ApproverSetBody,
    quorum: Type.Integer({
      minimum: 1,
      maximum: maxQuorum,
      description: 'Distinct approvals the stage needs (M of N)',
    }),
    timeoutSeconds: Type.Integer({ minimum: 60, maximum: maxStageTimeoutSeconds }),
    onTimeout: Type.Union([Type.Literal('escalate'), Type.Literal('deny')], {
      description: 'escalate: the fallback approvers decide for another timeoutSeconds; deny: the request expires',
    }),
    fallbackApprovers: Type.Optional(ApproverSetBody),
  },
  { additionalProperties: false },
);

export const EligibilityBody = Type.Object(
  {
    groupIds: Type.Optional(
      Type.Array(Type.String({ pattern: ID_PATTERN }), { maxItems: maxEligibilityGroups, uniqueItems: true }),
    ),
    userTypes: Type.Optional(
      Type.Array(Type.Union([Type.Literal(USER_TYPES[0]), Type.Literal(USER_TYPES[1])]), {
        maxItems: USER_TYPES.length,
        uniqueItems: true,
      }),
    ),
  },
  { additionalProperties: false },
);

export const BreakGlassBody = Type.Object(
  {
    maxDurationSeconds: Type.Integer({ minimum: 60, maximum: POLICY_V2_LIMITS.maxBreakGlassSeconds }),
    reviewWithinSeconds: Type.Integer({ minimum: 3600, maximum: POLICY_V2_LIMITS.maxBreakGlassReviewSeconds }),
  },
  { additionalProperties: false },
);

export const PolicyBody = Type.Object(
  {
    maxDurationSeconds: Type.Integer({ minimum: 60, maximum: MAX_POLICY_DURATION_SECONDS }),
    approvalRequired: Type.Boolean(),
    approvers: Type.Optional(ApproverSetBody),
    stages: Type.Optional(
      Type.Array(StageBody, {
        minItems: 1,
        maxItems: maxStages,
        description: 'Approval stages in order (policy v2); with approvalRequired give either approvers or stages',
      }),
    ),
    eligibility: Type.Optional(
      Type.Union([EligibilityBody, Type.Null()], {
        description: 'Who may request (the principal receiving access must qualify); null = everyone in the tenant',
      }),
    ),
    breakGlass: Type.Optional(
      Type.Union([BreakGlassBody, Type.Null()], {
        description: 'Self-approval with a mandatory reason, short access and a review afterwards; null = none',
      }),
    ),
    revokeSessions: Type.Optional(
      Type.Boolean({
        description: "After removing a directory role or a role-assignable group, revoke the user's sign-in sessions",
      }),
    ),
    autoApproveGroupId: Type.Optional(
      Type.Union([Type.String({ pattern: ID_PATTERN }), Type.Null()], {
        description: 'Members of this group need no approval',
      }),
    ),
    requestTimeoutSeconds: Type.Integer({ minimum: 1, maximum: MAX_REQUEST_TIMEOUT_SECONDS }),
    extensionNeedsApproval: Type.Boolean(),
    allowGuests: Type.Optional(
      Type.Boolean({ description: 'Guests (Entra userType Guest) may receive this access. Default false' }),
    ),
    expiryWarningSeconds: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: MAX_EXPIRY_WARNING_SECONDS }), Type.Null()], {
        description:
          "Lead time of the expiry warning email (with its one-click extension link). Unset/null = the connector default policy's value, else 900 (15 minutes); 0 = no warning",
      }),
    ),
  },
  { additionalProperties: false },
);
export type PolicyBodyValue = Static<typeof PolicyBody>;

/** A refused policy field: its path in PolicyBody ("maxDurationSeconds", "approvers.principalIds") and why. */
export interface PolicyFieldError {
  path: string;
  message: string;
}

const policyBodyValidator = compileBodyValidator(PolicyBody as unknown as Record<string, unknown>);

/**
 * What PolicyBody refuses in `body`, checked by the API's own body validator (so with its exact rules): the first
 * problem, on its path in PolicyBody ("maxDurationSeconds", "approvers.principalIds", "stages.1.quorum": a stage's
 * index is kept so the page puts the refusal on that stage's field; other arrays' indexes are dropped, their field
 * being the whole list), or null when the body is valid.
 */
export function checkPolicyBody(body: unknown): PolicyFieldError | null {
  if (policyBodyValidator(body)) {
    const crossed = policyRuleError(body as PolicyBodyValue);
    return crossed && { path: fieldPath(crossed.path), message: crossed.message };
  }
  const issue = policyBodyValidator.errors?.[0];
  const parts = (issue?.instancePath ?? '').split('/').filter(Boolean);
  const named = issue?.params['additionalProperty'] ?? issue?.params['missingProperty'];
  if (typeof named === 'string') parts.push(named);
  return { path: fieldPath(parts), message: issue?.message ?? 'is not valid' };
}

/** The path's parts joined with dots, array indexes dropped except the one that names a stage. */
const fieldPath = (parts: string[]): string =>
  parts.filter((part, i) => !/^\d+$/.test(part) || (i === 1 && parts[0] === 'stages')).join('.');

/** Who saved the policy, for its audit row. */
export interface PolicyActor {
  id: string;
  requestId: string;
}

/**
 * Stores the policy of `entitlementSegment` ("default" or an entitlement id) after checking that the connector and the
 * entitlement exist (404 otherwise), and audits the change. The body must already satisfy PolicyBody.
 */
export async function savePolicy(
  db: Kysely<CatalogSchema>,
  target: { connectorId: string; entitlementSegment: string },
  body: PolicyBodyValue,
  actor: PolicyActor,
): Promise<AccessPolicy> {
  const { connectorId, entitlementSegment } = target;
  if (!(await getConnector(db, connectorId))) throw apiErrors.notFound(`Connector ${connectorId}`);
  const entitlement = entitlementSegment === DEFAULT_SEGMENT ? null : entitlementSegment;
  if (entitlement && !(await findEntitlement(db, connectorId, entitlement))) {
    throw apiErrors.notFound(`Entitlement ${entitlement}`);
  }
  const crossed = policyRuleError(body);
  if (crossed) throw apiErrors.invalid(`Invalid request: body.${crossed.path.join('.')} ${crossed.message}.`);
  const { approvers, stages, eligibility, breakGlass, revokeSessions, ...v1 } = body;
  const policy: AccessPolicy = {
    connectorId,
    entitlementId: entitlement,
    ...v1,
    // With stages the v1 approvers are unused (stagesOf reads the stages); absent, they name nobody.
    approvers: approvers ?? {},
    autoApproveGroupId: body.autoApproveGroupId ?? null,
    expiryWarningSeconds: body.expiryWarningSeconds ?? null,
    allowGuests: body.allowGuests ?? false,
    stages: stages ?? null,
    eligibility: eligibility ? normaliseEligibility(eligibility) : null,
    breakGlass: breakGlass ?? null,
    revokeSessions: revokeSessions ?? false,
  };
  await db.transaction().execute(async (trx) => {
    await putPolicy(trx, policy);
    await auditPolicyChange(trx, policy, actor);
  });
  return policy;
}

// Response schemas of the access, policy and audit routes (OpenAPI + serialisation).
import { Type } from '@sinclair/typebox';
import { BreakGlassBody, EligibilityBody, StageBody } from './policy-rules.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const GrantStatusSchema = Type.Object({
  connectorId: Type.String(),
  entitlementId: Type.String(),
  principalId: Type.String(),
  stage: Type.String({ description: 'pending_approval | provisioning | active | deprovisioning | ended' }),
  endReason: Nullable(Type.String({ description: 'expired | revoked | denied | request_expired | failed' })),
  requesterId: Type.String(),
  expiresAt: Nullable(Type.String()),
  preExisting: Type.Boolean(),
  approvedBy: Nullable(Type.String()),
  extensions: Type.Integer(),
  deprovisionAttempts: Type.Integer(),
  failure: Nullable(Type.String()),
  queuedExtensions: Type.Optional(
    Type.Integer({
      description: 'Extensions asked for before the grant was active; they apply when it becomes active',
    }),
  ),
});

export const RequestOutcomeSchema = Type.Object({
  kind: Type.String({
    description:
      'created | extended | pending (an extension awaiting approval) | queued (an extension asked for before the grant is active: applied when it is) | repeated (no more than the request awaiting approval asks for: nothing changed)',
  }),
  workflowId: Type.String({ description: 'The request id used in /api/v1/access-requests/{grantId}' }),
  status: GrantStatusSchema,
});

export const GrantRowSchema = Type.Object({
  workflow_id: Type.String(),
  connector_id: Type.String(),
  entitlement_id: Type.String(),
  principal_id: Type.String(),
  principal_upn: Type.String(),
  requester_id: Type.String(),
  stage: Type.String(),
  end_reason: Nullable(Type.String()),
  expires_at: Type.Union([Type.Unsafe<Date>({ type: 'string', format: 'date-time' }), Type.Null()]),
  pre_existing: Type.Boolean(),
  approver_ids: Type.Array(Type.String()),
  updated_at: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
});

export const GrantDetailSchema = Type.Composite([
  GrantRowSchema,
  Type.Object({ live: Type.Union([GrantStatusSchema, Type.Null()]) }),
]);

export const PolicySchema = Type.Object({
  connectorId: Type.String(),
  entitlementId: Nullable(Type.String()),
  maxDurationSeconds: Type.Integer(),
  approvalRequired: Type.Boolean(),
  approvers: Type.Object({
    owners: Type.Optional(Type.Boolean()),
    principalIds: Type.Optional(Type.Array(Type.String())),
    groupId: Type.Optional(Nullable(Type.String())),
    manager: Type.Optional(Type.Boolean()),
  }),
  autoApproveGroupId: Nullable(Type.String()),
  requestTimeoutSeconds: Type.Integer(),
  extensionNeedsApproval: Type.Boolean(),
  allowGuests: Type.Boolean(),
  expiryWarningSeconds: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Expiry warning lead time; null = inherited / 900',
  }),
  stages: Type.Union([Type.Array(StageBody), Type.Null()], {
    description: 'Approval stages in order; null = approvers as one stage (any one approval, requestTimeoutSeconds)',
  }),
  eligibility: Type.Union([EligibilityBody, Type.Null()], { description: 'Who may request; null = everyone' }),
  breakGlass: Type.Union([BreakGlassBody, Type.Null()], { description: 'Break-glass rule; null = none' }),
  revokeSessions: Type.Boolean(),
});

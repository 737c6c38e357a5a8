// Access policies: one per entitlement, or the connector's default (entitlement_id ''), and the lookups a request needs
// to resolve one into a decision plan (approvers expanded to principal ids, auto-approve by group membership). The
// expansion reads the catalog as last synced, so it follows Entra one sync behind.
import { sql, type Kysely } from 'kysely';
import type { JsonValue } from '../column-types.js';
import { jsonb } from '../json.js';
import type { CatalogSchema } from '../schema.js';
import type { ApproverRule } from './schema.js';
import {
  stagesOf,
  type ApprovalStageRule,
  type ApproverSet,
  type BreakGlassRule,
  type EligibilityRule,
} from '../../domain/access-policy.js';

export const DEFAULT_POLICY_KEY = '';

export interface AccessPolicy {
  connectorId: string;
  /** null = the connector's default. */
  entitlementId: string | null;
  maxDurationSeconds: number;
  approvalRequired: boolean;
  approvers: ApproverRule;
  autoApproveGroupId: string | null;
  requestTimeoutSeconds: number;
  extensionNeedsApproval: boolean;
  /** Lead time of the expiry warning email; null = the connector default's, else 15 minutes; 0 = none. */
  expiryWarningSeconds: number | null;
  /** Guests (Entra userType Guest) may receive the entitlement. */
  allowGuests: boolean;
  /** v2: ordered approval stages; null = `approvers` as one stage (domain/access-policy.ts stagesOf). */
  stages: ApprovalStageRule[] | null;
  /** v2: who may request; null = everyone in the connected tenant. */
  eligibility: EligibilityRule | null;
  /** v2: break-glass; null = none. */
  breakGlass: BreakGlassRule | null;
  /** v2: revoke sign-in sessions after removing a directory role or a role-assignable group. */
  revokeSessions: boolean;
}

type V2Fields = 'allowGuests' | 'stages' | 'eligibility' | 'breakGlass' | 'revokeSessions';
/** A policy to store; allowGuests defaults to false (guests refused), the v2 fields to v1 behaviour. */
export type PolicyInput = Omit<AccessPolicy, V2Fields> & Partial<{ [K in V2Fields]: AccessPolicy[K] | undefined }>;

export async function putPolicy(db: Kysely<CatalogSchema>, policy: PolicyInput): Promise<void> {
  const row = {
    connector_id: policy.connectorId,
    entitlement_id: policy.entitlementId ?? DEFAULT_POLICY_KEY,
    max_duration_seconds: policy.maxDurationSeconds,
    approval_required: policy.approvalRequired,
    approvers: jsonb({
      owners: policy.approvers.owners ?? false,
      principalIds: policy.approvers.principalIds ?? [],
      groupId: policy.approvers.groupId ?? null,
      manager: policy.approvers.manager ?? false,
    }),
    auto_approve_group_id: policy.autoApproveGroupId,
    request_timeout_seconds: policy.requestTimeoutSeconds,
    extension_needs_approval: policy.extensionNeedsApproval,
    expiry_warning_seconds: policy.expiryWarningSeconds,
    allow_guests: policy.allowGuests ?? false,
    stages: policy.stages ? jsonb(policy.stages as unknown as JsonValue) : null,
    eligibility: policy.eligibility ? jsonb(policy.eligibility as unknown as JsonValue) : null,
    break_glass: policy.breakGlass ? jsonb(policy.breakGlass as unknown as JsonValue) : null,
    revoke_sessions: policy.revokeSessions ?? false,
    updated_at: sql<Date>`now()`,
  };
  await db
    .insertInto('access_policies')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['connector_id', 'entitlement_id'])
        .doUpdateSet({ ...row, connector_id: undefined, entitlement_id: undefined }),
    )
    .execute();
}

/** The audit row of a saved policy: who set which policy of which connector to what. */
export async function auditPolicyChange(
  db: Kysely<CatalogSchema>,
  policy: AccessPolicy,
  actor: { id: string; requestId?: string | null | undefined },
): Promise<void> {
  const { connectorId, entitlementId, ...settings } = policy;
  await db
    .insertInto('audit_log')
    .values({
      actor: actor.id,
      action: 'access_policy.updated',
      subject: `connector:${connectorId}`,
      detail: jsonb({ entitlementId, ...settings, approvers: { ...settings.approvers } }),
      request_id: actor.requestId ?? null,
    })
    .execute();
}

export async function listPolicies(db: Kysely<CatalogSchema>, connectorId: string): Promise<AccessPolicy[]> {
  const rows = await db
    .selectFrom('access_policies')
    .selectAll()
    .where('connector_id', '=', connectorId)
    .orderBy('entitlement_id')
    .execute();
  return rows.map((r) => ({
    connectorId: r.connector_id,
    entitlementId: r.entitlement_id === DEFAULT_POLICY_KEY ? null : r.entitlement_id,
    maxDurationSeconds: r.max_duration_seconds,
    approvalRequired: r.approval_required,
    approvers: r.approvers,
    autoApproveGroupId: r.auto_approve_group_id,
    requestTimeoutSeconds: r.request_timeout_seconds,
    extensionNeedsApproval: r.extension_needs_approval,
    expiryWarningSeconds: r.expiry_warning_seconds,
    allowGuests: r.allow_guests,
    stages: r.stages,
    eligibility: r.eligibility,
    breakGlass: r.break_glass,
    revokeSessions: r.revoke_sessions,
  }));
}

/**
 * The entitlement's own policy, else the connector's default; undefined when neither exists. A lead time the
 * entitlement's policy leaves unset comes from the connector's default.
 */
export async function effectivePolicy(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  entitlementId: string,
): Promise<AccessPolicy | undefined> {
  const all = await listPolicies(db, connectorId);
  const fallback = all.find((p) => p.entitlementId === null);
  const own = all.find((p) => p.entitlementId === entitlementId) ?? fallback;
  return own && { ...own, expiryWarningSeconds: own.expiryWarningSeconds ?? fallback?.expiryWarningSeconds ?? null };
}

/** Group owners for group entitlements, app owners for app entitlements (as last synced). */
export async function entitlementOwners(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  entitlementId: string,
): Promise<string[]> {
  const [type, resourceId] = entitlementId.split(':');
  const ownerEntitlement =
    type === 'group' ? `group:${resourceId}:owner` : type === 'app' ? `app:${resourceId}:owner` : null;
  if (!ownerEntitlement) return [];
  const rows = await db
    .selectFrom('grants')
    .select('principal_id')
    .distinct()
    .where('connector_id', '=', connectorId)
    .where('entitlement_id', '=', ownerEntitlement)
    .where('via_group_id', '=', '')
    .execute();
  return rows.map((r) => r.principal_id);
}

export async function groupMemberIds(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  groupId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('group_members')
    .select('member_id')
    .where('connector_id', '=', connectorId)
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.member_id);
}

/** The principal's manager in Entra as last synced; null when Entra names none (or the principal is unknown). */
export async function managerOf(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  principalId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('principals')
    .select('manager_id')
    .where('connector_id', '=', connectorId)
    .where('id', '=', principalId)
    .executeTakeFirst();
  return row?.manager_id ?? null;
}

/**
 * Everyone an approver set names for `target` (the manager rule names the manager of the principal receiving access),
 * deduplicated, as last synced.
 */
export async function resolveApproverSet(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  set: ApproverSet,
  target: { entitlementId: string; principalId: string },
): Promise<string[]> {
  const { owners, principalIds = [], groupId, manager } = set;
  const fromOwners = owners ? await entitlementOwners(db, connectorId, target.entitlementId) : [];
  const fromGroup = groupId ? await groupMemberIds(db, connectorId, groupId) : [];
  const theManager = manager ? await managerOf(db, connectorId, target.principalId) : null;
  return [...new Set([...principalIds, ...fromOwners, ...fromGroup, ...(theManager ? [theManager] : [])])];
}

/**
 * Everyone the policy's v1 `approvers` name for `target`, deduplicated. A v2 policy's approvers live in its stages
 * (resolveStages).
 */
export async function resolveApprovers(
  db: Kysely<CatalogSchema>,
  policy: AccessPolicy,
  target: { entitlementId: string; principalId: string },
): Promise<string[]> {
  return resolveApproverSet(db, policy.connectorId, policy.approvers, target);
}

/** One stage of a policy with its approvers (and fallback approvers) resolved to principal ids. */
export interface StageApprovers {
  rule: ApprovalStageRule;
  approverIds: string[];
  fallbackIds: string[];
}

/** The policy's stages (a v1 policy: its approvers as one stage; none without approval), each resolved for `target`. */
export async function resolveStages(
  db: Kysely<CatalogSchema>,
  policy: AccessPolicy,
  target: { entitlementId: string; principalId: string },
): Promise<StageApprovers[]> {
  const resolved: StageApprovers[] = [];
  for (const rule of stagesOf(policy)) {
    const approverIds = await resolveApproverSet(db, policy.connectorId, rule.approvers, target);
    const fallbackIds = rule.fallbackApprovers
      ? await resolveApproverSet(db, policy.connectorId, rule.fallbackApprovers, target)
      : [];
    resolved.push({ rule, approverIds, fallbackIds });
  }
  return resolved;
}

/**
 * Everyone who may ever decide a request under the policy: every stage's approvers and fallback approvers (a v1
 * policy: its approvers, even when it needs no approval, as before v2).
 */
export async function resolveAllApprovers(
  db: Kysely<CatalogSchema>,
  policy: AccessPolicy,
  target: { entitlementId: string; principalId: string },
): Promise<string[]> {
  if (!policy.stages?.length) return resolveApprovers(db, policy, target);
  const stages = await resolveStages(db, policy, target);
  return [...new Set(stages.flatMap((s) => [...s.approverIds, ...s.fallbackIds]))];
}

// Directory rows shaped as a sync writes them, for tests and benches that seed the catalog by hand: one place that
// knows every column, so seeds name only what their story is about.
import type { Insertable } from 'kysely';
import type { PolicyInput } from '../../catalog/access/policies.js';
import type {
  EntitlementsTable,
  GrantsTable,
  PrincipalsTable,
  ResourcesTable,
} from '../../catalog/directory/schema.js';
import { jsonb } from '../../catalog/index.js';
import type { ConnectorsTable } from '../../catalog/schema.js';

/** A connector that finished onboarding (status `connected`) for the given tenant. */
export function connectorRow(
  id: string,
  options: { displayName: string; tenantId: string | null },
): Insertable<ConnectorsTable> {
  return { id, display_name: options.displayName, tenant_id: options.tenantId, status: 'connected' };
}

/**
 * A connector's default policy (no entitlement) that grants up to an hour at once, with a 10-minute request timeout;
 * `overrides` names what a test's story needs instead.
 */
export function policyInput(connectorId: string, overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    connectorId,
    entitlementId: null,
    maxDurationSeconds: 3600,
    approvalRequired: false,
    approvers: {},
    autoApproveGroupId: null,
    requestTimeoutSeconds: 600,
    extensionNeedsApproval: false,
    expiryWarningSeconds: null,
    ...overrides,
  };
}

/** An enabled member user with no profile details; its UPN is `<id>@<domain>` unless given. */
export function userRow(
  connectorId: string,
  id: string,
  options: {
    domain?: string;
    upn?: string;
    displayName?: string;
    userType?: 'Member' | 'Guest';
    enabled?: boolean;
    generation?: number;
  } = {},
): Insertable<PrincipalsTable> {
  return {
    connector_id: connectorId,
    id,
    kind: 'user',
    display_name: options.displayName ?? id,
    upn: options.upn ?? `${id}@${options.domain ?? 'example.test'}`,
    mail: null,
    user_type: options.userType ?? 'Member',
    account_enabled: options.enabled ?? true,
    department: null,
    job_title: null,
    employee_id: null,
    employee_type: null,
    manager_id: null,
    attributes: jsonb({}),
    generation: options.generation ?? 1,
  };
}

/** A group that may be changed (not role-assignable, not on-premises synced). */
export function groupRow(
  connectorId: string,
  id: string,
  options: { displayName?: string; generation?: number } = {},
): Insertable<ResourcesTable> {
  return {
    connector_id: connectorId,
    id,
    type: 'group',
    display_name: options.displayName ?? id,
    immutable: false,
    attributes: jsonb({}),
    generation: options.generation ?? 1,
  };
}

/** A group's member or owner entitlement (`group:<id>:<kind>`), named "<id> <kind>" unless given. */
export function groupEntitlementRow(
  connectorId: string,
  groupId: string,
  kind: 'member' | 'owner',
  options: { displayName?: string; generation?: number } = {},
): Insertable<EntitlementsTable> {
  return {
    connector_id: connectorId,
    id: `group:${groupId}:${kind}`,
    resource_id: groupId,
    resource_type: 'group',
    kind,
    display_name: options.displayName ?? `${groupId} ${kind}`,
    immutable: false,
    generation: options.generation ?? 1,
  };
}

/** A grant held directly (not through a group), by a user unless `principalKind` says otherwise. */
export function directGrantRow(
  connectorId: string,
  entitlementId: string,
  principalId: string,
  options: { principalKind?: 'user' | 'servicePrincipal'; generation?: number } = {},
): Insertable<GrantsTable> {
  return {
    connector_id: connectorId,
    entitlement_id: entitlementId,
    principal_id: principalId,
    principal_kind: options.principalKind ?? 'user',
    via_group_id: '',
    source_id: null,
    generation: options.generation ?? 1,
  };
}

// Direct Graph writes of just-in-time access, dispatched to the entitlement's Entra kind (entra/kinds/). Adds and
// removes are idempotent: the kind says when the tenant was already as wanted. PIM mode (pim-operations.ts) replaces
// them for directory roles and groups.
//
// Permissions (entra/permission-sets.ts readWrite): group members/owners need GroupMember.ReadWrite.All, and adding a
// *user* as a member also needs User.ReadWrite.All, which direct-mode connectors ask for (group membership is the most
// common just-in-time entitlement; PIM-mode connectors add members through PIM for Groups instead). App role
// assignments need AppRoleAssignment.ReadWrite.All; directory roles RoleManagement.ReadWrite.Directory. App ownership
// needs Application.ReadWrite.All (a tenant-takeover path) and is never provisioned.
import { ApplicationFailure } from '@temporalio/common';
import type { GrantableEntitlement } from '../../domain/entitlement-id.js';
import { kindOf, type TenantGraphTarget } from '../../entra/kinds/index.js';
import { classifyGraphError, isPermanent } from '../../entra/outcomes.js';
import { ACCESS_FAILURES, type ChangeResult } from './contract.js';

export async function hasAccess(
  graph: TenantGraphTarget,
  e: GrantableEntitlement,
  principalId: string,
): Promise<boolean> {
  return asFailure(() => kindOf(e).has(graph, e, principalId));
}

export async function addAccess(
  graph: TenantGraphTarget,
  e: GrantableEntitlement,
  principalId: string,
): Promise<ChangeResult> {
  return { outcome: await asFailure(() => kindOf(e).add(graph, e, principalId)) };
}

export async function removeAccess(
  graph: TenantGraphTarget,
  e: GrantableEntitlement,
  principalId: string,
): Promise<ChangeResult> {
  return { outcome: await asFailure(() => kindOf(e).remove(graph, e, principalId)) };
}

async function asFailure<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toFailure(error);
  }
}

/** Permanent Graph refusals become non-retryable failures; everything else is retried by Temporal. */
export function toFailure(error: unknown): unknown {
  const outcome = classifyGraphError(error);
  if (!isPermanent(outcome)) return error;
  const { statusCode, message } = error as { statusCode?: number; message?: string };
  return ApplicationFailure.nonRetryable(
    `Graph refused (${outcome}, HTTP ${statusCode ?? '?'}): ${message ?? 'no message'}`,
    ACCESS_FAILURES.refused,
  );
}

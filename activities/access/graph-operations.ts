// Add, remove and look up one principal's access per entitlement type through Graph (graph-spec §4). Adds and removes
// are idempotent: "already exists" and "not found" are outcomes, not failures. These are the direct writes; PIM mode
// (pim-operations.ts) replaces them for directory roles and groups.
//
// Permissions (entra/permission-sets.ts readWrite): group members/owners need GroupMember.ReadWrite.All, and adding a
// *user* as a member also needs User.ReadWrite.All, which direct-mode connectors ask for (group membership is the most
// common just-in-time entitlement; PIM-mode connectors add members through PIM for Groups instead). App role
// assignments need AppRoleAssignment.ReadWrite.All; directory roles RoleManagement.ReadWrite.Directory. App ownership
// needs Application.ReadWrite.All (a tenant-takeover path) and is never provisioned.
import type { Client } from '@microsoft/microsoft-graph-client';
import { ApplicationFailure } from '@temporalio/common';
import { classifyGraphError, isPermanent } from '../../entra/outcomes.js';
import { collectAll } from '../../entra/paging.js';
import { ACCESS_FAILURES, type ChangeResult } from './contract.js';

export type ParsedEntitlement =
  | { kind: 'groupMember' | 'groupOwner'; groupId: string }
  | { kind: 'appRole'; servicePrincipalId: string; appRoleId: string }
  | { kind: 'roleMember'; roleTemplateId: string };

/** Parses the catalog's entitlement ids; null for kinds Lantern never provisions (app owner) or unknown ids. */
export function parseEntitlementId(id: string): ParsedEntitlement | null {
  const parts = id.split(':');
  if (parts[0] === 'group' && parts.length === 3 && (parts[2] === 'member' || parts[2] === 'owner')) {
    return { kind: parts[2] === 'member' ? 'groupMember' : 'groupOwner', groupId: parts[1]! };
  }
  if (parts[0] === 'app' && parts.length === 4 && parts[2] === 'role') return { kind: 'appRole', servicePrincipalId: parts[1]!, appRoleId: parts[3]! };
  if (parts[0] === 'role' && parts.length === 3 && parts[2] === 'member') return { kind: 'roleMember', roleTemplateId: parts[1]! };
  return null;
}

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const groupRelation = (e: { kind: 'groupMember' | 'groupOwner' }) => (e.kind === 'groupMember' ? 'members' : 'owners');

interface AppRoleAssignment { id: string; principalId: string; appRoleId: string }
interface RoleAssignment { id: string; principalId: string; roleDefinitionId: string; directoryScopeId?: string }

async function appRoleAssignment(client: Client, e: { servicePrincipalId: string; appRoleId: string }, principalId: string) {
  const all = await collectAll<AppRoleAssignment>(client, `/servicePrincipals/${e.servicePrincipalId}/appRoleAssignedTo?$top=999`);
  return all.find((a) => a.principalId === principalId && a.appRoleId === e.appRoleId);
}

async function roleAssignment(client: Client, roleTemplateId: string, principalId: string) {
  const all = await collectAll<RoleAssignment>(client, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${principalId}'`);
  return all.find((a) => a.roleDefinitionId === roleTemplateId && (a.directoryScopeId ?? '/') === '/');
}

export async function hasAccess(client: Client, e: ParsedEntitlement, principalId: string): Promise<boolean> {
  return guard(async () => {
    if (e.kind === 'appRole') return (await appRoleAssignment(client, e, principalId)) !== undefined;
    if (e.kind === 'roleMember') return (await roleAssignment(client, e.roleTemplateId, principalId)) !== undefined;
    const ids = await collectAll<{ id: string }>(client, `/groups/${e.groupId}/${groupRelation(e)}?$select=id&$top=999`);
    return ids.some((o) => o.id === principalId);
  });
}

export async function addAccess(client: Client, e: ParsedEntitlement, principalId: string): Promise<ChangeResult> {
  return change('AlreadyExists', async () => {
    if (e.kind === 'appRole') {
      await client.api(`/servicePrincipals/${e.servicePrincipalId}/appRoleAssignedTo`)
        .post({ principalId, resourceId: e.servicePrincipalId, appRoleId: e.appRoleId });
    } else if (e.kind === 'roleMember') {
      if (await roleAssignment(client, e.roleTemplateId, principalId)) throw Object.assign(new Error('already exists'), { statusCode: 400 });
      await client.api('/roleManagement/directory/roleAssignments').post({ principalId, roleDefinitionId: e.roleTemplateId, directoryScopeId: '/' });
    } else {
      await client.api(`/groups/${e.groupId}/${groupRelation(e)}/$ref`).post(ref(principalId));
    }
  });
}

export async function removeAccess(client: Client, e: ParsedEntitlement, principalId: string): Promise<ChangeResult> {
  return change('NotFound', async () => {
    if (e.kind === 'appRole') {
      const found = await appRoleAssignment(client, e, principalId);
      if (!found) throw Object.assign(new Error('not found'), { statusCode: 404 });
      await client.api(`/servicePrincipals/${e.servicePrincipalId}/appRoleAssignedTo/${found.id}`).delete();
    } else if (e.kind === 'roleMember') {
      const found = await roleAssignment(client, e.roleTemplateId, principalId);
      if (!found) throw Object.assign(new Error('not found'), { statusCode: 404 });
      await client.api(`/roleManagement/directory/roleAssignments/${found.id}`).delete();
    } else {
      await client.api(`/groups/${e.groupId}/${groupRelation(e)}/${principalId}/$ref`).delete();
    }
  });
}

/** Runs a change; `done` is the outcome meaning the tenant is already as wanted. */
async function change(done: 'AlreadyExists' | 'NotFound', run: () => Promise<void>): Promise<ChangeResult> {
  try {
    await run();
    return { outcome: 'changed' };
  } catch (error) {
    if (classifyGraphError(error) === done) return { outcome: 'already_done' };
    throw toFailure(error);
  }
}

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try { return await run(); } catch (error) { throw toFailure(error); }
}

/** Permanent Graph refusals become non-retryable failures; everything else is retried by Temporal. */
export function toFailure(error: unknown): unknown {
  const outcome = classifyGraphError(error);
  if (!isPermanent(outcome)) return error;
  const { statusCode, message } = error as { statusCode?: number; message?: string };
  return ApplicationFailure.nonRetryable(`Graph refused (${outcome}, HTTP ${statusCode ?? '?'}): ${message ?? 'no message'}`, ACCESS_FAILURES.refused);
}

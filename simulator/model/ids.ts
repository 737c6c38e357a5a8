// Id formats Entra uses besides plain GUIDs.
import { randomBytes } from 'node:crypto';

/** A GUID's bytes in Microsoft's (.NET Guid.ToByteArray) order: the first three fields little-endian. */
function guidBytes(id: string): Buffer {
  const b = Buffer.from(id.replace(/-/g, ''), 'hex');
  return Buffer.concat([
    Buffer.from(b.subarray(0, 4)).reverse(),
    Buffer.from(b.subarray(4, 6)).reverse(),
    Buffer.from(b.subarray(6, 8)).reverse(),
    b.subarray(8),
  ]);
}

/** appRoleAssignment ids are 43-character base64url strings that start with the principal's object id bytes. */
export function appRoleAssignmentId(principalId: string, entropy: Buffer = randomBytes(16)): string {
  return Buffer.concat([guidBytes(principalId), entropy.subarray(0, 16)]).toString('base64url');
}

/** oauth2PermissionGrant ids encode client, resource and (for per-user grants) principal object ids. */
export function oauth2PermissionGrantId(clientId: string, resourceId: string, principalId?: string | null): string {
  const parts = [guidBytes(clientId), guidBytes(resourceId), ...(principalId ? [guidBytes(principalId)] : [])];
  return Buffer.concat(parts).toString('base64url');
}

/** 16 bytes from a GUID-shaped string: lets seeded generators feed deterministic entropy to the functions above. */
export function entropyFrom(guid: string): Buffer {
  return guidBytes(guid);
}

/** unifiedRoleAssignment ids: role definition and principal ids, then `-1` (e.g. `lAPpYvVpN0KRkAEhdxReEJC2…-1`). */
export function roleAssignmentId(roleDefinitionId: string, principalId: string): string {
  return `${Buffer.concat([guidBytes(roleDefinitionId), guidBytes(principalId)]).toString('base64url')}-1`;
}

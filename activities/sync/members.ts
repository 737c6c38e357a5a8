// Reads the direct members and owners of many objects at once through $batch, following each item's own nextLink
// when an object has more than one page.
import type { Client } from '@microsoft/microsoft-graph-client';
import { batchGet } from '../../entra/batch.js';
import type { GraphStats } from '../../entra/graph-stats.js';
import { graphPages } from '../../entra/paging.js';
import { principalKindOf, type PrincipalKind } from '../../entra/resources/rows.js';

export interface DirectoryObjectRef {
  id: string;
  '@odata.type'?: string;
  servicePrincipalType?: string;
}
export interface RelatedObject {
  id: string;
  kind: PrincipalKind;
}

interface CollectionBody<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/**
 * GETs `path(ownerId)` for every id and returns all items per id. An object deleted since it was listed (404)
 * simply has none.
 */
export async function readRelated<T>(
  client: Client,
  ids: readonly string[],
  path: (id: string) => string,
  options: { stats?: GraphStats; signal?: AbortSignal } = {},
): Promise<Map<string, T[]>> {
  const results = await batchGet<CollectionBody<T>>(client, ids.map(path), options);
  const out = new Map<string, T[]>();
  await Promise.all(
    results.map(async (result, index) => {
      const id = ids[index]!;
      if (result.status === 404) {
        out.set(id, []);
        return;
      }
      if (result.status >= 400)
        throw Object.assign(new Error(`GET ${path(id)} failed in $batch with ${result.status}`), {
          statusCode: result.status,
        });
      const items = [...(result.body.value ?? [])];
      const next = result.body['@odata.nextLink'];
      if (next)
        for await (const page of graphPages<T>(client, next, { signal: options.signal })) items.push(...page.items);
      out.set(id, items);
    }),
  );
  return out;
}

/** Directory objects (members, owners) → principals Lantern tracks; devices and contacts are left out. */
export function toRelated(objects: readonly DirectoryObjectRef[]): RelatedObject[] {
  const out: RelatedObject[] = [];
  for (const o of objects) {
    const kind = principalKindOf(o['@odata.type'], o.servicePrincipalType);
    if (kind) out.push({ id: o.id, kind });
  }
  return out;
}

export const membersPath = (groupId: string) => `/groups/${groupId}/members?$select=id&$top=999`;
export const groupOwnersPath = (groupId: string) => `/groups/${groupId}/owners?$select=id&$top=999`;
export const appOwnersPath = (spId: string) => `/servicePrincipals/${spId}/owners?$select=id&$top=999`;
export const appAssignmentsPath = (spId: string) => `/servicePrincipals/${spId}/appRoleAssignedTo?$top=999`;
export const syncJobsPath = (spId: string) => `/servicePrincipals/${spId}/synchronization/jobs`;

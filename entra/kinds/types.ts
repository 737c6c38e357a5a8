// What every grantable Entra kind offers (baton-sdk style): look up, add and remove one principal's access, and where
// Entra has one, the PIM schedule-request target. Adds and removes are idempotent and say which way they went:
// "already a member" or "already gone" is the outcome `already_done`, never an error. Other Graph errors propagate.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GrantableEntitlement, GrantableKind } from '../../domain/entitlement-id.js';

/** How Lantern reaches one tenant's Graph: the client, and the base URL that object references (`@odata.id`) name. */
export interface TenantGraphTarget {
  client: Client;
  /** The connector's Graph service root with a trailing slash, e.g. https://graph.microsoft.us/. */
  graphBaseUrl: string;
}

export type ChangeOutcome = 'changed' | 'already_done';

/** Where a PIM schedule request for this kind goes, and the body fields that name the entitlement. */
export interface PimTarget {
  url: string;
  body: Record<string, string>;
}

export interface KindModule<E extends GrantableEntitlement> {
  has(graph: TenantGraphTarget, e: E, principalId: string): Promise<boolean>;
  add(graph: TenantGraphTarget, e: E, principalId: string): Promise<ChangeOutcome>;
  remove(graph: TenantGraphTarget, e: E, principalId: string): Promise<ChangeOutcome>;
  /** Present when the kind can be granted as a PIM active assignment (Entra ID P2). */
  pim?: (e: E) => PimTarget;
}

export type EntitlementOfKind<K extends GrantableKind> = Extract<GrantableEntitlement, { kind: K }>;

/** `@odata.id` of a directory object, on the connector's own Graph host (national clouds refuse another cloud's). */
export const directoryObjectRef = (graphBaseUrl: string, id: string) => ({
  '@odata.id': `${graphBaseUrl}v1.0/directoryObjects/${id}`,
});

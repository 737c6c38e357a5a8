// Audit rows for sign-in events. They name the person by object id and tenant, never a session id or a token.
import type { Kysely } from 'kysely';
import { jsonb } from '../json.js';
import type { CatalogSchema } from '../schema.js';

export type SignInAuditAction = 'auth.sign_in' | 'auth.sign_out' | 'auth.sign_in_refused';

export interface SignInAuditEntry {
  action: SignInAuditAction;
  objectId: string;
  tenantId: string;
  /** Why a sign-in was refused (a fixed code such as tenant_not_connected). */
  reason?: string;
  requestId?: string | null;
}

export async function auditSignIn(db: Kysely<CatalogSchema>, entry: SignInAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: `person:${entry.objectId}`,
      action: entry.action,
      subject: `tenant:${entry.tenantId}`,
      detail: jsonb({
        objectId: entry.objectId,
        tenantId: entry.tenantId,
        ...(entry.reason ? { reason: entry.reason } : {}),
      }),
      request_id: entry.requestId ?? null,
    })
    .execute();
}

// Audit rows of access reviews: subject `review:<campaignId>` (or `review-series:<seriesId>`), detail as jsonb.
import type { JsonObject } from '../column-types.js';
import { jsonb } from '../json.js';
import type { CatalogDb } from '../directory/writes/sql.js';

export interface ReviewAuditNote {
  actor: string;
  action: string;
  subject: string;
  detail: JsonObject;
  requestId?: string | null | undefined;
}

export const campaignSubject = (campaignId: string): string => `review:${campaignId}`;
export const seriesSubject = (seriesId: string): string => `review-series:${seriesId}`;

/** Appends audit rows in one statement (their order is kept in the ids). */
export async function appendReviewAudit(db: CatalogDb, notes: readonly ReviewAuditNote[]): Promise<void> {
  if (notes.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      notes.map((n) => ({
        actor: n.actor,
        action: n.action,
        subject: n.subject,
        detail: jsonb(n.detail),
        request_id: n.requestId ?? null,
      })),
    )
    .execute();
}

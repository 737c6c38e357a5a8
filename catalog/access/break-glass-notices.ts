// Which recipients were told of one break-glass grant: an audit row per recipient (`notify.break_glass`,
// subject the grant's workflow id, detail {notice, recipient, role}), written right after their message went out. A
// retried activity skips them, and the audit log shows who was told. `notice` keys the break-glass request (its
// request id, or the workflow run), so a later break-glass on the same pair tells everyone again.
import { sql, type Kysely } from 'kysely';
import { jsonb } from '../json.js';
import type { CatalogSchema } from '../schema.js';

// Not access.*: the grant's own trail (approval pages) lists access.* rows, and these are about mail, not access.
export const BREAK_GLASS_NOTIFIED = 'notify.break_glass';

export interface BreakGlassNoticeKey {
  grantId: string;
  notice: string;
}

/** Recipients (principal ids) already told of this notice. */
export async function breakGlassNoticesSent(db: Kysely<CatalogSchema>, key: BreakGlassNoticeKey): Promise<Set<string>> {
  const rows = await db
    .selectFrom('audit_log')
    .select(sql<string>`detail->>'recipient'`.as('recipient'))
    .where('subject', '=', key.grantId)
    .where('action', '=', BREAK_GLASS_NOTIFIED)
    .where(sql<string>`detail->>'notice'`, '=', key.notice)
    .execute();
  return new Set(rows.map((r) => r.recipient));
}

export async function recordBreakGlassNotice(
  db: Kysely<CatalogSchema>,
  key: BreakGlassNoticeKey,
  recipient: { id: string; role: 'approver' | 'admin' },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: 'lantern',
      action: BREAK_GLASS_NOTIFIED,
      subject: key.grantId,
      detail: jsonb({ notice: key.notice, recipient: recipient.id, role: recipient.role }),
    })
    .execute();
}

// An administrator's decision about one discovered app: authorized (with an owner), ignored, or revoked (set by the
// revoke workflow once every consent is gone). Never swept by a sync, so it outlives re-syncs.
import { sql } from 'kysely';
import type { CatalogDb } from '../directory/writes/sql.js';
import { jsonb } from '../json.js';
import type { TriageState } from './schema.js';

/** States a person may choose; `revoked` is only ever the outcome of a revocation. */
export type ChosenTriageState = Exclude<TriageState, 'revoked'>;
export const CHOSEN_TRIAGE_STATES: readonly ChosenTriageState[] = ['new', 'authorized', 'ignored'];
export const MAX_TRIAGE_NOTE = 2000;

export interface TriageDecision {
  connectorId: string;
  appId: string;
  state: ChosenTriageState;
  /** Required for `authorized`: a user of the same connector who answers for the app. */
  ownerId?: string | null | undefined;
  note?: string | undefined;
  decidedBy: string;
  requestId?: string | null | undefined;
}

export class TriageRefused extends Error {}

/** Checks a decision against the catalog; returns why it is refused, or null. */
export async function triageProblem(db: CatalogDb, d: TriageDecision): Promise<string | null> {
  if (!CHOSEN_TRIAGE_STATES.includes(d.state)) return 'State must be new, authorized or ignored.';
  if ((d.note ?? '').length > MAX_TRIAGE_NOTE) return `The note is longer than ${MAX_TRIAGE_NOTE} characters.`;
  if (d.state === 'authorized') {
    if (!d.ownerId) return 'An authorized app needs an owner.';
    const owner = await db
      .selectFrom('principals')
      .select('id')
      .where('connector_id', '=', d.connectorId)
      .where('id', '=', d.ownerId)
      .where('kind', '=', 'user')
      .executeTakeFirst();
    if (!owner) return 'The owner must be a user of this tenant.';
  }
  return null;
}

/** Records the decision (replacing the previous one) and audits it. Throws TriageRefused when it is not valid. */
export async function decideTriage(db: CatalogDb, d: TriageDecision): Promise<void> {
  const problem = await triageProblem(db, d);
  if (problem) throw new TriageRefused(problem);
  const ownerId = d.state === 'authorized' ? (d.ownerId ?? null) : null;
  const note = d.note ?? '';
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('shadow_app_triage')
      .values({
        connector_id: d.connectorId,
        app_id: d.appId,
        state: d.state,
        owner_id: ownerId,
        note,
        decided_by: d.decidedBy,
      })
      .onConflict((oc) =>
        oc.columns(['connector_id', 'app_id']).doUpdateSet({
          state: d.state,
          owner_id: ownerId,
          note,
          decided_by: d.decidedBy,
          decided_at: sql`now()`,
        }),
      )
      .execute();
    await trx
      .insertInto('audit_log')
      .values({
        actor: d.decidedBy,
        action: 'shadow_app.triaged',
        subject: `shadow_app:${d.connectorId}:${d.appId}`,
        detail: jsonb({ connectorId: d.connectorId, appId: d.appId, state: d.state, ownerId, note }),
        request_id: d.requestId ?? null,
      })
      .execute();
  });
}

/** After a revocation removed every consent: the app is revoked (by whoever asked for it). Idempotent. */
export async function markRevoked(
  db: CatalogDb,
  input: { connectorId: string; appId: string; by: string; note: string },
) {
  await db
    .insertInto('shadow_app_triage')
    .values({
      connector_id: input.connectorId,
      app_id: input.appId,
      state: 'revoked',
      note: input.note,
      decided_by: input.by,
    })
    .onConflict((oc) =>
      oc.columns(['connector_id', 'app_id']).doUpdateSet({
        state: 'revoked',
        owner_id: null,
        note: input.note,
        decided_by: input.by,
        decided_at: sql`now()`,
      }),
    )
    .execute();
}

export const RECONSENTED_NOTE = 'Consented again after its consents were revoked.';

/**
 * A revoked app with a consent no revocation removed was consented to again (Graph gives a new consent a new grant
 * id): it goes back to `new` so an administrator looks again. Consents a revocation removed that a sync read before
 * the removal do not count. Idempotent.
 */
export async function reopenRevokedApps(db: CatalogDb, connectorId: string): Promise<number> {
  const reopened = await db
    .updateTable('shadow_app_triage as t')
    .set({ state: 'new', note: RECONSENTED_NOTE, decided_by: 'lantern:sync', decided_at: sql`now()` })
    .where('t.connector_id', '=', connectorId)
    .where('t.state', '=', 'revoked')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('discovered_app_consents as c')
          .select('c.grant_id')
          .whereRef('c.connector_id', '=', 't.connector_id')
          .whereRef('c.app_id', '=', 't.app_id')
          .where(({ not, exists: has, selectFrom: from }) =>
            not(
              has(
                from('shadow_app_revocation_items as i')
                  .innerJoin('shadow_app_revocations as r', 'r.id', 'i.revocation_id')
                  .select('i.grant_id')
                  .whereRef('r.connector_id', '=', 'c.connector_id')
                  .whereRef('r.app_id', '=', 'c.app_id')
                  .whereRef('i.grant_id', '=', 'c.grant_id')
                  .where('i.result', 'in', ['removed', 'already_gone']),
              ),
            ),
          ),
      ),
    )
    .executeTakeFirst();
  return Number(reopened.numUpdatedRows);
}

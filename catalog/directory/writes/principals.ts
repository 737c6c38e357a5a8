// Writes principals (users, managed identities, service principals that hold access) and removes them on delta.
import { sql } from 'kysely';
import type { PrincipalRow } from '../../../entra/resources/rows.js';
import { jsonb } from '../../json.js';
import type { JsonObject } from '../../column-types.js';
import { anyOf, chunk, inTransaction, lastPerKey, upsertRows, type CatalogDb } from './sql.js';

export interface PrincipalBatch {
  connectorId: string;
  /** The sync run's generation (from startSyncRun). */
  generation: number;
  principals: readonly PrincipalRow[];
}

const PRINCIPAL_COLUMNS = [
  'kind',
  'display_name',
  'upn',
  'mail',
  'user_type',
  'account_enabled',
  'department',
  'job_title',
  'employee_id',
  'employee_type',
  'manager_id',
  'last_sign_in_at',
  'attributes',
  'generation',
  'synced_at',
];

/** Inserts or overwrites principals, stamping them with the generation. Idempotent. Returns rows written. */
export async function upsertPrincipals(db: CatalogDb, batch: PrincipalBatch): Promise<number> {
  const now = new Date();
  const principals = lastPerKey(batch.principals, (p) => p.id);
  const storedManagers = await managersOfUnknown(db, batch.connectorId, principals);
  const rows = principals.map((p) => ({
    connector_id: batch.connectorId,
    id: p.id,
    kind: p.kind,
    display_name: p.displayName,
    upn: p.userPrincipalName,
    mail: p.mail,
    user_type: p.userType,
    account_enabled: p.accountEnabled,
    department: p.department,
    job_title: p.jobTitle,
    employee_id: p.employeeId,
    employee_type: p.employeeType,
    manager_id: p.managerId === undefined ? (storedManagers.get(p.id) ?? null) : p.managerId,
    last_sign_in_at: p.lastSignInAt,
    attributes: jsonb(p.attributes as JsonObject),
    generation: batch.generation,
    synced_at: now,
  }));
  return upsertRows(
    db,
    {
      table: 'principals',
      conflict: ['connector_id', 'id'],
      update: PRINCIPAL_COLUMNS,
      // The sync's user reads do not select signInActivity (access reviews refresh it before staging): a read that says
      // nothing about the last sign-in keeps the one stored, as the manager is kept above.
      merge: { last_sign_in_at: sql`coalesce(excluded.last_sign_in_at, principals.last_sign_in_at)` },
    },
    rows,
  );
}

/** Stored manager ids of the principals whose batch row does not say who their manager is. */
async function managersOfUnknown(
  db: CatalogDb,
  connectorId: string,
  principals: readonly PrincipalRow[],
): Promise<Map<string, string | null>> {
  const unknown = principals.filter((p) => p.managerId === undefined).map((p) => p.id);
  if (unknown.length === 0) return new Map();
  const rows = await db
    .selectFrom('principals')
    .select(['id', 'manager_id'])
    .where('connector_id', '=', connectorId)
    .where('id', '=', anyOf(unknown))
    .execute();
  return new Map(rows.map((r) => [r.id, r.manager_id]));
}

export interface DeletePrincipalsInput {
  connectorId: string;
  ids: readonly string[];
}

/**
 * Removes principals a delta reported deleted, with every grant they hold (direct or via a group) and their membership
 * edges. Principals are never groups, so no group expansion changes. Idempotent. Returns principals deleted.
 */
export async function deletePrincipals(db: CatalogDb, input: DeletePrincipalsInput): Promise<number> {
  if (input.ids.length === 0) return 0;
  const ids = anyOf([...input.ids]);
  return inTransaction(db, async (trx) => {
    await trx
      .deleteFrom('grants')
      .where('connector_id', '=', input.connectorId)
      .where('principal_id', '=', ids)
      .execute();
    await trx
      .deleteFrom('group_members')
      .where('connector_id', '=', input.connectorId)
      .where('member_id', '=', ids)
      .execute();
    const result = await trx
      .deleteFrom('principals')
      .where('connector_id', '=', input.connectorId)
      .where('id', '=', ids)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

/** Rows per statement: each chunk travels as one jsonb parameter. */
const SIGN_IN_CHUNK = 5_000;

/** Writes last sign-in times read from Graph (id → ISO or null). Chunked; idempotent. */
export async function recordSignInActivity(
  db: CatalogDb,
  connectorId: string,
  rows: readonly { id: string; lastSignInAt: string | null }[],
): Promise<void> {
  for (const part of chunk(rows, SIGN_IN_CHUNK)) {
    const values = JSON.stringify(part.map((r) => ({ id: r.id, at: r.lastSignInAt })));
    await sql`update principals p set last_sign_in_at = v.at
      from jsonb_to_recordset(cast(${values} as jsonb)) as v(id text, at timestamptz)
      where p.connector_id = ${connectorId} and p.id = v.id and p.last_sign_in_at is distinct from v.at`.execute(db);
  }
}

// Reading access requests (the accessGrant workflows' rows) for the API: one request, the listing a viewer may see,
// a connector's live grants, what the request asked for, and the catalog facts a new request is checked against.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CatalogSchema } from '../schema.js';
import type { AccessGrantsTable } from './schema.js';

type Db = Kysely<CatalogSchema>;
export type AccessGrantRow = Selectable<AccessGrantsTable>;

export async function getAccessGrant(db: Db, workflowId: string): Promise<AccessGrantRow | undefined> {
  return db.selectFrom('access_grants').selectAll().where('workflow_id', '=', workflowId).executeTakeFirst();
}

/**
 * Who is asking: admins see every request; others their own, the ones for them and (approvers) those they may decide.
 * `mayDecide` is asked about each row the viewer sees only as one of its approvers (approver rights change with Entra,
 * so the snapshot in approver_ids only narrows the search); without it the snapshot decides.
 */
export interface RequestViewer {
  subject: string;
  admin: boolean;
  approver: boolean;
  mayDecide?: ((row: AccessGrantRow) => Promise<boolean>) | undefined;
}

export interface GrantFilter {
  stage?: string | undefined;
  /** Every stage but this one (e.g. everything not ended). */
  notStage?: string | undefined;
  limit: number;
  /** Only rows the viewer sees as an approver (not their own requests): the approvals inbox. */
  toDecide?: boolean | undefined;
}

export async function listVisibleGrants(db: Db, viewer: RequestViewer, filter: GrantFilter): Promise<AccessGrantRow[]> {
  const me = viewer.subject;
  let q = db.selectFrom('access_grants').selectAll().orderBy('updated_at', 'desc').orderBy('workflow_id');
  if (filter.stage) q = q.where('stage', '=', filter.stage);
  if (filter.notStage) q = q.where('stage', '!=', filter.notStage);
  if (filter.toDecide) {
    q = q
      .where(sql<boolean>`approver_ids ? ${me}`)
      .where('requester_id', '!=', me)
      .where('principal_id', '!=', me);
  } else if (!viewer.admin) {
    q = q.where((eb) =>
      eb.or([
        eb('requester_id', '=', me),
        eb('principal_id', '=', me),
        ...(viewer.approver ? [eb(sql<boolean>`approver_ids ? ${me}`, '=', true)] : []),
      ]),
    );
  }
  const ownRow = (row: AccessGrantRow) => row.requester_id === me || row.principal_id === me;
  const keep = async (row: AccessGrantRow) =>
    (viewer.admin && !filter.toDecide) || ownRow(row) || !viewer.mayDecide || (await viewer.mayDecide(row));
  // Rows dropped by mayDecide would leave a page short: read on until it is full or the rows run out.
  const page: AccessGrantRow[] = [];
  const batch = Math.max(filter.limit, 50);
  for (let offset = 0; page.length < filter.limit; offset += batch) {
    const rows = await q.limit(batch).offset(offset).execute();
    for (const row of rows) if (page.length < filter.limit && (await keep(row))) page.push(row);
    if (rows.length < batch) break;
  }
  return page;
}

/** Grants whose workflow may still add or hold access (anything not ended), at most 50, by id. */
export async function liveGrantsOfConnector(db: Db, connectorId: string) {
  return db
    .selectFrom('access_grants')
    .select(['workflow_id as grantId', 'entitlement_id as entitlementId', 'principal_upn as principalUpn', 'stage'])
    .where('connector_id', '=', connectorId)
    .where('stage', '!=', 'ended')
    .orderBy('workflow_id')
    .limit(50)
    .execute();
}

/** What the latest request of a grant asked for, from its `access.requested` audit row ({} when there is none). */
export interface RequestedDetail {
  durationSeconds?: number;
  justification?: string;
  ticket?: string;
}

export async function latestRequestDetail(db: Db, workflowId: string): Promise<RequestedDetail> {
  const asked = await db
    .selectFrom('audit_log')
    .select('detail')
    .where('subject', '=', workflowId)
    .where('action', '=', 'access.requested')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (asked?.detail ?? {}) as RequestedDetail;
}

/** The entitlement as a request checks it (exists in the connector, can be changed in Entra). */
export async function findEntitlement(db: Db, connectorId: string, entitlementId: string) {
  return db
    .selectFrom('entitlements')
    .select(['id', 'immutable'])
    .where('connector_id', '=', connectorId)
    .where('id', '=', entitlementId)
    .executeTakeFirst();
}

/** The principal as a request checks it (exists in the connector, enabled, member or guest) with the name the workflow shows. */
/** Does the principal hold the entitlement directly (not through a group), as last synced or recorded? */
export async function holdsDirectly(db: Db, connectorId: string, entitlementId: string, principalId: string) {
  const row = await db
    .selectFrom('grants')
    .select('principal_id')
    .where('connector_id', '=', connectorId)
    .where('entitlement_id', '=', entitlementId)
    .where('principal_id', '=', principalId)
    .where('via_group_id', '=', '')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findRequestPrincipal(db: Db, connectorId: string, principalId: string) {
  return db
    .selectFrom('principals')
    .select(['id', 'upn', 'display_name', 'account_enabled', 'user_type'])
    .where('connector_id', '=', connectorId)
    .where('id', '=', principalId)
    .executeTakeFirst();
}

/** The (connector, entitlement, principal) a grant row is about: what names its accessGrant workflow. */
export const grantPairOf = (row: Pick<AccessGrantRow, 'connector_id' | 'entitlement_id' | 'principal_id'>) => ({
  connectorId: row.connector_id,
  entitlementId: row.entitlement_id,
  principalId: row.principal_id,
});

// The catalog behind `npm run bench:web`: an XL-shaped tenant (50k users, 5k groups, 538 apps, 50 roles, ~500k
// memberships and grants) written through the same catalog writers a full sync's activities use (pages of 999), with
// names people search for (simulator name lists), then what weeks of use leave behind: access grants in every stage
// (many for the bench's requester, pending decisions for its approver), a long audit log, policies, discovered apps.
// Writing it directly is minutes faster than syncing the simulator's XL tenant through Temporal; the rows are the same.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AccessGrantsTable } from '../catalog/access/schema.js';
import type { Catalog } from '../catalog/index.js';
import { upsertDiscoveredApps, type CatalogDb } from '../catalog/directory/writes/index.js';
import type { PrincipalRow } from '../entra/resources/rows.js';
import { jsonb } from '../catalog/json.js';
import { CONSENT_APP_VENDORS, CONSENT_APP_WORDS } from '../simulator/model/names.js';
import { buildXlDirectory, random, type Directory } from './xl-directory.js';
import { CONNECTOR_ID, PAGE, writeXlDirectory } from './xl-catalog.js';

export { CONNECTOR_ID, TENANT_ID } from './xl-catalog.js';
/** The people the bench signs in as: u-1's manager is u-0 (approver); u-2 holds Lantern.Admin. */
export const PEOPLE = { requester: 'u-1', approver: 'u-0', admin: 'u-2' } as const;
export { DOMAIN } from './xl-directory.js';

export interface SeedFigures {
  principals: number;
  entitlements: number;
  grants: number;
  accessGrants: number;
  auditRows: number;
  discoveredApps: number;
  /** A requestable entitlement and a discovered app the page bench opens. */
  sample: { entitlementId: string; appId: string; grantId: string };
}

async function writeDirectory(db: CatalogDb, directory: Directory, log: (line: string) => void): Promise<number> {
  const page = await writeXlDirectory(db, directory, log);
  const apps = Array.from({ length: 300 }, (_, i) => ({
    appId: `consent-${i}`,
    servicePrincipalId: `csp-${i}`,
    displayName: `${CONSENT_APP_WORDS[i % CONSENT_APP_WORDS.length]} ${CONSENT_APP_VENDORS[i % CONSENT_APP_VENDORS.length]} ${i}`,
    publisher: CONSENT_APP_VENDORS[i % CONSENT_APP_VENDORS.length]!,
    verifiedPublisher: i % 3 === 0,
    scopes: i % 4 === 0 ? ['User.Read', 'Mail.ReadWrite', 'Files.ReadWrite.All'] : ['User.Read', 'openid', 'profile'],
    riskyScopes: i % 4 === 0 ? ['Mail.ReadWrite', 'Files.ReadWrite.All'] : [],
    consentingUsers: 1 + (i % 60),
    lastUsedAt: new Date(Date.now() - (i % 90) * 86_400_000).toISOString(),
  }));
  await upsertDiscoveredApps(db, { ...page, apps });
  return apps.length;
}

const STAGES = ['active', 'pending_approval', 'ended', 'ended', 'ended'] as const;
const END_REASONS = ['expired', 'revoked', 'denied', 'request_expired'] as const;

/** Access grants in every stage and their audit trail, as the accessGrant workflows record them. */
async function writeAccessHistory(
  db: CatalogDb,
  directory: Directory,
  scale: number,
): Promise<{ accessGrants: number; auditRows: number; grantId: string }> {
  const rnd = random(7);
  const requestable = directory.entitlements.filter((e) => !e.immutable);
  const users = directory.principals.filter((p) => p.kind === 'user');
  const now = Date.now();
  const rows: Insertable<AccessGrantsTable>[] = [];
  const seen = new Set<string>();
  const add = (principal: PrincipalRow, stage: (typeof STAGES)[number], approverIds: string[]) => {
    const entitlement = requestable[Math.floor(rnd() * requestable.length)]!;
    const workflowId = `grant:${CONNECTOR_ID}:${entitlement.id}:${principal.id}`;
    // A pair has one grant workflow id: its latest run.
    if (seen.has(workflowId)) return;
    seen.add(workflowId);
    const endsIn = Math.round((rnd() * 8 - (stage === 'ended' ? 9 : 0)) * 3_600_000);
    rows.push({
      workflow_id: workflowId,
      connector_id: CONNECTOR_ID,
      entitlement_id: entitlement.id,
      principal_id: principal.id,
      principal_upn: principal.userPrincipalName ?? principal.id,
      requester_id: principal.id,
      stage,
      end_reason: stage === 'ended' ? END_REASONS[Math.floor(rnd() * END_REASONS.length)]! : null,
      expires_at: stage === 'pending_approval' ? null : new Date(now + endsIn).toISOString(),
      pre_existing: false,
      approver_ids: jsonb(approverIds),
    });
  };
  const requester = users.find((u) => u.id === PEOPLE.requester)!;
  // The requester's own history: a page of active grants, a few pending, a long tail of ended ones.
  for (let i = 0; i < 300; i++)
    add(requester, i < 40 ? 'active' : i < 55 ? 'pending_approval' : 'ended', [PEOPLE.approver]);
  // The approver's inbox: their reports' pending requests.
  for (let i = 0; i < 120; i++) add(users[10 + (i % 9)]!, 'pending_approval', [PEOPLE.approver]);
  // Everyone else: a realistic table size around them.
  for (let i = 0; i < 20_000 * scale; i++) {
    const person = users[20 + Math.floor(rnd() * (users.length - 20))]!;
    add(person, STAGES[Math.floor(rnd() * STAGES.length)]!, [`u-${Math.floor(Number(person.id.slice(2)) / 10)}`]);
  }
  await insertAccessGrants(db, rows);

  const actions = [
    'access.requested',
    'access.approved',
    'graph.access_added',
    'access.expired',
    'graph.access_removed',
  ];
  const audit = rows.flatMap((row, r) =>
    actions.slice(0, row.stage === 'pending_approval' ? 1 : row.stage === 'active' ? 3 : 5).map((action, k) => ({
      at: new Date(now - (rows.length - r) * 60_000 - (5 - k) * 1_000).toISOString(),
      actor: k === 1 ? `user:${PEOPLE.approver}` : k === 0 ? `user:${row.requester_id}` : 'workflow',
      action,
      subject: row.workflow_id,
      request_id: randomUUID(),
      detail: jsonb({
        stage: row.stage,
        endReason: row.end_reason ?? null,
        expiresAt: row.expires_at ? String(row.expires_at) : null,
      }),
    })),
  );
  for (let start = 0; start < audit.length; start += PAGE)
    await db
      .insertInto('audit_log')
      .values(audit.slice(start, start + PAGE))
      .execute();
  return {
    accessGrants: rows.length,
    auditRows: audit.length,
    grantId: rows.find((r) => r.stage === 'pending_approval')!.workflow_id,
  };
}

async function insertAccessGrants(db: CatalogDb, rows: Insertable<AccessGrantsTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += PAGE)
    await db
      .insertInto('access_grants')
      .values(rows.slice(start, start + PAGE))
      .execute();
}

/** Writes the whole XL world; `scale` < 1 makes a smaller one for a quick look. */
export async function seedXlCatalog(
  catalog: Catalog,
  scale: number,
  log: (line: string) => void,
): Promise<SeedFigures> {
  const { db } = catalog;
  // Two groups per app: each group's members get the app role through it (the sweep writes a via-group grant per
  // member), ~100k rows here; twenty per app would make a million and a seed that takes longer than the bench.
  const directory = buildXlDirectory({
    scale,
    apps: 538,
    membershipsPerUser: 9,
    groupsPerApp: 2,
    names: 'realistic',
    signInUsers: 10,
  });
  const discoveredApps = await writeDirectory(db, directory, log);
  await db
    .insertInto('access_policies')
    .values({
      connector_id: CONNECTOR_ID,
      entitlement_id: '',
      max_duration_seconds: 8 * 3600,
      approval_required: true,
      approvers: jsonb({ owners: true, manager: true }),
      auto_approve_group_id: null,
      request_timeout_seconds: 7 * 86_400,
      extension_needs_approval: false,
    })
    .execute();
  const history = await writeAccessHistory(db, directory, scale);
  log(`  seeded ${history.accessGrants} access grants and ${history.auditRows} audit rows`);
  const count = async (table: 'grants') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    principals: directory.principals.length,
    entitlements: directory.entitlements.length,
    grants: await count('grants'),
    ...history,
    discoveredApps,
    sample: {
      entitlementId:
        directory.entitlements.find((e) => !e.immutable && e.id.startsWith('group'))?.id ??
        directory.entitlements[0]!.id,
      appId: 'consent-0',
      grantId: history.grantId,
    },
  };
}

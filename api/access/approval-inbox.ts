// What the approver's inbox shows for each decision waiting for them: who asked, for whom, what (names from the
// catalog, not ids), how long and why, when, and this pair's earlier grants (from the audit log, since one workflow id
// serves every grant of a connector + entitlement + principal over time). First requests come from the catalog's
// grant rows; an extension awaiting approval lives only in the grant workflow's state (the catalog row stays
// 'active' and the audit log records the request but not that it is still open), so it is read from the workflow.
import type { Kysely } from 'kysely';
import {
  findRequestPrincipal,
  grantPairOf,
  latestRequestDetail,
  listVisibleGrants,
  type AccessGrantRow,
} from '../../catalog/access/requests.js';
import {
  accessAuditTrail,
  entitlementNamesOf,
  extensionAskedOf,
  lastAuditOf,
} from '../../catalog/access/approval-inbox.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { AccessTemporal } from '../../temporal/clients/access.js';
import { stageStanding, type StageStanding } from './approval-stages.js';
import type { ApproverRights } from './rights.js';

type Db = Kysely<CatalogSchema>;

/** One earlier grant of the same pair: when it was asked, for how long, how it ended. */
export interface EarlierGrant {
  askedAt: Date;
  durationSeconds: number | null;
  outcome: string;
  endedAt: Date | null;
}

export interface InboxItem {
  row: AccessGrantRow;
  /** 'extension': live access whose extension awaits approval. */
  kind: 'request' | 'extension';
  requestedBy: string;
  forWhom: string;
  entitlementName: string;
  resourceName: string;
  kindText: string;
  durationSeconds: number | null;
  justification: string | null;
  ticket: string | null;
  askedAt: Date | null;
  /** For an extension: when the access ends unless extended. */
  currentExpiry: Date | null;
  earlier: EarlierGrant[];
  /** A request of several stages (or a quorum): every stage and who decided (from the catalog row); null otherwise. */
  stage: StageStanding | null;
}

const KIND_TEXT: Record<string, string> = {
  member: 'Membership of the group',
  owner: 'Ownership of the group',
  appRole: 'App role in the application',
  roleMember: 'Directory role',
};

/** How each kind of audit row ends a grant, in words. */
const ENDINGS: Record<string, string> = {
  'access.denied': 'Denied',
  'access.request_expired': 'Timed out undecided',
  'access.request_withdrawn': 'Withdrawn',
  'access.revoked': 'Given back or revoked early',
  'access.expired': 'Ran its full time',
};
const EARLIER_LIMIT = 5;

export interface InboxSources {
  db: Db;
  rights: ApproverRights;
  /** null when Temporal is not configured: pending extensions cannot be read then. */
  access: () => AccessTemporal | null;
}

/** Every decision waiting for `subject` (at most `limit` first requests, plus extensions of live access). */
export async function loadInbox(sources: InboxSources, subject: string, limit: number): Promise<InboxItem[]> {
  const { db, rights } = sources;
  const viewer = {
    subject,
    admin: false,
    approver: true,
    mayDecide: (row: AccessGrantRow) => rights.isLiveApprover(db, subject, row),
  };
  const [pending, live] = await Promise.all([
    listVisibleGrants(db, viewer, { stage: 'pending_approval', toDecide: true, limit }),
    listVisibleGrants(db, viewer, { stage: 'active', toDecide: true, limit }),
  ]);
  const extensions = await pendingExtensionsOf(sources, live);
  const items = await Promise.all([
    ...pending.map((row) => describe(sources, row, null)),
    ...extensions.map(({ row, status }) => describe(sources, row, status)),
  ]);
  return items.sort((a, b) => (b.askedAt?.getTime() ?? 0) - (a.askedAt?.getTime() ?? 0));
}

/** One grant as an inbox item if a decision on it is open now, else null (decided, live without an extension). */
export async function loadItem(sources: InboxSources, row: AccessGrantRow): Promise<InboxItem | null> {
  if (row.stage === 'pending_approval') return describe(sources, row, null);
  if (row.stage !== 'active') return null;
  const [found] = await pendingExtensionsOf(sources, [row]);
  return found ? describe(sources, row, found.status) : null;
}

type Extension = NonNullable<Awaited<ReturnType<AccessTemporal['status']>>['pendingExtension']>;
interface LiveStatus {
  extension: Extension;
  expiresAt: string | null;
}

/** Live grants with an extension awaiting approval, asked of their workflows (only those with an extension asked). */
async function pendingExtensionsOf(
  sources: InboxSources,
  live: AccessGrantRow[],
): Promise<{ row: AccessGrantRow; status: LiveStatus }[]> {
  const access = sources.access();
  if (!access || live.length === 0) return [];
  const withExtension = await extensionAskedOf(
    sources.db,
    live.map((row) => row.workflow_id),
  );
  const found = await Promise.all(
    live
      .filter((row) => withExtension.has(row.workflow_id))
      .map(async (row) => {
        const status = await access.status(grantPairOf(row)).catch(() => null);
        return status?.pendingExtension
          ? { row, status: { extension: status.pendingExtension, expiresAt: status.expiresAt ?? null } }
          : null;
      }),
  );
  return found.filter((item) => item !== null);
}

async function describe(sources: InboxSources, row: AccessGrantRow, live: LiveStatus | null): Promise<InboxItem> {
  const { db } = sources;
  const requesterId = live?.extension.requesterId ?? row.requester_id;
  const [asked, requester, principal, entitlement, history, stage] = await Promise.all([
    live ? null : latestRequestDetail(db, row.workflow_id),
    findRequestPrincipal(db, row.connector_id, requesterId),
    findRequestPrincipal(db, row.connector_id, row.principal_id),
    entitlementNames(db, row),
    grantHistory(db, row.workflow_id),
    live ? null : stageStanding(db, row.connector_id, row.approval_stages),
  ]);
  const current = row.stage === 'pending_approval' ? history.at(-1) : undefined;
  const earlier = (current?.outcome === 'open' ? history.slice(0, -1) : history).filter((g) => g.outcome !== 'open');
  const lastAsk = live ? history.at(-1)?.extensionAskedAt : current?.askedAt;
  return {
    row,
    kind: live ? 'extension' : 'request',
    requestedBy: nameOf(requester, requesterId),
    forWhom: nameOf(principal, row.principal_upn),
    ...entitlement,
    durationSeconds: live ? live.extension.durationSeconds : (asked?.durationSeconds ?? null),
    justification: live ? live.extension.justification : (asked?.justification ?? null),
    ticket: live ? live.extension.ticket : (asked?.ticket ?? null),
    askedAt: lastAsk ?? row.updated_at,
    currentExpiry: live?.expiresAt ? new Date(live.expiresAt) : null,
    earlier: earlier.slice(-EARLIER_LIMIT).reverse(),
    stage,
  };
}

const nameOf = (person: { upn: string | null; display_name: string | null } | undefined, fallback: string) =>
  person?.display_name && person.upn ? `${person.display_name} (${person.upn})` : (person?.upn ?? fallback);

export async function entitlementNames(db: Db, row: AccessGrantRow) {
  const found = await entitlementNamesOf(db, row.connector_id, row.entitlement_id);
  return {
    entitlementName: found?.entitlementName ?? row.entitlement_id,
    resourceName: found?.resourceName ?? '—',
    kindText: found ? (KIND_TEXT[found.kind] ?? found.kind) : 'Unknown (no longer in the catalog)',
  };
}

interface HistoryEntry extends EarlierGrant {
  extensionAskedAt?: Date;
}

/** Every grant of the workflow id, oldest first, from its audit rows; the last one is 'open' while undecided or live. */
async function grantHistory(db: Db, workflowId: string): Promise<HistoryEntry[]> {
  const rows = await accessAuditTrail(db, workflowId);
  const grants: HistoryEntry[] = [];
  for (const { at, action, detail } of rows) {
    const last = grants.at(-1);
    if (action === 'access.requested') {
      const seconds = (detail as { durationSeconds?: unknown }).durationSeconds;
      grants.push({
        askedAt: new Date(at),
        durationSeconds: typeof seconds === 'number' ? seconds : null,
        outcome: 'open',
        endedAt: null,
      });
    } else if (last && last.outcome === 'open') {
      if (action === 'access.extension_requested') last.extensionAskedAt = new Date(at);
      const ending = ENDINGS[action] ?? (action.includes('fail') ? 'Failed' : undefined);
      if (ending) Object.assign(last, { outcome: ending, endedAt: new Date(at) });
    }
  }
  return grants;
}

const DECISION_WORDS: Record<string, string> = {
  'access.approved': 'Approved by',
  'access.denied': 'Denied by',
  'access.request_withdrawn': 'Withdrawn by',
  'access.request_expired': 'Timed out: nobody decided in time',
  'access.revoked': 'Ended early by',
  'access.expired': 'Ran its full time and ended',
};

/** What became of a request that can no longer be decided, in words ("Approved by Ada (ada@…)."), from its audit rows. */
export async function whatBecameOf(db: Db, row: AccessGrantRow): Promise<string> {
  const last = await lastAuditOf(db, row.workflow_id, Object.keys(DECISION_WORDS));
  const stage = STAGE_WORDS[row.stage] ?? row.stage;
  if (!last) return `Nothing is waiting for a decision: the request is ${stage}.`;
  const words = DECISION_WORDS[last.action]!;
  const who = words.endsWith(' by')
    ? ` ${last.actor === 'lantern' ? 'Lantern' : nameOf(await findRequestPrincipal(db, row.connector_id, last.actor), last.actor)}`
    : '';
  const comment = (last.detail as { comment?: unknown }).comment;
  const said = typeof comment === 'string' && comment ? ` Comment: “${comment}”.` : '';
  return `${words}${who}.${said} The access is now ${stage}.`;
}

const STAGE_WORDS: Record<string, string> = {
  pending_approval: 'waiting for approval',
  provisioning: 'being added',
  active: 'active',
  deprovisioning: 'being removed',
  ended: 'ended',
};

// What My access shows about a person's grants, in words: the entitlement's and resource's names (from the catalog),
// the stage ("Waiting for approval by Ada Lovelace"), why it ended ("You gave it back", "Revoked by Bob"), and the
// durations an extension may ask for (the grant's policy).
import type { Kysely } from 'kysely';
import { listVisibleGrants, type AccessGrantRow } from '../../catalog/access/requests.js';
import { effectivePolicy } from '../../catalog/access/policies.js';
import { entitlementNames, latestAuditActors } from '../../catalog/access/request-names.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { stageStanding, type StageStanding } from './approval-stages.js';
import { durationChoices, principalNames } from './request-pages-model.js';

export type Section = 'active' | 'pending' | 'ended';

export interface AccessItem {
  row: AccessGrantRow;
  section: Section;
  name: string;
  resourceName: string | null;
  /** The stage or the end, in words. */
  stageText: string;
  /** Extension choices (active grants whose policy exists); empty = no Extend form. */
  extendChoices: { seconds: number; label: string }[];
  extensionNeedsApproval: boolean;
  /** A pending request of several stages (or a quorum): every stage and who decided when, from the catalog row. */
  stages: StageStanding | null;
}

/** Live grants shown (all of a person's, in practice); ended ones: the most recent, so the page stays light. */
const LIVE_SHOWN = 200;
export const ENDED_SHOWN = 25;
const END_ACTIONS = ['access.revoked', 'access.request_withdrawn', 'access.denied'];

/** Scheduled access is approved but not there yet: it waits under Pending (and can be withdrawn) until it starts. */
export const sectionOf = (stage: string): Section =>
  stage === 'ended'
    ? 'ended'
    : stage === 'pending_approval' || stage === 'provisioning' || stage === 'scheduled'
      ? 'pending'
      : 'active';

export async function myAccessItems(
  db: Kysely<CatalogSchema>,
  subject: string,
  withExtend = true,
): Promise<AccessItem[]> {
  const mine = { subject, admin: false, approver: false };
  const [live, ended] = await Promise.all([
    listVisibleGrants(db, mine, { notStage: 'ended', limit: LIVE_SHOWN }),
    listVisibleGrants(db, mine, { stage: 'ended', limit: ENDED_SHOWN }),
  ]);
  const rows = [...live, ...ended];
  if (rows.length === 0) return [];
  const [names, endings] = await Promise.all([catalogNames(db, rows), endingsOf(db, rows)]);
  const items: AccessItem[] = [];
  for (const row of rows) {
    const found = names.get(`${row.connector_id}\n${row.entitlement_id}`);
    const section = sectionOf(row.stage);
    const policy =
      withExtend && row.stage === 'active'
        ? await effectivePolicy(db, row.connector_id, row.entitlement_id)
        : undefined;
    items.push({
      row,
      section,
      name: found?.name ?? row.entitlement_id,
      resourceName: found?.resourceName ?? null,
      stageText: await stageText(db, row, subject, endings.get(row.workflow_id)),
      extendChoices: policy ? durationChoices(policy.maxDurationSeconds) : [],
      extensionNeedsApproval: policy?.extensionNeedsApproval ?? false,
      stages: section === 'pending' ? await stageStanding(db, row.connector_id, row.approval_stages) : null,
    });
  }
  return items;
}

const catalogNames = (db: Kysely<CatalogSchema>, rows: AccessGrantRow[]) =>
  entitlementNames(
    db,
    rows.map((r) => ({ connectorId: r.connector_id, entitlementId: r.entitlement_id })),
  );

const endingsOf = (db: Kysely<CatalogSchema>, rows: AccessGrantRow[]) =>
  latestAuditActors(
    db,
    rows.filter((r) => r.end_reason === 'revoked' || r.end_reason === 'denied').map((r) => r.workflow_id),
    END_ACTIONS,
  );

async function nameOf(db: Kysely<CatalogSchema>, connectorId: string, id: string): Promise<string> {
  const [name] = await principalNames(db, connectorId, [id]);
  return name ?? id;
}

async function stageText(
  db: Kysely<CatalogSchema>,
  row: AccessGrantRow,
  me: string,
  ending: { actor: string; action: string } | undefined,
): Promise<string> {
  switch (row.stage) {
    case 'pending_approval': {
      // Those who already approved in a stage of several are not waited for any more.
      const decided = new Set(row.approval_stages?.flatMap((s) => s.decisions.map((d) => d.approverId)) ?? []);
      const waitingFor = (row.approver_ids ?? []).filter((id) => !decided.has(id));
      const names = await principalNames(db, row.connector_id, waitingFor);
      return names.length ? `Waiting for approval by ${names.join(', ')}` : 'Waiting for approval';
    }
    case 'scheduled':
      return 'Approved: waiting for its start time.';
    case 'provisioning':
      return 'Approved: being added in Entra…';
    case 'active':
      return 'Active';
    case 'deprovisioning':
      return 'Being removed in Entra…';
  }
  switch (row.end_reason) {
    case 'expired':
      return 'Expired: its time ran out.';
    case 'request_expired':
      return 'Nobody decided in time, so the request lapsed.';
    case 'failed':
      return 'Failed: Lantern could not change it in Entra.';
    case 'denied':
      return ending ? `Denied by ${await nameOf(db, row.connector_id, ending.actor)}.` : 'Denied.';
    case 'revoked':
      if (ending?.action === 'access.request_withdrawn')
        return ending.actor === me ? 'You withdrew the request.' : 'Withdrawn.';
      if (!ending) return 'Revoked.';
      return ending.actor === me
        ? 'You gave it back.'
        : `Revoked by ${await nameOf(db, row.connector_id, ending.actor)}.`;
    default:
      return 'Ended.';
  }
}

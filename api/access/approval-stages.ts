// Where a multi-stage request stands, for the approver's pages and My access: "Stage 2 of 2 · Owners · 1 of 2
// approvals", then every stage with its status, its quorum and each decision (who, approved or denied, when). Read from
// the catalog row's approval_stages, which the grant workflow rewrites at each decision, so no page asks Temporal.
// A request of one stage needing one approval says nothing more than before.
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/index.js';
import type { ApprovalStageRecord } from '../../catalog/access/schema.js';
import { principalNames } from './request-pages-model.js';

export interface StageDecisionLine {
  /** Display name (or upn, or id when the catalog does not know them). */
  who: string;
  approved: boolean;
  /** ISO time of the decision, shown in the viewer's zone. */
  at: string;
  comment: string | null;
}

export interface StageLine {
  /** "Stage 1 · Manager: approved · 1 of 1 approval". */
  summary: string;
  current: boolean;
  decisions: StageDecisionLine[];
}

export interface StageStanding {
  /** "Stage 2 of 2 · Owners · 1 of 2 approvals"; null when no stage is deciding now (approved, denied, timed out). */
  position: string | null;
  stages: StageLine[];
}

const approvalsText = (n: number) => `${n} ${n === 1 ? 'approval' : 'approvals'}`;

const STATUS_WORDS: Record<ApprovalStageRecord['status'], string> = {
  waiting: 'not started',
  pending: 'deciding now',
  escalated: 'deciding now, escalated to the fallback approvers',
  approved: 'approved',
  denied: 'denied',
  timed_out: 'timed out',
};

const isCurrent = (stage: ApprovalStageRecord) => stage.status === 'pending' || stage.status === 'escalated';

export async function stageStanding(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  stages: ApprovalStageRecord[] | null | undefined,
): Promise<StageStanding | null> {
  if (!stages?.length || (stages.length === 1 && stages[0]!.quorum === 1)) return null;
  const names = await principalNames(
    db,
    connectorId,
    stages.flatMap((s) => s.decisions.map((d) => d.approverId)),
  );
  let n = 0;
  const lines = stages.map((stage, i) => {
    const approvals = stage.decisions.filter((d) => d.approved).length;
    return {
      summary: `Stage ${i + 1} · ${stage.name}: ${STATUS_WORDS[stage.status] ?? stage.status} · ${approvals} of ${approvalsText(stage.quorum)}`,
      current: isCurrent(stage),
      decisions: stage.decisions.map((d) => ({ who: names[n++]!, approved: d.approved, at: d.at, comment: d.comment })),
    };
  });
  const index = stages.findIndex(isCurrent);
  const current = stages[index];
  const position = current
    ? `Stage ${index + 1} of ${stages.length} · ${current.name} · ${current.decisions.filter((d) => d.approved).length} of ${approvalsText(current.quorum)}${current.status === 'escalated' ? ' · escalated to the fallback approvers' : ''}`
    : null;
  return { position, stages: lines };
}

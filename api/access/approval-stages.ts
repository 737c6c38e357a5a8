// Where a multi-stage request stands, for the approver's pages: "Stage 2 of 2 · Owners · 1 of 2 approvals" and who
// decided the stages before it, read from the grant workflow's live status (GrantStatus.stages / currentStage). A
// request of one stage needing one approval says nothing more than before.
import type { Kysely } from 'kysely';
import type { CatalogSchema } from '../../catalog/index.js';
import type { GrantStatus, StageProgress } from '../../workflows/access/messages.js';
import { principalNames } from './request-pages-model.js';

export interface StageStanding {
  /** "Stage 2 of 2 · Owners · 1 of 2 approvals". */
  position: string;
  /** One line per decided stage and for approvals so far in this one: "Stage 1 · Manager: approved by Carol". */
  decided: string[];
}

const approvalsText = (n: number) => `${n} ${n === 1 ? 'approval' : 'approvals'}`;

async function decidedBy(db: Kysely<CatalogSchema>, connectorId: string, stage: StageProgress): Promise<string> {
  const approved = stage.decisions.filter((d) => d.approved);
  const names = await principalNames(
    db,
    connectorId,
    approved.map((d) => d.approverId),
  );
  const said = approved.map((d, i) => (d.comment ? `${names[i]} (“${d.comment}”)` : names[i]));
  return said.join(', ');
}

export async function stageStanding(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  status: Pick<GrantStatus, 'stages' | 'currentStage'> | null,
): Promise<StageStanding | null> {
  const stages = status?.stages;
  const index = status?.currentStage;
  if (!stages?.length || index === null || index === undefined) return null;
  const current = stages[index];
  if (!current || (stages.length === 1 && current.quorum === 1)) return null;
  const approvals = current.decisions.filter((d) => d.approved).length;
  const escalated = current.status === 'escalated' ? ' · escalated to the fallback approvers' : '';
  const position = `Stage ${index + 1} of ${stages.length} · ${current.name} · ${approvals} of ${approvalsText(current.quorum)}${escalated}`;
  const decided: string[] = [];
  for (const [i, stage] of stages.slice(0, index).entries())
    decided.push(`Stage ${i + 1} · ${stage.name}: approved by ${await decidedBy(db, connectorId, stage)}`);
  if (approvals > 0) decided.push(`This stage so far: approved by ${await decidedBy(db, connectorId, current)}`);
  return { position, decided };
}

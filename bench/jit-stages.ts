// bench:jit --stages N: every grant goes through N approval stages as policy v2 resolves them (workflows/access/
// messages.ts ResolvedStage). Stage 1 is one approver with quorum 1 (a manager); every later stage has three approvers
// with quorum 2 (owners), distinct across stages as the workflow requires. A stage's approvals are sent together, the
// next stage's once they have returned, as people approving independently would.
import { POLICY_V2_LIMITS } from '../domain/access-policy.js';
import type { Catalog } from '../catalog/index.js';
import type { AccessTemporal } from '../temporal/clients/access.js';
import type { AccessGrantInput, ResolvedPolicy, ResolvedStage } from '../workflows/access/messages.js';

/** `--stages` as given: absent = the one-approver v1 policy (the bench as it was); else 1..POLICY_V2_LIMITS.maxStages. */
export function parseStages(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > POLICY_V2_LIMITS.maxStages)
    throw new Error(`--stages must be a whole number from 1 to ${POLICY_V2_LIMITS.maxStages}, got "${value}"`);
  return n;
}

export function stagedPolicy(stageCount: number, timeoutSeconds: number): ResolvedPolicy {
  const stages: ResolvedStage[] = Array.from({ length: stageCount }, (_, i) => ({
    name: i === 0 ? 'Manager' : `Owners ${i}`,
    approverIds: i === 0 ? ['bench-manager'] : [1, 2, 3].map((n) => `bench-owner-${i}-${n}`),
    quorum: i === 0 ? 1 : 2,
    timeoutSeconds,
    onTimeout: 'deny',
    fallbackIds: [],
  }));
  return {
    maxDurationSeconds: 3600,
    approvalRequired: true,
    // As the planner resolves a v2 policy: the union of every stage's approvers.
    approverIds: stages.flatMap((s) => s.approverIds),
    requestTimeoutSeconds: timeoutSeconds,
    extensionNeedsApproval: false,
    stages,
  };
}

/** Round-trip times (epoch ms, this machine's clock): first approval sent, last approval's update returned. */
export interface StagedDecision {
  firstSentAtMs: number;
  finalApprovedAtMs: number;
}

export async function approveStageByStage(access: AccessTemporal, input: AccessGrantInput): Promise<StagedDecision> {
  const firstSentAtMs = Date.now();
  for (const stage of input.policy.stages!) {
    const voters = stage.approverIds.slice(0, stage.quorum);
    await Promise.all(voters.map((approverId) => access.approve(input, { approverId })));
  }
  return { firstSentAtMs, finalApprovedAtMs: Date.now() };
}

const STAGE_ACTIONS = ['access.stage_approved', 'access.stage_completed', 'access.approved'] as const;

/**
 * The stage audit rows each grant should have (shared.md semantics): one `access.stage_approved` per approval that did
 * not finish the last stage, one `access.stage_completed` per non-last stage, one `access.approved`. Returns what
 * differs ("" when every grant has exactly that), so a figure from a broken stage path is never taken as real.
 */
export async function checkStageAudit(db: Catalog['db'], stageCount: number, grants: number): Promise<string> {
  const quorums = stagedPolicy(stageCount, 1).stages!.map((s) => s.quorum);
  const expected: Record<string, number> = {
    'access.stage_approved': quorums.reduce((a, b) => a + b, 0) - 1,
    'access.stage_completed': stageCount - 1,
    'access.approved': 1,
  };
  const rows = await db
    .selectFrom('audit_log')
    .select(['action', (eb) => eb.fn.countAll<string>().as('n')])
    .where('action', 'in', [...STAGE_ACTIONS])
    .groupBy('action')
    .execute();
  const counts = new Map(rows.map((r) => [r.action, Number(r.n)]));
  return STAGE_ACTIONS.filter((a) => (counts.get(a) ?? 0) !== expected[a]! * grants)
    .map((a) => `${a} ${counts.get(a) ?? 0} (expected ${expected[a]! * grants})`)
    .join(', ');
}

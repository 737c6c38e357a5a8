// The policy rules a JSON schema cannot say (they relate fields): approvers or stages, a stage that names nobody, an
// escalation without fallbacks, a quorum no one could reach. The API answers them with a 400 on the field's path, the
// Policies page shows them beside the field (checkPolicyBody), so both refuse the same bodies.
import type { ApproverSet, EligibilityRule } from '../../domain/access-policy.js';
import type { PolicyBodyValue } from './policy-rules.js';

/** A refused field: its path in the body, array indexes included ("stages", "1", "fallbackApprovers"), and why. */
export interface PolicyRuleError {
  path: string[];
  message: string;
}

const namesSomeone = (set: ApproverSet): boolean =>
  Boolean(set.owners || set.manager || set.groupId || (set.principalIds?.length ?? 0) > 0);

/**
 * The most approvers a set can ever yield, or null when unbounded (owners and group members change with Entra): named
 * people plus the manager.
 */
function mostApprovers(set: ApproverSet): number | null {
  if (set.owners || set.groupId) return null;
  return new Set(set.principalIds ?? []).size + (set.manager ? 1 : 0);
}

type StageBodyValue = NonNullable<PolicyBodyValue['stages']>[number];

function stageError(stage: StageBodyValue, index: number, earlier: StageBodyValue[]): PolicyRuleError | null {
  const at = (field: string, message: string): PolicyRuleError => ({
    path: ['stages', String(index), field],
    message: `${message} (stage ${index + 1}, "${stage.name}")`,
  });
  if (!namesSomeone(stage.approvers))
    return at('approvers', 'names no approver: set owners, manager, principalIds or groupId');
  const most = mostApprovers(stage.approvers);
  if (most !== null && stage.quorum > most)
    return at('quorum', `is ${stage.quorum}, but the stage's approvers can never be more than ${most}`);
  if (stage.onTimeout === 'escalate' && !stage.fallbackApprovers)
    return at('fallbackApprovers', 'is required when onTimeout is "escalate"');
  if (stage.onTimeout !== 'escalate' && stage.fallbackApprovers)
    return at('fallbackApprovers', 'is only allowed when onTimeout is "escalate"');
  if (stage.fallbackApprovers && !namesSomeone(stage.fallbackApprovers))
    return at('fallbackApprovers', 'names no approver: set owners, manager, principalIds or groupId');
  const same = earlier.findIndex((other) => other.name.trim().toLowerCase() === stage.name.trim().toLowerCase());
  if (same >= 0) return at('name', `repeats the name of stage ${same + 1}: give each stage its own name`);
  return null;
}

/** The first cross-field rule `body` (already valid against PolicyBody) breaks, or null. */
export function policyRuleError(body: PolicyBodyValue): PolicyRuleError | null {
  // With approval required exactly one says who approves; without it neither is used, so either may stay as typed.
  if (body.approvalRequired && body.approvers && body.stages)
    return {
      path: ['stages'],
      message: 'cannot be given together with approvers: give either approvers (one stage) or stages',
    };
  if (body.approvalRequired && !body.approvers && !body.stages)
    return { path: ['approvers'], message: 'or stages is required when approvalRequired is true' };
  const stages = body.stages ?? [];
  for (const [index, stage] of stages.entries()) {
    const refused = stageError(stage, index, stages.slice(0, index));
    if (refused) return refused;
  }
  const eligibility = body.eligibility;
  if (eligibility && !eligibility.groupIds?.length && !eligibility.userTypes?.length)
    return {
      path: ['eligibility'],
      message: 'must name groupIds or userTypes (or be null: everyone in the tenant may request)',
    };
  return null;
}

/** The rule as stored: only the parts that say something. */
export function normaliseEligibility(rule: EligibilityRule): EligibilityRule {
  return {
    ...(rule.groupIds?.length ? { groupIds: rule.groupIds } : {}),
    ...(rule.userTypes?.length ? { userTypes: rule.userTypes } : {}),
  };
}

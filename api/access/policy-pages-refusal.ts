// Where the policy form shows what PolicyBody refused: the field that carries the refused path (a stage's own field for
// a path below `stages.<index>`, the index checkPolicyBody keeps), with the rule in words and what the typed number
// and unit came to.
import { POLICY_V2_LIMITS } from '../../domain/access-policy.js';
import { durationText } from '../pages/components.js';
import type { PolicyFormErrors } from './policy-pages-form.js';
import { stageFieldId, stageFieldOfPath, stageIndexOfPath } from './policy-pages-stages.js';
import { MAX_NAMED_APPROVERS, type PolicyFieldError } from './policy-rules.js';

/** Which form field carries each PolicyBody path, and what its rule is in words (bounds as the API's schema has them). */
const FIELD_OF_PATH: Record<string, { field: string; rule: string }> = {
  maxDurationSeconds: { field: 'maxDurationValue', rule: `a whole number of seconds from 1 minute to 366 days` },
  requestTimeoutSeconds: { field: 'requestTimeoutValue', rule: 'a whole number of seconds from 1 second to 30 days' },
  expiryWarningSeconds: { field: 'expiryWarningValue', rule: 'empty, 0 (no warning) or up to 30 days' },
  approvers: { field: 'approverPeople', rule: 'approvers here or approval stages below, not both' },
  'approvers.principalIds': { field: 'approverPeople', rule: `at most ${MAX_NAMED_APPROVERS} people` },
  'approvers.groupId': { field: 'approverGroup', rule: 'one group of this connector' },
  autoApproveGroupId: { field: 'autoApproveGroup', rule: 'one group of this connector' },
  eligibility: { field: 'eligibilityGroups', rule: 'groups, user types or both (or neither: everyone)' },
  'eligibility.groupIds': {
    field: 'eligibilityGroups',
    rule: `at most ${POLICY_V2_LIMITS.maxEligibilityGroups} groups of this connector`,
  },
  'eligibility.userTypes': { field: 'eligibilityMembers', rule: 'Members, Guests or both' },
  'breakGlass.maxDurationSeconds': { field: 'breakGlassMaxValue', rule: 'from 1 minute to 24 hours' },
  'breakGlass.reviewWithinSeconds': { field: 'breakGlassReviewValue', rule: 'from 1 hour to 30 days' },
};

/** What a typed number and unit came to, so the person sees why it is out of bounds. */
const describeSeconds = (value: number): string =>
  Number.isInteger(value) && value >= 0 ? durationText(value) : `${value} seconds`;

function valueAt(body: unknown, path: string[]): unknown {
  let at = body;
  for (const key of path) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

function message(refused: PolicyFieldError, typed: unknown, rule: string): string {
  if (typed === undefined) return `This is required: ${rule}.`;
  const came = typeof typed === 'number' && /Seconds$/.test(refused.path) ? ` (${describeSeconds(typed)})` : '';
  return `Refused${came}: ${refused.path} ${refused.message}; give ${rule}.`;
}

/** The refusal as the form shows it: on its field, or on the whole form when no field carries the path. */
export function refusalOnForm(refused: PolicyFieldError, body: Record<string, unknown>): PolicyFormErrors {
  if (refused.path === 'stages')
    return { approverPeople: `Refused: ${refused.message}. Empty the approvers here to use the stages below.` };
  const index = stageIndexOfPath(refused.path);
  if (index !== null) {
    const rest = refused.path.replace(/^stages\.\d+\.?/, '');
    const target = stageFieldOfPath(rest);
    if (!target) return { form: `Stage ${index + 1} was refused: ${refused.path} ${refused.message}.` };
    const stage = ((body.stages as unknown[] | undefined) ?? [])[index];
    const typed = valueAt(stage, rest.split('.'));
    return { [stageFieldId(index, target.field)]: message(refused, typed, target.rule) };
  }
  const target = FIELD_OF_PATH[refused.path];
  if (!target) return { form: `Refused: ${refused.path} ${refused.message}.` };
  return { [target.field]: message(refused, valueAt(body, refused.path.split('.')), target.rule) };
}

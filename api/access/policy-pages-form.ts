// The policy form of the Policies page, both ways: a stored policy → the text of its fields (durations as a number and
// a unit, people and groups by name, one fieldset per approval stage), and the typed fields → a PolicyBody (names
// resolved to object ids from the catalog), checked by the API's own rules (policy-rules.ts). A refusal names the
// field and keeps what was typed.
import type { Kysely } from 'kysely';
import { namesOf } from '../../catalog/access/policy-names.js';
import type { AccessPolicy } from '../../catalog/access/policies.js';
import type { CatalogSchema } from '../../catalog/index.js';
import type { ApproverSet } from '../../domain/access-policy.js';
import { NameResolver } from './policy-pages-names.js';
import { refusalOnForm } from './policy-pages-refusal.js';
import {
  approverSetText,
  stageFieldId,
  stageFormsOf,
  stageIds,
  stagesOfPost,
  type ApproverRole,
  type StageForm,
} from './policy-pages-stages.js';
import { checkPolicyBody, type PolicyBodyValue } from './policy-rules.js';

export const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;
export type Unit = keyof typeof UNITS;

export const POLICY_FORM_FIELDS = [
  'maxDurationValue',
  'maxDurationUnit',
  'approvalRequired',
  'approverOwners',
  'approverManager',
  'approverPeople',
  'approverGroup',
  'autoApproveGroup',
  'requestTimeoutValue',
  'requestTimeoutUnit',
  'extensionNeedsApproval',
  'allowGuests',
  'expiryWarningValue',
  'expiryWarningUnit',
  'eligibilityGroups',
  'eligibilityMembers',
  'eligibilityGuests',
  'breakGlass',
  'breakGlassMaxValue',
  'breakGlassMaxUnit',
  'breakGlassReviewValue',
  'breakGlassReviewUnit',
  'revokeSessions',
] as const;
export type PolicyFormField = (typeof POLICY_FORM_FIELDS)[number];
/** What the form's fields hold: text, as typed (checkboxes are 'on' or absent), and the stages typed (blank left out). */
export type PolicyForm = Record<PolicyFormField, string> & { stages: StageForm[] };

/** Errors by field id (a PolicyFormField or a stage field such as stage2Quorum; `form` = the form as a whole). */
export type PolicyFormErrors = Partial<Record<string, string>>;

export const ON = 'on';

/** The largest unit that gives a whole number ("2 hours" rather than "7200 seconds"). */
export function splitDuration(seconds: number | null): [string, Unit] {
  if (seconds === null) return ['', 'minutes'];
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    if (seconds > 0 && seconds % UNITS[unit] === 0) return [String(seconds / UNITS[unit]), unit];
  }
  return [String(seconds), 'seconds'];
}

export async function formOfPolicy(db: Kysely<CatalogSchema>, policy: AccessPolicy): Promise<PolicyForm> {
  const { approvers, eligibility, breakGlass } = policy;
  const ids = [
    ...(approvers.principalIds ?? []),
    approvers.groupId ?? '',
    policy.autoApproveGroupId ?? '',
    ...(eligibility?.groupIds ?? []),
    ...stageIds(policy.stages),
  ];
  const names = await namesOf(db, policy.connectorId, ids.filter(Boolean));
  const nameOf = (id: string | null | undefined) => (id ? (names.get(id) ?? id) : '');
  const [maxDurationValue, maxDurationUnit] = splitDuration(policy.maxDurationSeconds);
  const [requestTimeoutValue, requestTimeoutUnit] = splitDuration(policy.requestTimeoutSeconds);
  const [expiryWarningValue, expiryWarningUnit] = splitDuration(policy.expiryWarningSeconds);
  const [breakGlassMaxValue, breakGlassMaxUnit] = splitDuration(breakGlass?.maxDurationSeconds ?? 3600);
  const [breakGlassReviewValue, breakGlassReviewUnit] = splitDuration(breakGlass?.reviewWithinSeconds ?? 86_400);
  const flag = (value: boolean | undefined) => (value ? ON : '');
  const single = approverSetText(approvers, nameOf);
  return {
    maxDurationValue,
    maxDurationUnit,
    approvalRequired: flag(policy.approvalRequired),
    approverOwners: single.Owners,
    approverManager: single.Manager,
    approverPeople: single.People,
    approverGroup: single.Group,
    autoApproveGroup: nameOf(policy.autoApproveGroupId),
    requestTimeoutValue,
    requestTimeoutUnit,
    extensionNeedsApproval: flag(policy.extensionNeedsApproval),
    allowGuests: flag(policy.allowGuests),
    expiryWarningValue,
    expiryWarningUnit,
    eligibilityGroups: (eligibility?.groupIds ?? []).map(nameOf).join('\n'),
    eligibilityMembers: flag(eligibility?.userTypes?.includes('Member')),
    eligibilityGuests: flag(eligibility?.userTypes?.includes('Guest')),
    breakGlass: flag(Boolean(breakGlass)),
    breakGlassMaxValue,
    breakGlassMaxUnit,
    breakGlassReviewValue,
    breakGlassReviewUnit,
    revokeSessions: flag(policy.revokeSessions),
    stages: stageFormsOf(policy.stages, nameOf, splitDuration),
  };
}

/** The form's fields from a posted body (missing ones empty: an unticked checkbox is not sent). */
export function formOfPost(body: Record<string, unknown>): PolicyForm {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const fixed = Object.fromEntries(POLICY_FORM_FIELDS.map((field) => [field, text(body[field])]));
  return { ...(fixed as Record<PolicyFormField, string>), stages: stagesOfPost(body) };
}

/** A number of `unit`s in seconds; text that is no number is passed on as text, for the API's rule to refuse. */
export function seconds(value: string, unit: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  const size = UNITS[unit as Unit];
  if (!Number.isFinite(n) || size === undefined) return trimmed;
  return Math.round(n * size * 1000) / 1000;
}

/** A whole number as typed, or the text itself for the API's rule to refuse. */
const count = (value: string): number | string => (/^\s*\d+\s*$/.test(value) ? Number(value) : value.trim());

const isEmptySet = (set: ApproverSet) =>
  !set.owners && !set.manager && (set.principalIds ?? []).length === 0 && !set.groupId;

/** A stage as PolicyBody holds it; fallback approvers go along when it escalates, or when typed (for the rule to refuse). */
async function stageBody(names: NameResolver, stage: StageForm, index: number): Promise<Record<string, unknown>> {
  const set = (role: ApproverRole) => {
    const fields = {
      Owners: stage[`${role}Owners`],
      Manager: stage[`${role}Manager`],
      People: stage[`${role}People`],
      Group: stage[`${role}Group`],
    };
    return names.approverSet(fields, (field) => stageFieldId(index, `${role}${field}` as keyof StageForm));
  };
  const approvers = await set('');
  const fallbackApprovers = await set('Fallback');
  const escalates = stage.OnTimeout === 'escalate';
  return {
    name: stage.Name.trim(),
    approvers,
    quorum: count(stage.Quorum),
    timeoutSeconds: seconds(stage.TimeoutValue, stage.TimeoutUnit),
    onTimeout: stage.OnTimeout,
    ...(escalates || !isEmptySet(fallbackApprovers) ? { fallbackApprovers } : {}),
  };
}

/** The typed form as a PolicyBody, or the errors by field (name lookups first, then the API's own rules). */
export async function bodyOfForm(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  form: PolicyForm,
): Promise<{ body: PolicyBodyValue } | { errors: PolicyFormErrors }> {
  const names = new NameResolver(db, connectorId);
  const approvers = await names.approverSet(
    {
      Owners: form.approverOwners,
      Manager: form.approverManager,
      People: form.approverPeople,
      Group: form.approverGroup,
    },
    (field) => `approver${field}`,
  );
  const autoApproveGroupId = await names.group(form.autoApproveGroup, 'autoApproveGroup');
  const eligibleGroups = await names.groups(form.eligibilityGroups, 'eligibilityGroups');
  const stages = [];
  for (const [index, stage] of form.stages.entries()) stages.push(await stageBody(names, stage, index));
  if (Object.keys(names.errors).length > 0) return { errors: names.errors };

  const userTypes = [
    ...(form.eligibilityMembers === ON ? ['Member'] : []),
    ...(form.eligibilityGuests === ON ? ['Guest'] : []),
  ];
  const body: Record<string, unknown> = {
    maxDurationSeconds: seconds(form.maxDurationValue, form.maxDurationUnit),
    approvalRequired: form.approvalRequired === ON,
    // With stages, the single step's approvers go along only when some were named (the rule then refuses both).
    ...(stages.length === 0 || !isEmptySet(approvers) ? { approvers } : {}),
    ...(stages.length > 0 ? { stages } : {}),
    autoApproveGroupId,
    requestTimeoutSeconds: seconds(form.requestTimeoutValue, form.requestTimeoutUnit),
    extensionNeedsApproval: form.extensionNeedsApproval === ON,
    allowGuests: form.allowGuests === ON,
    expiryWarningSeconds: seconds(form.expiryWarningValue, form.expiryWarningUnit) ?? null,
    // v2 fields go along only when set: left out, they mean what a v1 body means (everyone, no break-glass).
    ...(eligibleGroups.length || userTypes.length
      ? {
          eligibility: {
            ...(eligibleGroups.length ? { groupIds: eligibleGroups } : {}),
            ...(userTypes.length ? { userTypes } : {}),
          },
        }
      : {}),
    ...(form.breakGlass === ON
      ? {
          breakGlass: {
            maxDurationSeconds: seconds(form.breakGlassMaxValue, form.breakGlassMaxUnit),
            reviewWithinSeconds: seconds(form.breakGlassReviewValue, form.breakGlassReviewUnit),
          },
        }
      : {}),
    ...(form.revokeSessions === ON ? { revokeSessions: true } : {}),
  };
  const refused = checkPolicyBody(body);
  if (!refused) return { body: body as PolicyBodyValue };
  return { errors: refusalOnForm(refused, body) };
}

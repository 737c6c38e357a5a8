// The policy form of the Policies page, both ways: a stored policy → the text of its fields (durations as a number and
// a unit, people and groups by name), and the typed fields → a PolicyBody (names resolved to object ids from the
// catalog), checked by the API's own rules (policy-rules.ts). A refusal names the field and keeps what was typed.
import type { Kysely } from 'kysely';
import { groupsNamed, namesOf, principalsNamed, type NamedPrincipal } from '../../catalog/access/policy-names.js';
import type { AccessPolicy } from '../../catalog/access/policies.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { durationText } from '../pages/components.js';
import { checkPolicyBody, MAX_NAMED_APPROVERS, type PolicyBodyValue } from './policy-rules.js';

export const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;
export type Unit = keyof typeof UNITS;

/** What the form's fields hold: text, as typed (checkboxes are 'on' or absent). */
export type PolicyForm = Record<PolicyFormField, string>;
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
] as const;
export type PolicyFormField = (typeof POLICY_FORM_FIELDS)[number];

/** Errors by form field, in words that say what to fix. */
export type PolicyFormErrors = Partial<Record<PolicyFormField, string>>;

/** Which form field carries each PolicyBody path, and what its rule is in words (bounds as the API's schema has them). */
const FIELD_OF_PATH: Record<string, { field: PolicyFormField; rule: string }> = {
  maxDurationSeconds: { field: 'maxDurationValue', rule: `a whole number of seconds from 1 minute to 366 days` },
  requestTimeoutSeconds: { field: 'requestTimeoutValue', rule: 'a whole number of seconds from 1 second to 30 days' },
  expiryWarningSeconds: { field: 'expiryWarningValue', rule: 'empty, 0 (no warning) or up to 30 days' },
  'approvers.principalIds': { field: 'approverPeople', rule: `at most ${MAX_NAMED_APPROVERS} people` },
  'approvers.groupId': { field: 'approverGroup', rule: 'one group of this connector' },
  autoApproveGroupId: { field: 'autoApproveGroup', rule: 'one group of this connector' },
};

export const ON = 'on';

/** The largest unit that gives a whole number ("2 hours" rather than "7200 seconds"). */
function splitDuration(seconds: number | null): [string, Unit] {
  if (seconds === null) return ['', 'minutes'];
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    if (seconds > 0 && seconds % UNITS[unit] === 0) return [String(seconds / UNITS[unit]), unit];
  }
  return [String(seconds), 'seconds'];
}

export async function formOfPolicy(db: Kysely<CatalogSchema>, policy: AccessPolicy): Promise<PolicyForm> {
  const { approvers } = policy;
  const ids = [...(approvers.principalIds ?? []), approvers.groupId ?? '', policy.autoApproveGroupId ?? ''];
  const names = await namesOf(db, policy.connectorId, ids.filter(Boolean));
  const nameOf = (id: string | null | undefined) => (id ? (names.get(id) ?? id) : '');
  const [maxDurationValue, maxDurationUnit] = splitDuration(policy.maxDurationSeconds);
  const [requestTimeoutValue, requestTimeoutUnit] = splitDuration(policy.requestTimeoutSeconds);
  const [expiryWarningValue, expiryWarningUnit] = splitDuration(policy.expiryWarningSeconds);
  const flag = (value: boolean | undefined) => (value ? ON : '');
  return {
    maxDurationValue,
    maxDurationUnit,
    approvalRequired: flag(policy.approvalRequired),
    approverOwners: flag(approvers.owners),
    approverManager: flag(approvers.manager),
    approverPeople: (approvers.principalIds ?? []).map(nameOf).join('\n'),
    approverGroup: nameOf(approvers.groupId),
    autoApproveGroup: nameOf(policy.autoApproveGroupId),
    requestTimeoutValue,
    requestTimeoutUnit,
    extensionNeedsApproval: flag(policy.extensionNeedsApproval),
    allowGuests: flag(policy.allowGuests),
    expiryWarningValue,
    expiryWarningUnit,
  };
}

/** The form's fields from a posted body (missing ones empty: an unticked checkbox is not sent). */
export function formOfPost(body: Record<string, unknown>): PolicyForm {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return Object.fromEntries(POLICY_FORM_FIELDS.map((field) => [field, text(body[field])])) as PolicyForm;
}

/** A number of `unit`s in seconds; text that is no number is passed on as text, for the API's rule to refuse. */
function seconds(value: string, unit: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  const size = UNITS[unit as Unit];
  if (!Number.isFinite(n) || size === undefined) return trimmed;
  return Math.round(n * size * 1000) / 1000;
}

type Resolved = { id: string } | { error: string };

async function resolveOne(found: Promise<NamedPrincipal[]>, text: string, what: string): Promise<Resolved> {
  const matches = await found;
  if (matches.length === 1) return { id: matches[0]!.id };
  if (matches.length === 0) return { error: `No ${what} in this connector's catalog is named "${text}".` };
  const many = what === 'person' ? 'people' : `${what}s`;
  return { error: `"${text}" names ${matches.length} ${many}: give the UPN or the object id instead.` };
}

/** The typed form as a PolicyBody, or the errors by field (name lookups first, then the API's own rules). */
export async function bodyOfForm(
  db: Kysely<CatalogSchema>,
  connectorId: string,
  form: PolicyForm,
): Promise<{ body: PolicyBodyValue } | { errors: PolicyFormErrors }> {
  const errors: PolicyFormErrors = {};
  const people = form.approverPeople
    .split(/[\n,;]/)
    .map((line) => line.trim())
    .filter(Boolean);
  const principalIds: string[] = [];
  for (const person of people.slice(0, MAX_NAMED_APPROVERS + 1)) {
    const found = await resolveOne(principalsNamed(db, connectorId, person), person, 'person');
    if ('error' in found) errors.approverPeople ??= found.error;
    else principalIds.push(found.id);
  }
  if (people.length > MAX_NAMED_APPROVERS) errors.approverPeople = `Name at most ${MAX_NAMED_APPROVERS} people.`;
  const group = async (text: string, field: 'approverGroup' | 'autoApproveGroup') => {
    if (!text.trim()) return null;
    const found = await resolveOne(groupsNamed(db, connectorId, text.trim()), text.trim(), 'group');
    if ('error' in found) errors[field] = found.error;
    return 'id' in found ? found.id : null;
  };
  const groupId = await group(form.approverGroup, 'approverGroup');
  const autoApproveGroupId = await group(form.autoApproveGroup, 'autoApproveGroup');
  if (Object.keys(errors).length > 0) return { errors };

  const body: Record<string, unknown> = {
    maxDurationSeconds: seconds(form.maxDurationValue, form.maxDurationUnit),
    approvalRequired: form.approvalRequired === ON,
    approvers: { owners: form.approverOwners === ON, manager: form.approverManager === ON, principalIds, groupId },
    autoApproveGroupId,
    requestTimeoutSeconds: seconds(form.requestTimeoutValue, form.requestTimeoutUnit),
    extensionNeedsApproval: form.extensionNeedsApproval === ON,
    allowGuests: form.allowGuests === ON,
    expiryWarningSeconds: seconds(form.expiryWarningValue, form.expiryWarningUnit) ?? null,
  };
  const refused = checkPolicyBody(body);
  if (!refused) return { body: body as PolicyBodyValue };
  const target = FIELD_OF_PATH[refused.path] ?? { field: 'maxDurationValue', rule: '' };
  const typed = body[refused.path];
  if (typed === undefined) return { errors: { [target.field]: `This is required: ${target.rule}.` } };
  const came = typeof typed === 'number' ? ` (${describeSeconds(typed)})` : '';
  return { errors: { [target.field]: `Refused${came}: ${refused.path} ${refused.message}; give ${target.rule}.` } };
}

/** What a typed number and unit came to, so the person sees why it is out of bounds. */
const describeSeconds = (value: number): string =>
  Number.isInteger(value) && value >= 0 ? durationText(value) : `${value} seconds`;

// The "New campaign" form as the page holds it (exactly what was typed, so a refused form comes back as it was) and its
// translation into the service's definition. The rules are the JSON API's schema and the service's checks: this file
// turns text into numbers and lists, tells named groups from people, and puts each refusal beside its field.
import type { Kysely } from 'kysely';
import { groupsNamed } from '../../catalog/access/policy-names.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { Value } from '@sinclair/typebox/value';
import type { ReviewScopeKind } from '../../domain/reviews.js';
import { ApiError } from '../http/errors.js';
import { DefinitionBody, LIMITS } from './schemas.js';
import type { DefinitionInput } from './service.js';

export const UNITS = { minutes: 60, hours: 3600, days: 86_400 } as const;
export type FormField =
  | 'form'
  | 'name'
  | 'connectorId'
  | 'kinds'
  | 'resourceIds'
  | 'principals'
  | 'assignment'
  | 'noSignInDays'
  | 'reviewerKind'
  | 'named'
  | 'fallback'
  | 'period'
  | 'defaultDecision'
  | 'inactiveDays'
  | 'repeat';

export interface CampaignForm {
  name: string;
  connectorId: string;
  kinds: string[];
  resourceIds: string;
  principals: string;
  assignment: string;
  privilegedOnly: boolean;
  noSignInDays: string;
  reviewerKind: string;
  named: string;
  fallback: string;
  period: string;
  unit: string;
  reminders: boolean;
  defaultDecision: string;
  autoApply: boolean;
  inactiveDays: string;
  repeat: string;
  errors: Partial<Record<FormField, string>>;
}

export const emptyForm = (connectorId = ''): CampaignForm => ({
  name: '',
  connectorId,
  kinds: ['groupMembers'],
  resourceIds: '',
  principals: 'all',
  assignment: 'all',
  privilegedOnly: false,
  noSignInDays: '',
  reviewerKind: 'owners',
  named: '',
  fallback: '',
  period: '14',
  unit: 'days',
  reminders: true,
  defaultDecision: 'keep',
  autoApply: true,
  inactiveDays: '30',
  repeat: 'once',
  errors: {},
});

export type FormBody = Partial<Record<string, string | string[]>>;
const text = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
/** A checkbox posts its value when ticked and nothing when not. */
const ticked = (value: string | string[] | undefined): boolean => value !== undefined;

export function formFromBody(b: FormBody): CampaignForm {
  return {
    name: text(b.name).trim(),
    connectorId: text(b.connectorId),
    kinds: [b.kinds ?? []].flat(),
    resourceIds: text(b.resourceIds),
    principals: text(b.principals),
    assignment: text(b.assignment),
    privilegedOnly: ticked(b.privilegedOnly),
    noSignInDays: text(b.noSignInDays).trim(),
    reviewerKind: text(b.reviewerKind),
    named: text(b.named),
    fallback: text(b.fallback),
    period: text(b.period).trim(),
    unit: text(b.unit),
    reminders: ticked(b.reminders),
    defaultDecision: text(b.defaultDecision),
    autoApply: ticked(b.autoApply),
    inactiveDays: text(b.inactiveDays).trim(),
    repeat: text(b.repeat),
    errors: {},
  };
}

const lines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** A whole number typed in a field, or undefined when left empty; NaN when it is not one. */
const wholeNumber = (value: string): number | undefined =>
  value === '' ? undefined : /^\d+$/.test(value) ? Number(value) : NaN;

/** What to fix, per field, when the definition fails the API's schema (the bounds are the schema's). */
const SCHEMA_MESSAGES: [string, FormField, string][] = [
  ['/name', 'name', `Give the campaign a name (at most ${LIMITS.name} characters).`],
  ['/connectorId', 'connectorId', 'Choose a connector.'],
  ['/scope/kinds', 'kinds', 'Choose at least one kind of access to review.'],
  ['/scope/resourceIds', 'resourceIds', `Give object ids, one per line, each once (at most ${LIMITS.resourceIds}).`],
  ['/scope/principals', 'principals', 'Choose which principals to review.'],
  ['/scope/assignment', 'assignment', 'Choose direct, through groups, or both.'],
  ['/scope/noSignInForDays', 'noSignInDays', `Give 1 to ${LIMITS.inactiveDays} days, or leave it empty.`],
  ['/reviewers/kind', 'reviewerKind', 'Choose who reviews.'],
  ['/reviewers/principalIds', 'named', `Name each reviewer once by UPN, one per line (at most ${LIMITS.reviewerIds}).`],
  ['/reviewers/groupIds', 'named', `Name each group once (at most ${LIMITS.reviewerIds}).`],
  [
    '/reviewers/fallbackIds',
    'fallback',
    `Name 1 to ${LIMITS.fallbackIds} fallback reviewers by UPN, one per line, each once.`,
  ],
  ['/durationSeconds', 'period', 'The review period must be at least 1 minute and at most 366 days.'],
  ['/defaultDecision', 'defaultDecision', 'Choose what happens when a reviewer does not respond.'],
  ['/inactiveDays', 'inactiveDays', `Give 1 to ${LIMITS.inactiveDays} days.`],
  ['/recurrence', 'repeat', 'Choose how often the campaign repeats.'],
];

/**
 * The definition the form describes, checked against the JSON API's schema, or the form with a message beside each
 * field to fix. What the schema cannot know (the people, the connector's state) the service checks next.
 */
export async function definitionOf(
  db: Kysely<CatalogSchema>,
  form: CampaignForm,
): Promise<{ input: DefinitionInput } | { form: CampaignForm }> {
  const errors: CampaignForm['errors'] = {};
  const period = wholeNumber(form.period);
  const unit = UNITS[form.unit as keyof typeof UNITS];
  if (!period || !unit) errors.period = 'Give the review period as a whole number of minutes, hours or days.';
  const noSignIn = wholeNumber(form.noSignInDays);
  if (Number.isNaN(noSignIn)) errors.noSignInDays = 'Give a whole number of days, or leave it empty.';
  const inactive = wholeNumber(form.inactiveDays);
  if (inactive === undefined || Number.isNaN(inactive)) errors.inactiveDays = 'Give a whole number of days.';
  const named = await splitGroups(db, form.connectorId, lines(form.named));
  const resourceIds = lines(form.resourceIds);
  const input: DefinitionInput = {
    connectorId: form.connectorId,
    name: form.name,
    scope: {
      kinds: form.kinds as ReviewScopeKind[],
      ...(resourceIds.length ? { resourceIds } : {}),
      principals: form.principals as 'all' | 'guests' | 'members',
      assignment: form.assignment as 'all' | 'direct' | 'viaGroup',
      privilegedRolesOnly: form.privilegedOnly,
      ...(noSignIn !== undefined ? { noSignInForDays: noSignIn } : {}),
    },
    reviewers: {
      kind: form.reviewerKind as DefinitionInput['reviewers']['kind'],
      ...(named.people.length ? { principalIds: named.people } : {}),
      ...(named.groupIds.length ? { groupIds: named.groupIds } : {}),
      fallbackIds: lines(form.fallback),
    },
    durationSeconds: (period ?? 0) * (unit ?? 0),
    ...(form.reminders ? {} : { reminders: { weekly: false, beforeDueSeconds: [] } }),
    defaultDecision: form.defaultDecision as DefinitionInput['defaultDecision'],
    autoApply: form.autoApply,
    inactiveDays: inactive ?? 0,
    recurrence: form.repeat === 'once' ? null : (form.repeat as DefinitionInput['recurrence']),
  };
  for (const error of Value.Errors(DefinitionBody, input)) {
    const found = SCHEMA_MESSAGES.find(([path]) => error.path === path || error.path.startsWith(`${path}/`));
    const [, field, message] = found ?? ['', 'form' as const, `${error.path}: ${error.message}`];
    errors[field] ??= message;
  }
  return Object.keys(errors).length > 0 ? { form: { ...form, errors } } : { input };
}

/** Named reviewers: lines naming a group (object id or exact name) are groups; the rest are people (UPNs or ids). */
async function splitGroups(db: Kysely<CatalogSchema>, connectorId: string, names: string[]) {
  const found = { groupIds: [] as string[], people: [] as string[] };
  for (const name of names) {
    const [group] = connectorId ? await groupsNamed(db, connectorId, name) : [];
    if (group) found.groupIds.push(group.id);
    else found.people.push(name);
  }
  return { groupIds: [...new Set(found.groupIds)], people: found.people };
}

/** Which field a service message is about: it starts with the definition path it names. */
const FIELD_OF: [RegExp, FormField][] = [
  [/^reviewers\.fallbackIds/, 'fallback'],
  [/^reviewers\.(principalIds|groupIds)|^reviewers\.kind "named"/, 'named'],
  [/^reviewers/, 'reviewerKind'],
  [/^scope\.resourceIds/, 'resourceIds'],
  [/^scope\.kinds/, 'kinds'],
  [/^dueAt|^durationSeconds/, 'period'],
  [/^Connector /, 'connectorId'],
];

/** The service's refusal, beside the field it names (above the form when it names none). */
export function withServiceError(form: CampaignForm, error: ApiError): CampaignForm {
  const field = FIELD_OF.find(([pattern]) => pattern.test(error.message))?.[1] ?? 'form';
  return { ...form, errors: { [field]: error.message } };
}

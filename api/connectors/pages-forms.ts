// The connector forms (create directly, edit options): fields as people fill them, turned into the JSON API's body
// and checked by the API's own schema (compileBodyValidator), so a page accepts exactly what the API accepts. A
// refused form comes back with what was typed and, beside each field, what to fix.
import type { Static } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import { Type } from '@sinclair/typebox';
import type { ConnectorRecord } from '../../catalog/connectors.js';
import { NATIONAL_CLOUD_NAMES } from '../../domain/connector.js';
import { compileBodyValidator } from '../http/input-rules.js';
import { csrfField, problem, selectField, textField } from '../pages/components.js';
import { html, raw, type Html } from '../pages/layout.js';
import { CreateConnectorBody, MAX_SYNC_INTERVAL, MIN_SYNC_INTERVAL, UpdateConnectorBody } from './schemas.js';

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
/** What the forms post: text fields as typed (checked against the API's schema after conversion). */
export const ConnectorForm = Type.Object(
  {
    _csrf: Text(200),
    displayName: Text(1000),
    tenantId: Text(1000),
    syncIntervalMinutes: Text(50),
    permissionSet: Text(50),
    provisioning: Text(50),
    cloud: Text(50),
    includeSignInActivity: Text(10),
    skipOnPremisesSyncedGroups: Text(10),
    skipAppsWithoutAssignments: Text(10),
  },
  { additionalProperties: false },
);
export type ConnectorFormBody = Static<typeof ConnectorForm>;

export interface OptionsFormState {
  values: ConnectorFormBody;
  errors: Record<string, string>;
  problem?: string | undefined;
}

const FLAGS = ['includeSignInActivity', 'skipOnPremisesSyncedGroups', 'skipAppsWithoutAssignments'] as const;

/** What each field's rule is, in words, for when the schema refuses it. */
const FIELD_RULES: Record<string, string> = {
  displayName: 'Give the connector a name of 1 to 200 characters.',
  tenantId: 'Enter the tenant id (a GUID) or one of its verified domains, e.g. contoso.onmicrosoft.com.',
  syncIntervalMinutes: `Enter a whole number of minutes from ${MIN_SYNC_INTERVAL} to ${MAX_SYNC_INTERVAL}.`,
  permissionSet: 'Choose read only or read and write.',
  provisioning: 'Choose direct or PIM.',
  cloud: 'Choose a national cloud or the server default.',
};

function optionsOf(form: ConnectorFormBody) {
  return {
    ...(form.permissionSet ? { permissionSet: form.permissionSet } : {}),
    ...(form.provisioning ? { provisioning: form.provisioning } : {}),
    // An empty choice is "the server default", which the API spells null.
    cloud: form.cloud ? form.cloud : null,
    ...Object.fromEntries(FLAGS.map((flag) => [flag, form[flag] === 'on'])),
  };
}

const interval = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return undefined;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
};

export const createBodyOf = (form: ConnectorFormBody) => ({
  displayName: form.displayName ?? '',
  tenantId: (form.tenantId ?? '').trim(),
  ...(interval(form.syncIntervalMinutes) !== undefined
    ? { syncIntervalMinutes: interval(form.syncIntervalMinutes) }
    : {}),
  options: optionsOf(form),
});

export const updateBodyOf = (form: ConnectorFormBody) => ({
  displayName: form.displayName ?? '',
  ...(interval(form.syncIntervalMinutes) !== undefined
    ? { syncIntervalMinutes: interval(form.syncIntervalMinutes) }
    : {}),
  options: optionsOf(form),
});

const createCheck = compileBodyValidator(CreateConnectorBody as unknown as Record<string, unknown>);
const updateCheck = compileBodyValidator(UpdateConnectorBody as unknown as Record<string, unknown>);

type Checked<T> = { ok: true; body: T } | { ok: false; errors: Record<string, string> };

/** The API body when the API's schema accepts it, else what to fix per field. */
export function checkCreate(body: unknown): Checked<Static<typeof CreateConnectorBody>> {
  return createCheck(body)
    ? { ok: true, body: body as Static<typeof CreateConnectorBody> }
    : refused(createCheck.errors);
}

export function checkUpdate(body: unknown): Checked<Static<typeof UpdateConnectorBody>> {
  return updateCheck(body)
    ? { ok: true, body: body as Static<typeof UpdateConnectorBody> }
    : refused(updateCheck.errors);
}

const refused = (errors: ErrorObject[] | null | undefined) => ({
  ok: false as const,
  errors: fieldErrors(errors ?? []),
});

function fieldErrors(errors: ErrorObject[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors) {
    const name = error.instancePath.split('/').filter(Boolean).at(-1) ?? 'form';
    out[name] ??= FIELD_RULES[name] ?? `This value ${error.message ?? 'is not accepted'}.`;
  }
  return out;
}

/** The fields a refusal of the API's own rules (a 400 naming body.x or options.x) is about, with what to fix. */
export function fieldErrorsOfRefusal(message: string): Record<string, string> {
  const name = /^(?:body\.)?(?:options\.)?(\w+)/.exec(message)?.[1];
  if (!name || !(name in FIELD_RULES)) return {};
  const words = message.replace(/\b(?:body|options)\./g, '');
  return { [name]: name === 'tenantId' || name === 'displayName' ? FIELD_RULES[name]! : words };
}

/** The form's values for a stored connector (the edit form starts from them). */
export function valuesOf(connector: ConnectorRecord): ConnectorFormBody {
  const o = connector.options;
  return {
    displayName: connector.displayName,
    syncIntervalMinutes: String(o.syncIntervalMinutes),
    permissionSet: o.permissionSet,
    provisioning: o.provisioning,
    cloud: typeof o.cloud === 'string' ? o.cloud : '',
    ...Object.fromEntries(FLAGS.map((flag) => [flag, o[flag] ? 'on' : undefined])),
  };
}

function formText(
  id: string,
  name: keyof ConnectorFormBody,
  label: string,
  state: OptionsFormState,
  hint?: string,
): Html {
  const value = state.values[name] ?? '';
  return textField({ id, name, label, hint, error: state.errors[name], value, attributes: { class: 'wide' } });
}

function formSelect(
  id: string,
  name: keyof ConnectorFormBody,
  label: string,
  state: OptionsFormState,
  options: [string, string][],
  hint?: string,
): Html {
  return selectField({ id, name, label, hint, error: state.errors[name], value: state.values[name] ?? '', options });
}

const checkbox = (id: string, name: (typeof FLAGS)[number], label: string, state: OptionsFormState): Html =>
  html`<div class="field">
    <input type="checkbox" id="${id}" name="${name}" ${raw(state.values[name] === 'on' ? ' checked' : '')} />
    <label for="${id}">${label}</label>
  </div>`;

/** The option fields both forms share; `prefix` keeps ids unique on a page. */
function optionFields(prefix: string, state: OptionsFormState): Html {
  return html`${formText(`${prefix}-interval`, 'syncIntervalMinutes', 'Sync interval (minutes)', state, `${MIN_SYNC_INTERVAL} to ${MAX_SYNC_INTERVAL}; default 60. Delta syncs make short intervals cheap.`)}
  ${formSelect(`${prefix}-permission-set`, 'permissionSet', 'Permission set', state, [
    ['readOnly', 'Read only: sync only'],
    ['readWrite', 'Read and write: also grants and revokes just-in-time access'],
  ])}
  ${formSelect(`${prefix}-provisioning`, 'provisioning', 'Provisioning', state, [
    ['direct', 'Direct Graph writes (default)'],
    ['pim', 'PIM active assignments (read and write only; needs Entra ID P2)'],
  ])}
  ${formSelect(`${prefix}-cloud`, 'cloud', 'Cloud', state, [['', 'Server default'], ...NATIONAL_CLOUD_NAMES.map((name): [string, string] => [name, name])], 'Custom endpoints can be set through the API (PATCH /api/v1/connectors/{id}).')}
  ${checkbox(`${prefix}-sign-in`, 'includeSignInActivity', 'Read sign-in activity (needs Entra ID P1/P2)', state)}
  ${checkbox(`${prefix}-on-prem`, 'skipOnPremisesSyncedGroups', 'Skip groups mastered in on-premises AD', state)}
  ${checkbox(`${prefix}-unassigned`, 'skipAppsWithoutAssignments', 'Skip enterprise apps nobody is assigned to', state)}`;
}

export function optionsForm(
  path: string,
  csrfToken: string | null,
  connector: ConnectorRecord,
  state?: OptionsFormState,
): Html {
  const s = state ?? { values: valuesOf(connector), errors: {} };
  return html`<form method="post" action="${path}/options" class="card settings" novalidate>
    ${csrfField(csrfToken)}${problem(s.problem)} ${formText('edit-name', 'displayName', 'Name', s)}
    ${optionFields('edit', s)}
    <button type="submit">Save options</button>
  </form>`;
}

export function createForm(csrfToken: string | null, state: OptionsFormState): Html {
  return html`<form method="post" action="/admin/connectors/new" class="settings" novalidate>
    ${csrfField(csrfToken)}${problem(state.problem)} ${formText('new-name', 'displayName', 'Connector name', state)}
    ${formText('new-tenant', 'tenantId', 'Tenant', state, 'Tenant id (GUID) or a verified domain. Lantern checks it can read the tenant before it keeps the connector.')}
    ${optionFields('new', state)}
    <button type="submit">Create connector</button>
  </form>`;
}

export const emptyCreateState = (): OptionsFormState => ({
  values: { syncIntervalMinutes: '60', permissionSet: 'readOnly', provisioning: 'direct', cloud: '' },
  errors: {},
});

// What the Policies pages show: every connector's default and per-entitlement policies with a search to add one, and
// the edit form with each field of PUT .../access-policies/... (errors next to their field, what was typed kept).
import type { NamedEntitlement } from '../../catalog/access/policy-names.js';
import type { AccessPolicy } from '../../catalog/access/policies.js';
import type { ConnectorRecord } from '../../catalog/connectors.js';
import {
  csrfField,
  durationText,
  facts,
  notice,
  nothing,
  table,
  textAreaField,
  textField,
} from '../pages/components.js';
import { html, layout, raw, type Html, type Viewer } from '../pages/layout.js';
import { ON, type PolicyForm, type PolicyFormErrors, type PolicyFormField } from './policy-pages-form.js';
import { stageSummary, type StageSizes } from './policy-pages-summary.js';
import {
  breakGlassFieldset,
  checkboxControl,
  durationControl,
  eligibilityFieldset,
  stageFieldsets,
} from './policy-pages-v2-views.js';
import { DEFAULT_SEGMENT } from './policy-rules.js';

export const POLICY_NOTICES = { saved: 'The policy was saved.' } as const;

export interface ConnectorPolicies {
  connector: ConnectorRecord;
  policies: AccessPolicy[];
  /** Entitlement names by id, and people/group names by object id. */
  names: Map<string, string>;
  /** How many people each stage of each policy names, when that is known without a requester. */
  sizes: StageSizes;
  search?: { q: string; results: NamedEntitlement[] } | undefined;
}

export const policyPath = (connectorId: string, entitlementId: string | null) =>
  `/admin/policies/${encodeURIComponent(connectorId)}/${encodeURIComponent(entitlementId ?? DEFAULT_SEGMENT)}`;

function approversText(policy: AccessPolicy, names: Map<string, string>, sizes: StageSizes): string {
  if (!policy.approvalRequired) return 'No approval needed';
  if (policy.stages?.length) return stageSummary(policy, sizes);
  const { owners, manager, principalIds = [], groupId } = policy.approvers;
  const who = [
    owners ? 'owners' : '',
    manager ? 'manager' : '',
    ...principalIds.map((id) => names.get(id) ?? id),
    groupId ? `members of ${names.get(groupId) ?? groupId}` : '',
  ].filter(Boolean);
  return who.length > 0 ? `Approved by ${who.join(', ')}` : 'Approval required, but no approver named';
}

/** Eligibility, break-glass and session revocation in a few words ("—" when the policy sets none). */
function rulesText(policy: AccessPolicy, names: Map<string, string>): string {
  const { eligibility, breakGlass } = policy;
  const groups = (eligibility?.groupIds ?? []).map((id) => names.get(id) ?? id);
  const rules = [
    groups.length ? `Only members of ${groups.join(', ')}` : '',
    eligibility?.userTypes?.length ? `Only user type ${eligibility.userTypes.join(' or ')}` : '',
    breakGlass ? `Break-glass up to ${durationText(breakGlass.maxDurationSeconds)}` : '',
    policy.revokeSessions ? 'Ends sign-in sessions on removal' : '',
  ].filter(Boolean);
  return rules.length ? rules.join('; ') : '—';
}

function policyRow(policy: AccessPolicy, names: Map<string, string>, sizes: StageSizes): Html {
  const target =
    policy.entitlementId === null ? 'Connector default' : (names.get(policy.entitlementId) ?? policy.entitlementId);
  const label = policy.entitlementId === null ? 'the connector default' : target;
  return html`<tr>
    <th scope="row">${target}</th>
    <td>${durationText(policy.maxDurationSeconds)}</td>
    <td>${approversText(policy, names, sizes)}</td>
    <td>${durationText(policy.requestTimeoutSeconds)}</td>
    <td>${policy.allowGuests ? 'Yes' : 'No'}</td>
    <td>${rulesText(policy, names)}</td>
    <td>
      <a href="${policyPath(policy.connectorId, policy.entitlementId)}" aria-label="Edit the policy of ${label}"
        >Edit</a
      >
    </td>
  </tr>`;
}

function entitlementSearch(section: ConnectorPolicies, index: number): Html {
  const { connector, search } = section;
  const results = search
    ? search.results.length === 0
      ? html`<p role="status">No entitlement of ${connector.displayName} matches "${search.q}".</p>`
      : html`<ul class="policy-targets" aria-label="Entitlements matching ${search.q}">
          ${search.results.map(
            (e) =>
              html`<li>
                <a href="${policyPath(connector.id, e.id)}">${e.displayName}</a>
                ${e.resourceName ? html`<span class="hint">${e.resourceName}</span>` : nothing}
                ${e.immutable ? html`<span class="hint">(cannot be requested: managed outside Lantern)</span>` : nothing}
              </li>`,
          )}
        </ul>`
    : nothing;
  const id = `policy-search-${index}`;
  return html`<form method="get" action="/admin/policies" class="policy-search" role="search">
      <input type="hidden" name="connector" value="${connector.id}" />
      <div class="field">
        <label for="${id}">Find an entitlement of ${connector.displayName} to give a policy</label>
        <input id="${id}" name="q" type="search" maxlength="200" value="${search?.q ?? ''}" />
      </div>
      <button type="submit" class="secondary">Search</button>
    </form>
    ${results}`;
}

export function renderPolicyList(options: {
  viewer: Viewer;
  sections: ConnectorPolicies[];
  done?: keyof typeof POLICY_NOTICES | undefined;
}): string {
  const sections = options.sections.map(
    (section, index) =>
      html`<section aria-labelledby="connector-${index}">
        <h2 id="connector-${index}">
          ${section.connector.displayName} <span class="hint">(${section.connector.id})</span>
        </h2>
        ${
          section.policies.some((p) => p.entitlementId === null)
            ? nothing
            : html`<p>
                No default policy: entitlements without their own policy cannot be requested.
                <a href="${policyPath(section.connector.id, null)}">Set the connector default</a>
              </p>`
        }
        ${table({
          caption: `Access policies of ${section.connector.displayName}`,
          headers: ['Applies to', 'Maximum duration', 'Approvers', 'Request timeout', 'Guests', 'Rules', 'Change'],
          rows: section.policies.map((policy) => policyRow(policy, section.names, section.sizes)),
          empty: 'No policies yet.',
        })}
        ${entitlementSearch(section, index)}
      </section>`,
  );
  return layout({
    title: 'Policies',
    viewer: options.viewer,
    current: 'policies',
    body: html`${notice(options.done ? POLICY_NOTICES[options.done] : null)}
    ${options.sections.length === 0 ? html`<p>No connectors yet: connect a tenant first.</p>` : sections}`,
  });
}

export interface PolicyEditView {
  viewer: Viewer;
  connector: ConnectorRecord;
  /** null = the connector default. */
  entitlement: NamedEntitlement | null;
  /** Whether the entitlement (or default) has its own stored policy, or the form starts from another one. */
  stored: boolean;
  form: PolicyForm;
  errors?: PolicyFormErrors | undefined;
  mayEdit: boolean;
  blankStages?: number | undefined;
}

function durationField(
  view: PolicyEditView,
  name: 'maxDuration' | 'requestTimeout' | 'expiryWarning',
  label: string,
  hint: string,
): Html {
  const valueId = `${name}Value` as PolicyFormField;
  const unitId = `${name}Unit` as PolicyFormField;
  const { form, errors } = view;
  return durationControl({
    valueId,
    unitId,
    value: form[valueId],
    unit: form[unitId],
    label,
    hint,
    error: errors?.[valueId],
  });
}

const checkbox = (view: PolicyEditView, id: PolicyFormField, label: string): Html =>
  checkboxControl(id, view.form[id] === ON, label);

function policyText(view: PolicyEditView, id: PolicyFormField, label: string, hint: string, multiline = false): Html {
  const common = { id, name: id, label, hint, error: view.errors?.[id], value: view.form[id] };
  return multiline ? textAreaField({ ...common, rows: 3 }) : textField(common);
}

export function renderPolicyEdit(view: PolicyEditView): string {
  const { connector, entitlement } = view;
  const target = entitlement ? entitlement.displayName : 'Connector default';
  const action = policyPath(connector.id, entitlement?.id ?? null);
  const errorCount = Object.keys(view.errors ?? {}).length;
  const body = html`<p><a href="/admin/policies">Back to Policies</a></p>
    ${
      errorCount > 0
        ? html`<p class="problem" role="alert">
            Nothing was saved: ${view.errors?.form ?? 'fix the field marked below.'}
          </p>`
        : nothing
    }
    ${facts([
      ['Connector', `${connector.displayName} (${connector.id})`],
      [
        'Applies to',
        entitlement
          ? `${entitlement.displayName}${entitlement.resourceName ? ` · ${entitlement.resourceName}` : ''}`
          : 'Every entitlement without a policy of its own',
      ],
      ['Entitlement id', entitlement ? html`<code>${entitlement.id}</code>` : undefined],
      [
        'Stored',
        view.stored
          ? 'Yes'
          : entitlement
            ? 'Not yet: this entitlement follows the connector default, shown below as a start'
            : 'Not yet: entitlements without a policy cannot be requested',
      ],
    ])}
    ${view.mayEdit ? nothing : html`<p role="status">You can read this policy; only an admin can change it.</p>`}
    <form method="post" action="${action}" class="policy-form" novalidate>
      ${csrfField(view.viewer.csrfToken)}
      <fieldset${raw(view.mayEdit ? '' : ' disabled')}>
        <legend>Duration</legend>
        ${durationField(view, 'maxDuration', 'Maximum duration', 'The longest access anyone may ask for: 1 minute to 366 days.')}
        ${checkbox(view, 'extensionNeedsApproval', 'Extending needs approval again')}
        ${durationField(view, 'expiryWarning', 'Expiry warning', 'How long before access ends the person is warned by email (0 = no warning; empty = the connector default, else 15 minutes).')}
      </fieldset>
      <fieldset${raw(view.mayEdit ? '' : ' disabled')}>
        <legend>Approval</legend>
        ${checkbox(view, 'approvalRequired', 'Approval required')}
        ${checkbox(view, 'approverOwners', "The entitlement's owners approve")}
        ${checkbox(view, 'approverManager', "The person's manager approves")}
        ${policyText(view, 'approverPeople', 'Named approvers', 'One per line: UPN, display name or object id.', true)}
        ${policyText(view, 'approverGroup', 'Approver group', 'Members of this group approve: its name or object id.')}
        ${policyText(view, 'autoApproveGroup', 'Auto-approve group', 'Members of this group need no approval: its name or object id.')}
        ${durationField(view, 'requestTimeout', 'Request timeout', 'A request nobody decides within this time is denied: 1 second to 30 days.')}
      </fieldset>
      ${stageFieldsets(view)}
      <fieldset${raw(view.mayEdit ? '' : ' disabled')}>
        <legend>Who may receive it</legend>
        ${checkbox(view, 'allowGuests', 'Guests (Entra userType Guest) may receive this access')}
      </fieldset>
      ${eligibilityFieldset(view)} ${breakGlassFieldset(view)}
      ${view.mayEdit ? html`<button type="submit">Save policy</button>` : nothing}
    </form>`;
  return layout({ title: `Policy: ${target}`, viewer: view.viewer, current: 'policies', body });
}

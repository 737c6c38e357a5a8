// The policy form's v2 parts (api/access/policy-pages-views.ts composes them): one fieldset per approval stage plus a
// blank one to add a stage without script, who may request, break-glass, and ending sign-in sessions on removal.
// Every control is labelled and carries its error beside it after a refused save.
import { POLICY_V2_LIMITS } from '../../domain/access-policy.js';
import { describedBy, field, nothing, textAreaField, textField } from '../pages/components.js';
import { html, raw, type Html } from '../pages/layout.js';
import { ON, UNITS, type PolicyForm, type PolicyFormErrors } from './policy-pages-form.js';
import { BLANK_STAGE, stageFieldId, type StageField, type StageForm } from './policy-pages-stages.js';

/** What a fieldset needs: the form as typed, its errors, and whether the viewer may change it. */
export interface FormState {
  form: PolicyForm;
  errors?: PolicyFormErrors | undefined;
  mayEdit: boolean;
  /** Blank stages to offer after the typed ones: one, or two after "Add another stage". */
  blankStages?: number | undefined;
}

const open = (state: FormState) => raw(state.mayEdit ? '' : ' disabled');

export const checkboxControl = (id: string, checked: boolean, label: string): Html =>
  html`<div class="check">
    <input type="checkbox" id="${id}" name="${id}" value="${ON}" ${raw(checked ? ' checked' : '')} />
    <label for="${id}">${label}</label>
  </div>`;

export function unitSelect(id: string, value: string, label: string): Html {
  return html`<select name="${id}" id="${id}" aria-label="${label} unit">
    ${Object.keys(UNITS).map(
      (unit) => html`<option value="${unit}" ${raw(unit === value ? ' selected' : '')}>${unit}</option>`,
    )}
  </select>`;
}

/** A number and a unit (the number's id is `valueId`, the unit's `unitId`). */
export function durationControl(options: {
  valueId: string;
  unitId: string;
  value: string;
  unit: string;
  label: string;
  hint: string;
  error: string | undefined;
}): Html {
  const { valueId: id, error } = options;
  return field({
    id,
    label: options.label,
    hint: options.hint,
    error,
    control: html`<span class="duration-input"
      ><input
        type="text"
        id="${id}"
        name="${id}"
        inputmode="decimal"
        size="8"
        value="${options.value}"
        ${describedBy(id, true, error)}
      />
      ${unitSelect(options.unitId, options.unit, options.label)}</span
    >`,
  });
}

function stageFieldset(state: FormState, stage: StageForm, index: number): Html {
  const id = (name: StageField) => stageFieldId(index, name);
  const error = (name: StageField) => state.errors?.[id(name)];
  const text = (name: StageField, label: string, hint: string, multiline = false) => {
    const common = { id: id(name), name: id(name), label, hint, error: error(name), value: stage[name] };
    return multiline ? textAreaField({ ...common, rows: 2 }) : textField(common);
  };
  const approverSet = (prefix: '' | 'Fallback', who: string) =>
    html`${checkboxControl(id(`${prefix}Owners`), stage[`${prefix}Owners`] === ON, `${who}: the entitlement's owners`)}
    ${checkboxControl(id(`${prefix}Manager`), stage[`${prefix}Manager`] === ON, `${who}: the person's manager`)}
    ${text(`${prefix}People`, `${who}: named people`, 'One per line: UPN, display name or object id.', true)}
    ${text(`${prefix}Group`, `${who}: a group`, 'Its members approve: its name or object id.')}`;
  const onTimeout = id('OnTimeout');
  const blank = stage === BLANK_STAGE;
  return html`<fieldset${open(state)} class="stage">
    <legend>Stage ${index + 1}${blank ? ' (to add one, fill it in; left blank it is ignored)' : ''}</legend>
    ${text('Name', 'Stage name', 'Shown to approvers and requesters, e.g. "Manager" or "Owners".')}
    ${approverSet('', 'Approvers')}
    ${textField({
      id: id('Quorum'),
      name: id('Quorum'),
      label: 'Approvals needed',
      hint: `How many different approvers must approve (1 to ${POLICY_V2_LIMITS.maxQuorum}); one denial denies.`,
      error: error('Quorum'),
      value: stage.Quorum,
      attributes: { inputmode: 'numeric', size: 4 },
    })}
    ${durationControl({
      valueId: id('TimeoutValue'),
      unitId: id('TimeoutUnit'),
      value: stage.TimeoutValue,
      unit: stage.TimeoutUnit,
      label: 'Stage timeout',
      hint: 'How long the stage waits for its approvals: 1 minute to 30 days.',
      error: error('TimeoutValue'),
    })}
    ${field({
      id: onTimeout,
      label: 'When it times out',
      error: error('OnTimeout'),
      control: html`<select id="${onTimeout}" name="${onTimeout}" ${describedBy(onTimeout, false, error('OnTimeout'))}>
        <option value="deny" ${raw(stage.OnTimeout === 'escalate' ? '' : ' selected')}>Deny the request</option>
        <option value="escalate" ${raw(stage.OnTimeout === 'escalate' ? ' selected' : '')}>
          Escalate to the fallback approvers
        </option>
      </select>`,
    })}
    ${approverSet('Fallback', 'Fallback approvers')}
  </fieldset>`;
}

/** Every stage typed or stored, then one blank stage while the limit allows another. */
export function stageFieldsets(state: FormState): Html {
  const stages = state.form.stages;
  const room = state.mayEdit ? POLICY_V2_LIMITS.maxStages - stages.length : 0;
  const blank = Array.from({ length: Math.max(0, Math.min(room, state.blankStages ?? 1)) }, () => BLANK_STAGE);
  return html`<h2>Approval stages</h2>
    <p class="hint">
      Instead of the single step above, approval can run in stages, in order: each needs its number of different
      approvers, a person approves in one stage only, and one denial denies the request. With stages, leave the
      approvers above empty.
    </p>
    ${[...stages, ...blank].map((stage, index) => stageFieldset(state, stage, index))}
    ${
      room > blank.length
        ? html`<p>
            <button type="submit" name="addStage" value="1" class="secondary" formnovalidate>Add another stage</button>
            <span class="hint">Shows one more blank stage; nothing is saved until Save policy.</span>
          </p>`
        : nothing
    }`;
}

export function eligibilityFieldset(state: FormState): Html {
  const { form } = state;
  return html`<fieldset${open(state)}>
    <legend>Who may request it</legend>
    ${textAreaField({
      id: 'eligibilityGroups',
      name: 'eligibilityGroups',
      label: 'Only members of these groups',
      hint: 'One group per line (name or object id); empty = no group rule. Admins are not exempt.',
      error: state.errors?.eligibilityGroups,
      value: form.eligibilityGroups,
      rows: 2,
    })}
    ${checkboxControl('eligibilityMembers', form.eligibilityMembers === ON, 'Only user type Member')}
    ${checkboxControl('eligibilityGuests', form.eligibilityGuests === ON, 'Only user type Guest')}
    ${state.errors?.eligibilityMembers ? html`<p class="error">${state.errors.eligibilityMembers}</p>` : nothing}
    <p class="hint">Leave every box empty to let everyone in the tenant request it.</p>
  </fieldset>`;
}

export function breakGlassFieldset(state: FormState): Html {
  const { form, errors } = state;
  return html`<fieldset${open(state)}>
    <legend>Break-glass and removal</legend>
    ${checkboxControl('breakGlass', form.breakGlass === ON, 'Allow break-glass: a requester may self-approve with a reason')}
    <p class="hint">Access is added at once; approvers and admins are emailed, and a review of the grant follows.</p>
    ${durationControl({
      valueId: 'breakGlassMaxValue',
      unitId: 'breakGlassMaxUnit',
      value: form.breakGlassMaxValue,
      unit: form.breakGlassMaxUnit,
      label: 'Break-glass maximum duration',
      hint: '1 minute to 24 hours.',
      error: errors?.breakGlassMaxValue,
    })}
    ${durationControl({
      valueId: 'breakGlassReviewValue',
      unitId: 'breakGlassReviewUnit',
      value: form.breakGlassReviewValue,
      unit: form.breakGlassReviewUnit,
      label: 'Review within',
      hint: 'The review of a break-glass grant is due this long after it starts: 1 hour to 30 days.',
      error: errors?.breakGlassReviewValue,
    })}
    ${checkboxControl('revokeSessions', form.revokeSessions === ON, 'End the person’s sign-in sessions on removal')}
    <p class="hint">For directory roles and role-assignable groups: removal also revokes their refresh tokens.</p>
  </fieldset>`;
}

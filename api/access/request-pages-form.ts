// The request form of an entitlement's page, from what was posted to the ask requestAccess takes: the duration, the
// justification (break-glass: the mandatory reason), a ticket, an optional start time typed as the viewer's wall clock
// (converted with the zone viewer-zone.js posts; UTC without it) and break-glass. What to fix is named per field, both
// for the request schema (AccessAskSchema) and for the plan's rules (their 422 code says which field).
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { instantOfLocalTime, isKnownZone } from '../system/audit-pages-time.js';
import type { ApiError } from '../http/errors.js';
import { AccessAskSchema, type AccessAsk } from './request-access.js';
import type { RequestForm } from './request-pages-views.js';

const FormText = Type.Optional(Type.String({ maxLength: 10_000 }));
export const RequestFormBody = Type.Object(
  {
    durationSeconds: FormText,
    justification: FormText,
    ticket: FormText,
    startAt: Type.Optional(Type.String({ maxLength: 40 })),
    tz: Type.Optional(Type.String({ maxLength: 64 })),
    breakGlass: Type.Optional(Type.Literal('on')),
    _csrf: FormText,
  },
  { additionalProperties: false },
);

export type Typed = Omit<RequestForm, 'errors'>;
type Errors = RequestForm['errors'];

export function typedOf(body: Static<typeof RequestFormBody>): Typed {
  const tz = (body.tz ?? '').trim();
  return {
    durationSeconds: Number(body.durationSeconds ?? ''),
    justification: (body.justification ?? '').trim(),
    ticket: (body.ticket ?? '').trim(),
    startAt: (body.startAt ?? '').trim(),
    tz: tz && isKnownZone(tz) ? tz : '',
    breakGlass: body.breakGlass === 'on',
  };
}

/** The ask for requestAccess, or what to fix in the form (the schema's rules, and a start time that is no time). */
export function askOf(entitlementId: string, typed: Typed): { ask: AccessAsk } | { errors: Errors } {
  const startAt = typed.startAt ? instantOfLocalTime(typed.startAt, typed.tz || null) : null;
  const ask: Record<string, unknown> = {
    entitlementId,
    durationSeconds: typed.durationSeconds,
    justification: typed.justification,
    ...(typed.ticket ? { ticket: typed.ticket } : {}),
    ...(startAt ? { startAt: startAt.toISOString() } : {}),
    ...(typed.breakGlass ? { breakGlass: true } : {}),
  };
  // startAt is an ISO instant made here; the rest is checked against the API's schema (whose date-time format the
  // typebox checker has no implementation of).
  const { startAt: _made, ...checked } = ask;
  const errors = formErrors(checked);
  if (typed.startAt && !startAt) errors.startAt = 'Give a date and a time, e.g. 2026-12-24 09:00, or leave it empty.';
  return Object.keys(errors).length ? { errors } : { ask: ask as AccessAsk };
}

/** What to fix, per field, when the form breaks the request schema the API uses (AccessAskSchema). */
function formErrors(ask: Record<string, unknown>): Errors {
  const errors: Errors = {};
  for (const error of Value.Errors(AccessAskSchema, ask)) {
    const name = error.path.replace(/^\//, '');
    if (name === 'durationSeconds') errors.durationSeconds ??= 'Choose how long you need it from the list.';
    else if (name === 'justification')
      errors.justification ??= ask.justification
        ? 'Keep the justification under 2000 characters.'
        : 'Say why you need it: the approvers read this.';
    else if (name === 'ticket') errors.ticket ??= 'Keep the ticket under 200 characters.';
    else if (name === 'startAt') errors.startAt ??= 'Give a date and a time, or leave it empty.';
    else errors.form ??= 'This entitlement cannot be requested from this page.';
  }
  return errors;
}

/** Which field a rule of the plan (its 422 code) is about; the rest is about the form as a whole. */
const FIELD_OF_RULE: Record<string, keyof Errors> = {
  max_duration: 'durationSeconds',
  start_at: 'startAt',
  break_glass_reason: 'justification',
  break_glass_not_allowed: 'breakGlass',
};

export const errorsOfRefusal = (error: ApiError): Errors => ({
  [FIELD_OF_RULE[error.code] ?? 'form']: error.message,
});

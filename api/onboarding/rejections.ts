// The explanation page for each reason the onboarding workflow refuses an owner's step, with the way back to setup.
import type { RejectionType } from '../../workflows/onboarding/messages.js';
import type { UpdateOutcome } from '../../temporal/clients/onboarding.js';
import type { MessagePage, NextStep } from '../pages/message.js';

const TITLES: Record<RejectionType | 'Unknown', string> = {
  StepNotCurrent: 'This step is already done',
  StateReused: 'This sign-in was already used',
  StateExpired: 'This sign-in expired',
  NotGlobalAdministrator: 'A Global Administrator is needed',
  PersonalAccount: 'Use a work account',
  TenantMismatch: 'That is a different tenant',
  NotAnOwner: 'Not an owner of this connector',
  Unknown: 'The step could not be completed',
};

/** The way back to the setup page (a fresh signed link), under the label that fits what the owner does next. */
export const backToSetup = (setupUrl: string, label = 'Back to the setup page'): NextStep => ({
  href: setupUrl,
  label,
});

export function rejectionPage(outcome: Extract<UpdateOutcome, { ok: false }>, setupUrl: string): MessagePage {
  const retry = outcome.rejection === 'StepNotCurrent' ? 'See where the setup is' : 'Back to the setup page';
  return { title: TITLES[outcome.rejection], message: outcome.message, next: backToSetup(setupUrl, retry) };
}

// The explanation page for each reason the onboarding workflow refuses an owner's step.
import type { OutcomePage } from '../pages/outcome.js';
import type { RejectionType } from '../../workflows/onboarding/messages.js';
import type { UpdateOutcome } from './onboarding-gateway.js';

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

export function rejectionPage(outcome: Extract<UpdateOutcome, { ok: false }>, setupUrl: string): OutcomePage {
  const retry = outcome.rejection === 'StepNotCurrent' ? 'See where the setup is' : 'Back to the setup page';
  return { title: TITLES[outcome.rejection], message: outcome.message, setupUrl, retryLabel: retry };
}

// The OAuth callback, as a function from (query, browser cookie) to "redirect to the setup page" or "show this
// page". It checks the signed state and its browser binding, turns Microsoft's errors into explanations, verifies a
// sign-in (entra/oauth.ts) or reads the admin-consent answer, and sends the workflow the update with verified facts.
import { OwnerSignInError } from '../../entra/oauth.js';
import { setupLinkUrl } from '../../lib/links/setup.js';
import type { LinkClaims } from '../../lib/links/signer.js';
import type { OwnerStep, StepAttempt } from '../../workflows/onboarding/messages.js';
import type { MessagePage } from '../pages/message.js';
import type { Refusal } from '../pages/page.js';
import { bindingHash, signInSecrets } from './browser-binding.js';
import type { OnboardingDeps } from './deps.js';
import { backToSetup, rejectionPage } from './rejections.js';

export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
  admin_consent?: string | undefined;
  tenant?: string | undefined;
}

export type CallbackResult = { redirect: string } | Refusal;

const OWNER_STEPS: readonly string[] = ['awaiting_first_login', 'awaiting_admin_consent', 'awaiting_second_login'];

export function freshSetupUrl(deps: OnboardingDeps, connectorId: string, owner: string): string {
  const token = deps.links.sign({
    subject: connectorId,
    actor: owner,
    purpose: 'setup',
    expiresAtMs: Date.now() + deps.linkTtlSeconds * 1000,
  });
  return setupLinkUrl(deps.publicUrl, connectorId, token);
}

export async function completeCallback(
  deps: OnboardingDeps,
  query: CallbackQuery,
  binding: string | undefined,
): Promise<CallbackResult> {
  const check = deps.links.verify(query.state ?? '', { purpose: 'oauth-state' });
  if (!check.ok) {
    return {
      status: 400,
      title: 'This sign-in cannot be completed',
      message:
        check.reason === 'expired'
          ? 'The sign-in took too long. Go back to the setup page from your email and start the step again.'
          : 'The answer from Microsoft does not belong to a sign-in Lantern started. Start again from the setup page.',
    };
  }
  const claims = check.claims;
  const setupUrl = freshSetupUrl(deps, claims.subject, claims.actor);
  if (!binding || bindingHash(binding) !== claims.browser) {
    return {
      status: 400,
      title: 'Finish in the same browser',
      next: backToSetup(setupUrl),
      message: 'This sign-in was started in another browser (or its cookie was removed). Start the step again here.',
    };
  }
  if (query.error) return { status: 400, ...microsoftError(claims, query.error, query.error_description, setupUrl) };
  if (!OWNER_STEPS.includes(claims.step ?? ''))
    return { status: 400, title: 'This sign-in cannot be completed', message: 'Unknown step.' };
  const attempt: StepAttempt = {
    step: claims.step as OwnerStep,
    stateId: claims.id,
    expiresAtMs: claims.expiresAtMs,
    owner: claims.actor,
  };
  const outcome =
    attempt.step === 'awaiting_admin_consent'
      ? await answerConsent(deps, claims, attempt, query)
      : await answerSignIn(deps, claims, attempt, query, binding);
  if ('page' in outcome) return { status: 400, ...outcome.page, next: backToSetup(setupUrl, 'Try again') };
  if (!outcome.ok) return { status: 409, ...rejectionPage(outcome, setupUrl) };
  return { redirect: setupUrl };
}

type StepOutcome =
  Awaited<ReturnType<OnboardingDeps['temporal']['adminConsent']>> | { page: { title: string; message: string } };

async function answerConsent(
  deps: OnboardingDeps,
  claims: LinkClaims,
  attempt: StepAttempt,
  query: CallbackQuery,
): Promise<StepOutcome> {
  // `tenant` in the redirect can be forged (Microsoft says so): the workflow checks it against the first sign-in, and
  // the permission check after the second sign-in proves the consent with an app-only token.
  if (query.admin_consent !== 'True' || !query.tenant)
    return { page: { title: 'Consent was not granted', message: 'Microsoft did not confirm the admin consent.' } };
  return deps.temporal.adminConsent(claims.subject, { attempt, tenantId: query.tenant });
}

async function answerSignIn(
  deps: OnboardingDeps,
  claims: LinkClaims,
  attempt: StepAttempt,
  query: CallbackQuery,
  binding: string,
): Promise<StepOutcome> {
  if (!query.code || !deps.oauth)
    return { page: { title: 'Sign-in incomplete', message: 'Microsoft returned no authorization code.' } };
  const status = await deps.temporal.status(claims.subject);
  const tenant = attempt.step === 'awaiting_first_login' || !status?.tenantId ? 'organizations' : status.tenantId;
  try {
    const user = await deps.oauth.completeOwnerSignIn({
      tenant,
      code: query.code,
      secrets: signInSecrets(deps.links, binding, claims.id),
    });
    const send = attempt.step === 'awaiting_first_login' ? deps.temporal.firstSignIn : deps.temporal.secondSignIn;
    return await send(claims.subject, { attempt, user });
  } catch (error) {
    if (!(error instanceof OwnerSignInError)) throw error;
    return { page: { title: 'Sign-in could not be verified', message: error.message } };
  }
}

function microsoftError(
  claims: LinkClaims,
  error: string,
  description: string | undefined,
  setupUrl: string,
): MessagePage {
  const aadsts = /AADSTS\d+/.exec(description ?? '')?.[0];
  if (aadsts === 'AADSTS90094' || aadsts === 'AADSTS65001') {
    return {
      title: 'A Global Administrator is needed',
      next: backToSetup(setupUrl, 'Sign in with another account'),
      message: `That account cannot approve Lantern's access (${aadsts}). Sign in with an account that holds the Global Administrator role in the tenant.`,
    };
  }
  if (
    claims.step === 'awaiting_admin_consent' &&
    (aadsts === 'AADSTS65004' || error === 'access_denied' || error === 'consent_required')
  ) {
    return {
      title: 'Consent was declined',
      next: backToSetup(setupUrl, 'Try again'),
      message: `Lantern was not granted its permissions${aadsts ? ` (${aadsts})` : ''}. Nothing was changed in your tenant. To continue, grant consent as a Global Administrator.`,
    };
  }
  return {
    title: 'Microsoft reported a problem',
    next: backToSetup(setupUrl, 'Try again'),
    message: `Microsoft answered "${error}"${aadsts ? ` (${aadsts})` : ''}. Start the step again.`,
  };
}

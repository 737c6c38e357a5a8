// The OAuth callback, as a function from (query, browser cookie) to "redirect to the setup page" or "show this
// page". It checks the signed state and its browser binding, turns Microsoft's errors into explanations, verifies a
// sign-in (entra/oauth.ts) or reads the admin-consent answer, and sends the workflow the update with verified facts.
// A verified Global Administrator is remembered for this browser (signer-cookie.ts): the consent step records them.
import type { Kysely } from 'kysely';
import { auditConnector } from '../../catalog/connectors.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import { OwnerSignInError, type OwnerFacts } from '../../entra/oauth.js';
import { setupLinkUrl } from '../../lib/links/setup.js';
import type { LinkClaims } from '../../lib/links/signer.js';
import type { OwnerStep, StepAttempt } from '../../workflows/onboarding/messages.js';
import type { MessagePage } from '../pages/message.js';
import type { Refusal } from '../pages/page.js';
import { bindingHash, signInSecrets } from './browser-binding.js';
import type { OnboardingDeps } from './deps.js';
import { connectorGoverning } from './governed.js';
import { backToSetup, rejectionPage } from './rejections.js';
import type { SetupSigner } from './signer-cookie.js';

export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
  admin_consent?: string | undefined;
  tenant?: string | undefined;
}

/** `signer`: a Global Administrator this callback verified, for the browser's signer cookie. */
export type CallbackResult = { redirect: string; connectorId: string; signer?: SetupSigner | undefined } | Refusal;

export interface CallbackContext {
  db: Kysely<CatalogSchema>;
  /** The admin already verified in this browser for the connector (signer cookie), if any. */
  signerFor(connectorId: string): SetupSigner | null;
}

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
  context: CallbackContext,
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
    attempt.step === 'awaiting_admin_consent' && !query.code
      ? await answerConsent(deps, context, claims.subject, attempt, query)
      : await answerSignIn(deps, context, claims, attempt, query, binding);
  if ('page' in outcome)
    return { status: outcome.status ?? 400, next: backToSetup(setupUrl, outcome.retry), ...outcome.page };
  const connectorId = claims.subject;
  if ('identified' in outcome) return { redirect: setupUrl, connectorId, signer: outcome.identified };
  if (!outcome.ok) return { status: 409, ...rejectionPage(outcome, setupUrl) };
  return { redirect: setupUrl, connectorId, signer: outcome.signer };
}

type StepOutcome =
  | (Awaited<ReturnType<OnboardingDeps['temporal']['adminConsent']>> & { signer?: SetupSigner | undefined })
  | { identified: SetupSigner }
  | { page: { title: string; message: string }; status?: number; retry?: string };

const RETRY = 'Try again';
const ANOTHER_ACCOUNT = 'Sign in with another account';

async function answerConsent(
  deps: OnboardingDeps,
  { db, signerFor }: CallbackContext,
  connectorId: string,
  attempt: StepAttempt,
  query: CallbackQuery,
): Promise<StepOutcome> {
  // `tenant` in the redirect can be forged (Microsoft says so): the workflow checks it against the first sign-in, and
  // the permission check after the second sign-in proves the consent with an app-only token.
  if (query.admin_consent !== 'True' || !query.tenant)
    return { page: { title: 'Consent was not granted', message: 'Microsoft did not confirm the admin consent.' } };
  // Microsoft's answer names no person: the admin verified in this browser just before is who granted it.
  const signer = signerFor(connectorId);
  if (!signer || signer.tenantId !== query.tenant.toLowerCase())
    return {
      page: {
        title: 'Sign in before granting consent',
        message:
          'Lantern records which Global Administrator granted consent, and no administrator of this tenant is signed in to this setup in this browser. Sign in, then grant consent again.',
      },
      retry: 'Back to the setup page',
    };
  const grantedBy = { upn: signer.upn, objectId: signer.objectId };
  const outcome = await deps.temporal.adminConsent(connectorId, { attempt, tenantId: query.tenant, grantedBy });
  if (outcome.ok)
    await auditConnector(db, {
      actor: `entra:${signer.tenantId}/${signer.objectId}`,
      action: 'connector.consent_granted',
      connectorId,
      detail: { upn: signer.upn, objectId: signer.objectId, tenantId: signer.tenantId, owner: attempt.owner },
    });
  return outcome;
}

async function answerSignIn(
  deps: OnboardingDeps,
  { db }: CallbackContext,
  claims: LinkClaims,
  attempt: StepAttempt,
  query: CallbackQuery,
  binding: string,
): Promise<StepOutcome> {
  if (!query.code || !deps.oauth)
    return {
      page: { title: 'Sign-in incomplete', message: 'Microsoft returned no authorization code.' },
      retry: RETRY,
    };
  const status = await deps.temporal.status(claims.subject);
  const tenant = attempt.step === 'awaiting_first_login' || !status?.tenantId ? 'organizations' : status.tenantId;
  let user: OwnerFacts;
  try {
    user = await deps.oauth.completeOwnerSignIn({
      tenant,
      code: query.code,
      secrets: signInSecrets(deps.links, binding, claims.id),
    });
  } catch (error) {
    if (!(error instanceof OwnerSignInError)) throw error;
    return { page: { title: 'Sign-in could not be verified', message: error.message }, retry: RETRY };
  }
  const signer = user.isGlobalAdmin ? { upn: user.upn, objectId: user.objectId, tenantId: user.tenantId } : undefined;
  if (attempt.step === 'awaiting_admin_consent') return identified(user, status?.tenantId ?? null, signer);
  if (attempt.step === 'awaiting_first_login') {
    const other = await connectorGoverning(db, user.tenantId, claims.subject);
    if (other)
      return {
        status: 409,
        retry: ANOTHER_ACCOUNT,
        page: {
          title: 'This tenant is already connected',
          message: `${tenantLabel(user)} is already governed by the Lantern connector "${other.displayName}" (${other.id}). A tenant can have only one connector: sign in with an account of another tenant, or ask a Lantern administrator to cancel this setup.`,
        },
      };
  }
  const send = attempt.step === 'awaiting_first_login' ? deps.temporal.firstSignIn : deps.temporal.secondSignIn;
  const outcome = await send(claims.subject, { attempt, user });
  return outcome.ok ? { ...outcome, signer } : outcome;
}

/** A sign-in at the consent step only says who is about to consent: nothing is sent to the workflow. */
function identified(user: OwnerFacts, tenantId: string | null, signer: SetupSigner | undefined): StepOutcome {
  if (tenantId && user.tenantId.toLowerCase() !== tenantId.toLowerCase())
    return {
      status: 409,
      retry: ANOTHER_ACCOUNT,
      page: {
        title: 'That is a different tenant',
        message: `${user.upn} belongs to ${tenantLabel(user)}, not to the tenant the first sign-in chose (${tenantId}).`,
      },
    };
  if (!signer)
    return {
      status: 409,
      retry: ANOTHER_ACCOUNT,
      page: {
        title: 'A Global Administrator is needed',
        message: `${user.upn} is not a Global Administrator of the tenant. Sign in with an account that holds that role.`,
      },
    };
  return { identified: signer };
}

const tenantLabel = (user: Pick<OwnerFacts, 'tenantId' | 'tenantName' | 'tenantDomain'>): string =>
  user.tenantName ? `${user.tenantName} (${user.tenantDomain ?? user.tenantId})` : `Tenant ${user.tenantId}`;

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
      next: backToSetup(setupUrl, ANOTHER_ACCOUNT),
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

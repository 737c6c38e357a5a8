// The POST side of the pages: the sign-in form (loginfmt/passwd) and the consent form (Accept/Cancel). Each carries
// the pending flow id in `ctx`, as Microsoft's pages do, and resumes the authorize or admin-consent flow.
import { randomUUID } from 'node:crypto';
import type { SimulatorContext } from '../context.js';
import { resolveTenantSegment } from './authority.js';
import { continueAdminConsent, decideAdminConsent } from './admin-consent.js';
import { authorizeError, continueAuthorize, issueCode, sessionFits } from './authorize.js';
import { findApp } from './client-auth.js';
import { grantDelegatedConsent } from './consent-grant.js';
import { IdentityError, identityErrors } from './errors.js';
import { canGrantAdminConsent } from './grants.js';
import { ErrorPage, page, type InteractiveResult } from './outcome.js';
import { signInPage } from './pages.js';
import { authenticateUser } from './sign-in.js';
import type { IdentityState, PendingFlow, Session } from './state.js';

export function submitSignIn(
  ctx: SimulatorContext,
  state: IdentityState,
  form: Record<string, string>,
  current: Session | undefined,
): InteractiveResult {
  const flow = takeFlow(state, form.ctx);
  const app = findApp(ctx.store, flow.clientId);
  if (!app) throw new ErrorPage(identityErrors.staleFlow());
  if (form.useSession === '1') return continueAsSignedIn(ctx, state, flow, current);
  const upn = (form.loginfmt ?? '').trim();
  try {
    const { tenant, user } = authenticateUser(
      ctx,
      resolveTenantSegment(ctx, flow.segment),
      app,
      upn,
      form.passwd ?? '',
    );
    const session: Session = {
      tenantId: tenant.id,
      userId: user.id,
      sessionState: randomUUID(),
      startedAtMs: ctx.store.clock.now(),
    };
    const sessionId = state.startSession(session);
    const result =
      flow.kind === 'authorize'
        ? continueAuthorize(ctx, state, flow, session)
        : continueAdminConsent(ctx, state, flow, session);
    return { ...result, session: sessionId };
  } catch (err) {
    if (!(err instanceof IdentityError)) throw err;
    // Microsoft re-shows the form with the message; the flow stays usable for another attempt.
    const flowId = state.startFlow(flow);
    return page(
      signInPage({
        action: `/${flow.segment}/login`,
        flowId,
        loginHint: upn,
        error: `AADSTS${err.aadsts}: ${err.description}`,
      }),
    );
  }
}

/** "Continue as …" on the account picker: the SSO session's account, if it still fits the flow's authority. */
function continueAsSignedIn(
  ctx: SimulatorContext,
  state: IdentityState,
  flow: PendingFlow,
  session: Session | undefined,
): InteractiveResult {
  if (
    flow.kind !== 'authorize' ||
    !session ||
    !sessionFits(session, resolveTenantSegment(ctx, flow.segment), undefined, ctx)
  )
    throw new ErrorPage(identityErrors.staleFlow());
  return continueAuthorize(ctx, state, flow, session);
}

export function submitConsent(
  ctx: SimulatorContext,
  state: IdentityState,
  form: Record<string, string>,
  session: Session | undefined,
): InteractiveResult {
  const flow = takeFlow(state, form.ctx);
  const consent = flow.consent;
  // The decision must come from the browser session that was shown the page.
  if (!consent || !session || session.userId !== consent.userId || session.tenantId !== consent.tenantId) {
    throw new ErrorPage(identityErrors.staleFlow());
  }
  const accepted = form.decision === 'accept';
  if (flow.kind === 'adminconsent') return decideAdminConsent(ctx, flow, accepted);
  if (!accepted) return authorizeError(ctx, flow, identityErrors.userDeniedConsent());
  const tenant = ctx.store.tenant(consent.tenantId);
  const app = findApp(ctx.store, flow.clientId);
  if (!tenant || !app) throw new ErrorPage(identityErrors.staleFlow());
  const forOrganization = form.onBehalfOfOrganization === 'true' && canGrantAdminConsent(tenant, consent.userId);
  grantDelegatedConsent(tenant, {
    app,
    scopes: consent.scopes,
    consentType: forOrganization ? 'AllPrincipals' : 'Principal',
    principalId: consent.userId,
  });
  return issueCode(ctx, state, flow, tenant, consent.userId, session);
}

/** Flows are single-use: a resubmitted or forged form gets the stale-flow error page. */
function takeFlow(state: IdentityState, id: string | undefined): PendingFlow {
  const flow = id ? state.flows.get(id) : undefined;
  if (!flow) throw new ErrorPage(identityErrors.staleFlow());
  state.flows.delete(id!);
  return flow;
}

// All activities the worker registers, built from their factories. Later capabilities add their factory here.
import { createConnectorActivities, type ConnectorActivityDeps } from './connectors/index.js';
import { createOnboardingActivities, type OnboardingActivityDeps } from './onboarding/index.js';
import { createSystemActivities, type SystemActivityDeps } from './system.js';
import { syncActivityDeps } from './sync/wiring.js';
import { createSyncActivities } from './sync/index.js';
import { createAccessActivities } from './access/index.js';
import type { AdminDirectoryConfig } from './access/break-glass.js';
import { createReconcileActivities } from './access/reconcile.js';
import { createApprovalLinks } from '../lib/links/access.js';
import { createShadowAppActivities } from './shadow-apps/index.js';
import { createReviewActivities } from './reviews/index.js';
import { createReviewLinks } from '../lib/links/review.js';

export type ActivityDeps = SystemActivityDeps &
  ConnectorActivityDeps &
  OnboardingActivityDeps & {
    /** Admin groups and home tenant (config auth): break-glass notices and reviews go to the admins they name. */
    adminDirectory?: AdminDirectoryConfig | undefined;
  };

export function createActivities(deps: ActivityDeps) {
  // One TenantGraph for sync and access, so both share each tenant's request budget.
  const graphDeps = syncActivityDeps(deps);
  return {
    ...createSystemActivities(deps),
    ...createConnectorActivities(deps),
    ...createOnboardingActivities(deps),
    ...createSyncActivities(graphDeps),
    // Approval emails go out with the onboarding mailer; their links are signed with a key derived from its signer.
    ...createAccessActivities({
      ...graphDeps,
      approvalEmails: deps.email
        ? { mailer: deps.email.mailer, links: createApprovalLinks(deps.email.links), publicUrl: deps.email.publicUrl }
        : undefined,
      adminDirectory: deps.adminDirectory,
    }),
    ...createReconcileActivities(graphDeps),
    ...createShadowAppActivities(graphDeps),
    // Access reviews: the same graph deps (removals share the tenant's request budget), reviewers' links own key.
    ...createReviewActivities({
      ...graphDeps,
      reviewEmails: deps.email
        ? { mailer: deps.email.mailer, links: createReviewLinks(deps.email.links), publicUrl: deps.email.publicUrl }
        : undefined,
    }),
  };
}

export type LanternActivities = ReturnType<typeof createActivities>;

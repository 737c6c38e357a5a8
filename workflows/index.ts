// Every workflow the worker serves. The worker bundles this file; add new capabilities here.
export { catalogSelfCheck } from './self-check.js';
export { verifyConnector } from './connectors/verify-connector.js';
export { syncTenant } from './sync/sync-tenant.js';
export { onboardConnector } from './onboarding/onboard-connector.js';
export { accessGrant } from './access/access-grant.js';
export { revokeAppConsents } from './shadow-apps/revoke-app-consents.js';
export { reviewCampaign } from './reviews/review-campaign.js';
export { reviewOccurrence } from './reviews/review-occurrence.js';

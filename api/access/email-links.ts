// The pages Lantern's access emails link to: an approver's approve/deny page and a requester's one-click extension.
// Public by decision: the signed, scoped, expiring link is the credential (lib/links/access.ts). Forged links are
// 403, expired 410, and what can no longer be decided or extended 409.
// New approval emails link to the approver's inbox item (/approvals/<grantId>, person-pages.ts) instead; the signed
// approval route stays because links mailed before that keep working until they expire with their request (at most
// the policy's request timeout). Once no such link can be unexpired it can go. Extension links are still mailed.
import formBody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { installPageHeaders } from '../pages/page.js';
import { approvalRoutes } from './approval-routes.js';
import { extensionRoutes } from './extension-routes.js';
import type { EmailLinkDeps } from './link-pages.js';

export const accessEmailLinkRoutes: FastifyPluginAsyncTypebox<{ deps: EmailLinkDeps }> = async (app, { deps }) => {
  await app.register(formBody);
  installPageHeaders(app);
  await app.register(approvalRoutes, { deps });
  await app.register(extensionRoutes, { deps });
};

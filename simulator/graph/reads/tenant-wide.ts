// Tenant-wide reads: oauth2PermissionGrants (admin and per-user consent), auditLogs/signIns (premium only, newest
// first, 1,000 per page) and organization.
import type { SimulatorContext } from '../../context.js';
import { graphErrors } from '../errors.js';
import { listCollection, listLogEntries } from '../query/collection.js';
import { sortedIds } from '../query/id-index.js';
import { project, schemaOf } from '../query/schema.js';
import { graphRoute } from '../route.js';
import { entityResponse, grantODataId } from './common.js';

const GRANTS = schemaOf('oAuth2PermissionGrant');
const SIGN_INS = schemaOf('signIn');
const ORGANIZATION = schemaOf('organization');
const GRANT_READ = [['Directory.Read.All', 'DelegatedPermissionGrant.ReadWrite.All']];
const SIGN_IN_READ = ['AuditLog.Read.All', 'Directory.Read.All'];

export function registerTenantWideReads(ctx: SimulatorContext): void {
  graphRoute(ctx, {
    method: 'GET',
    url: 'oauth2PermissionGrants',
    permissions: GRANT_READ,
    handler: (req) =>
      listCollection({
        req,
        schema: GRANTS,
        context: 'oauth2PermissionGrants',
        ids: sortedIds(req.tenant, 'oauth2PermissionGrants', req.tenant.oauth2PermissionGrants),
        order: 'sorted',
        load: (id) => req.tenant.oauth2PermissionGrants.get(id),
        rules: { collection: true },
        render: (r, o) => ({ ...grantODataId(req, (r as { id: string }).id), ...project(r, GRANTS, o.select) }),
      }),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'oauth2PermissionGrants/{id}',
    permissions: GRANT_READ,
    handler: (req) => {
      const grant = req.tenant.oauth2PermissionGrants.get(req.params.id!);
      if (!grant) throw graphErrors.notFound(req.params.id!);
      return entityResponse(req, GRANTS, 'oauth2PermissionGrants', grant);
    },
  });

  graphRoute(ctx, {
    method: 'GET',
    url: 'auditLogs/signIns',
    permissions: SIGN_IN_READ,
    handler: (req) => {
      if (req.tenant.info.licence === 'free') throw graphErrors.premiumRequired();
      return listLogEntries(req, SIGN_INS, 'auditLogs/signIns', req.tenant.signIns);
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'auditLogs/signIns/{id}',
    permissions: SIGN_IN_READ,
    handler: (req) => {
      if (req.tenant.info.licence === 'free') throw graphErrors.premiumRequired();
      const signIn = req.tenant.signIns.find((s) => s.id === req.params.id);
      if (!signIn) throw graphErrors.notFound(req.params.id!);
      return entityResponse(req, SIGN_INS, 'auditLogs/signIns', signIn);
    },
  });

  graphRoute(ctx, {
    method: 'GET',
    url: 'organization',
    permissions: ['Organization.Read.All'],
    handler: (req) =>
      listCollection({
        req,
        schema: ORGANIZATION,
        context: 'organization',
        ids: [req.tenant.organization.id],
        order: 'sorted',
        load: () => req.tenant.organization,
        rules: { collection: true },
      }),
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'organization/{id}',
    permissions: ['Organization.Read.All'],
    handler: (req) => {
      if (req.params.id!.toLowerCase() !== req.tenant.organization.id.toLowerCase())
        throw graphErrors.notFound(req.params.id!);
      return entityResponse(req, ORGANIZATION, 'organization', req.tenant.organization);
    },
  });
}

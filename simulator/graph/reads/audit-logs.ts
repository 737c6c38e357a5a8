// GET /auditLogs/directoryAudits: the directory changes the simulator applied after generation (Graph writes, the
// control API, PIM expiry, dynamic membership), newest first, with $filter on activityDateTime,
// initiatedBy/user/id, initiatedBy/app/appId, category, activityDisplayName and targetResources/any(t:t/id eq '…').
// Unlike sign-ins, directory audits need no premium licence (directoryaudit-list.md).
import type { SimulatorContext } from '../../context.js';
import { graphErrors } from '../errors.js';
import { listLogEntries } from '../query/collection.js';
import type { GraphType, TypeSchema } from '../query/schema.js';
import { graphRoute } from '../route.js';
import { entityResponse } from './common.js';

const AUDIT_PROPERTIES = [
  'id',
  'activityDateTime',
  'activityDisplayName',
  'additionalDetails',
  'category',
  'correlationId',
  'initiatedBy',
  'loggedByService',
  'operationType',
  'result',
  'resultReason',
  'targetResources',
];

/** directoryAudit is not in the published type map the other schemas come from; its properties are documented. */
const DIRECTORY_AUDIT: TypeSchema = {
  name: 'directoryAudit' as GraphType,
  properties: new Set(AUDIT_PROPERTIES),
  canonical: new Map(AUDIT_PROPERTIES.map((p) => [p.toLowerCase(), p])),
  navigation: new Set(),
  selectOnly: new Set(),
};

const AUDIT_READ = ['AuditLog.Read.All'];

export function registerAuditLogReads(ctx: SimulatorContext): void {
  graphRoute(ctx, {
    method: 'GET',
    url: 'auditLogs/directoryAudits',
    permissions: AUDIT_READ,
    handler: (req) => {
      // Newest first, as Graph lists them.
      return listLogEntries(
        req,
        DIRECTORY_AUDIT,
        'auditLogs/directoryAudits',
        [...req.tenant.directoryAudits].reverse(),
      );
    },
  });
  graphRoute(ctx, {
    method: 'GET',
    url: 'auditLogs/directoryAudits/{id}',
    permissions: AUDIT_READ,
    handler: (req) => {
      const audit = req.tenant.directoryAudits.find((a) => a.id === req.params.id);
      if (!audit) throw graphErrors.notFound(req.params.id!);
      return entityResponse(req, DIRECTORY_AUDIT, 'auditLogs/directoryAudits', audit);
    },
  });
}

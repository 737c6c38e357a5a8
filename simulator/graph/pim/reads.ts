// Reading back PIM schedule requests (list and by id). Small collections, served without paging or query options.
import type { SimulatorContext } from '../../context.js';
import { graphErrors } from '../errors.js';
import { graphRoute, type GraphRequest, type GraphResponse } from '../route.js';
import { requirePremiumP2 } from './request-common.js';
import { pimState } from './schedules.js';

const COLLECTIONS = [
  {
    kind: 'role',
    url: 'roleManagement/directory/roleAssignmentScheduleRequests',
    read: [
      'RoleAssignmentSchedule.Read.Directory',
      'RoleAssignmentSchedule.ReadWrite.Directory',
      'RoleManagement.Read.Directory',
      'RoleManagement.ReadWrite.Directory',
    ],
  },
  {
    kind: 'group',
    url: 'identityGovernance/privilegedAccess/group/assignmentScheduleRequests',
    read: ['PrivilegedAssignmentSchedule.Read.AzureADGroup', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup'],
  },
] as const;

function requestsOf(req: GraphRequest, kind: string): Record<string, unknown>[] {
  requirePremiumP2(req.tenant);
  return [...pimState(req.tenant).requests.values()]
    .filter((r) => r.kind === kind)
    .map(({ kind: _kind, ...rest }) => rest);
}

export function registerPimReads(ctx: SimulatorContext): void {
  for (const { kind, url, read } of COLLECTIONS) {
    // graphBaseUrl is known only once the server listens, so the context is built per request.
    const base = () => `${ctx.graphBaseUrl.replace(/\/?$/, '/')}v1.0/$metadata#${url}`;
    graphRoute(ctx, {
      method: 'GET',
      url,
      permissions: [read],
      handler: (req): GraphResponse => ({
        body: { '@odata.context': base(), value: requestsOf(req, kind) },
      }),
    });
    graphRoute(ctx, {
      method: 'GET',
      url: `${url}/{id}`,
      permissions: [read],
      handler: (req): GraphResponse => {
        const id = Object.values(req.params)[0] ?? '';
        const found = requestsOf(req, kind).find((r) => r.id === id);
        if (!found) throw graphErrors.notFound(id);
        return { body: { '@odata.context': `${base()}/$entity`, ...found } };
      },
    });
  }
}

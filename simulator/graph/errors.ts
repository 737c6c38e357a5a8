// Every Graph error the simulator returns is built here, with Microsoft's code and text, so a test that matches on
// an error body matches what production code will see from Microsoft.

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra innerError fields (429 carries code/status/message there). */
    readonly inner: Record<string, string> = {},
  ) {
    super(message);
  }
}

const notFoundText = (id: string) =>
  `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;

export const graphErrors = {
  notFound: (id: string) => new GraphError(404, 'Request_ResourceNotFound', notFoundText(id)),
  forbidden: () =>
    new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  emptyToken: () => new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'),
  expiredToken: () =>
    new GraphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
  invalidToken: () =>
    new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.'),
  badRequest: (message: string) => new GraphError(400, 'Request_BadRequest', message),
  invalidRequest: (message: string) => new GraphError(400, 'invalidRequest', message),
  unsupportedQuery: (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message),
  invalidPageSize: (top: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
    ),
  needsAdvancedQuery: (operator: string) =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      `Operator '${operator}' is not supported because the required parameters might be missing. Try adding $count with a value of true and ConsistencyLevel header with a value of eventual.`,
    ),
  alreadyExists: (property: 'members' | 'owners') =>
    new GraphError(
      400,
      'Request_BadRequest',
      `One or more added object references already exist for the following modified properties: '${property}'.`,
    ),
  referenceMissing: (property: 'members' | 'owners') =>
    new GraphError(
      400,
      'Request_BadRequest',
      `One or more removed object references do not exist for the following modified properties: '${property}'.`,
    ),
  lastOwner: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'The group must have at least one owner, hence this owner cannot be removed.',
    ),
  onPremisesMastered: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
    ),
  dynamicMembership: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'Insufficient privileges to complete the operation. Members of a group with dynamic membership cannot be added or removed.',
    ),
  exchangeMastered: () =>
    new GraphError(400, 'Request_BadRequest', 'Cannot Update a mail-enabled security groups and or distribution list.'),
  appRoleAssignmentExists: () =>
    new GraphError(400, 'Request_BadRequest', 'Permission being assigned already exists on the object'),
  methodNotAllowed: () =>
    new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
  notImplemented: () => new GraphError(501, 'NotImplemented', 'This operation target is not yet supported.'),
  premiumRequired: () =>
    new GraphError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    ),
  resyncRequired: (location: string) =>
    new GraphError(
      410,
      'resyncRequired',
      'Resync required. Replace any local cached data with a full synchronization, using the Location header.',
      { Location: location },
    ),
  throttled: (retryAfterSeconds: number, headers: Record<string, string>) =>
    new GraphError(
      429,
      'TooManyRequests',
      'Please retry again later.',
      { 'Retry-After': String(retryAfterSeconds), ...headers },
      { code: '429', message: 'Please retry after', status: '429' },
    ),
  // ---- reads / query options; texts marked UNVERIFIED are listed in simulator/README.md ----
  // Graph's OData layer answers an unknown path segment before the directory sees it, hence `BadRequest`.
  unknownSegment: (segment: string) =>
    new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  invalidJson: () =>
    new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    ),
  unknownProperty: (property: string, type: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `Could not find a property named '${property}' on type 'microsoft.graph.${type}'.`,
    ),
  invalidFilter: () => new GraphError(400, 'Request_BadRequest', 'Invalid filter clause'),
  relationFilterNeedsAdvancedQuery: () =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      'The specified filter to the reference property query is currently not supported.',
    ),
  searchNeedsEventual: () =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    ),
  countNeedsEventual: () => new GraphError(400, 'Request_BadRequest', '$count is not currently supported.'),
  sortNeedsAdvancedQuery: () =>
    new GraphError(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.'),
  skipNotSupported: () => new GraphError(400, 'Request_BadRequest', "'$skip' is not supported by the service."),
  invalidSkipToken: () => new GraphError(400, 'Request_BadRequest', 'Invalid skip token.'),
  invalidDeltaToken: () => new GraphError(400, 'Request_BadRequest', 'Invalid delta token.'),
  unsupportedQueryOption: (option: string) =>
    new GraphError(400, 'Request_UnsupportedQuery', `The query option '${option}' is not supported for this request.`),
  invalidExpand: (item: string) => new GraphError(400, 'BadRequest', `Invalid $expand clause '${item}'.`),
  tooManyExpands: () =>
    new GraphError(400, 'Request_BadRequest', 'Only one navigation property can be expanded at a time.'),
  meNeedsDelegated: () =>
    new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.'),
  tooManyDeltaIds: () =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      'The number of ids in the $filter of a delta query cannot exceed 50.',
    ),
  // ---- writes, PIM, $batch; texts marked UNVERIFIED in simulator/README.md ----
  invalidObjectId: (id: string) => new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`),
  // Seen with code BadRequest (microsoftgraph/microsoft-graph-docs-contrib#4794), unlike most directory write errors.
  invalidReference: (property: string) =>
    new GraphError(400, 'BadRequest', `Invalid URL format specified in @odata.bind for ${property}`),
  unsupportedReference: (property: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `Unsupported referenced-object resource identifier for link property '${property}'.`,
    ),
  tooManyReferences: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'The request contains more than 20 object references. Add at most 20 members or owners per request.',
    ),
  missingProperty: (property: string) =>
    new GraphError(400, 'Request_BadRequest', `The property '${property}' is required.`),
  unknownAppRole: (appId: string) =>
    new GraphError(400, 'Request_BadRequest', `Permission being assigned was not found on application '${appId}'.`),
  conflictingObject: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'A conflicting object with one or more of the specified property values is present in the directory.',
    ),
  pimLicenceRequired: () =>
    new GraphError(
      400,
      'AadPremiumLicenseRequired',
      'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
    ),
  pimInvalidRequest: (message: string) => new GraphError(400, 'InvalidRequest', message),
  roleAssignmentExists: () => new GraphError(400, 'RoleAssignmentExists', 'The Role assignment already exists.'),
  roleAssignmentDoesNotExist: () =>
    new GraphError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.'),
  batchInvalid: (message: string) => new GraphError(400, 'BadRequest', message),
  batchTooLarge: () => new GraphError(400, 'BadRequest', 'The number of requests in a batch request cannot exceed 20.'),
  batchDuplicateIds: () =>
    new GraphError(400, 'BadRequest', 'Batch request contains duplicate request ids. Each request id must be unique.'),
  failedDependency: () =>
    new GraphError(424, 'FailedDependency', 'The request failed because it depended on a request that failed.'),
  serviceUnavailable: (status: 500 | 503 | 504) =>
    new GraphError(
      status,
      status === 500 ? 'generalException' : status === 503 ? 'serviceNotAvailable' : 'gatewayTimeout',
      status === 500
        ? 'General exception while processing.'
        : status === 503
          ? 'Service is temporarily unavailable. Please retry.'
          : 'The gateway did not receive a response in time.',
    ),
};

/** The error envelope every non-2xx Graph response carries. */
export function graphErrorBody(err: GraphError, requestId: string, clientRequestId: string, now: Date): unknown {
  return {
    error: {
      code: err.code,
      message: err.message,
      innerError: {
        ...err.inner,
        date: now.toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': clientRequestId,
      },
    },
  };
}

// A connector's options as every layer speaks of them: which cloud, which permission set, how access is provisioned.
// The catalog stores them, the API validates them, verification and onboarding workflows carry them.

export const PERMISSION_SET_NAMES = ['readOnly', 'readWrite'] as const;
export type PermissionSetName = (typeof PERMISSION_SET_NAMES)[number];

/** How a readWrite connector provisions just-in-time access: direct Graph writes, or PIM schedule requests (P2). */
export const PROVISIONING_MODES = ['direct', 'pim'] as const;
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number];

export const NATIONAL_CLOUD_NAMES = ['global', 'usGov', 'usGovDoD', 'china'] as const;
export type NationalCloudName = (typeof NATIONAL_CLOUD_NAMES)[number];

/** Where a tenant's identity platform and Graph live; the three values always move together (see entra/cloud.ts). */
export interface CloudEndpoints {
  /** Identity platform host, e.g. https://login.microsoftonline.com (no trailing slash, no tenant). */
  authorityHost: string;
  /** Graph service root, e.g. https://graph.microsoft.com/ (requests go to `${graphBaseUrl}v1.0/...`). */
  graphBaseUrl: string;
  /** The `.default` scope that asks for Graph application permissions. */
  graphScope: string;
}

/** A national cloud by name, custom endpoints, or null = the worker's configured default cloud (LANTERN_ENTRA_CLOUD). */
export type ConnectorCloud = NationalCloudName | CloudEndpoints | null;

/** What the sync reads besides the tenant. */
export interface SyncOptions {
  skipOnPremisesSyncedGroups: boolean;
  includeSignInActivity: boolean;
  skipAppsWithoutAssignments: boolean;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  skipOnPremisesSyncedGroups: false,
  includeSignInActivity: false,
  skipAppsWithoutAssignments: false,
};

/** The options stored with a connector; readers always get them with defaults filled in. */
export interface ConnectorOptions extends SyncOptions {
  syncIntervalMinutes: number;
  permissionSet: PermissionSetName;
  cloud: ConnectorCloud;
  /** How just-in-time access is provisioned (readWrite only). */
  provisioning: ProvisioningMode;
}

export const DEFAULT_CONNECTOR_OPTIONS: ConnectorOptions = {
  syncIntervalMinutes: 60,
  permissionSet: 'readOnly',
  ...DEFAULT_SYNC_OPTIONS,
  cloud: null,
  provisioning: 'direct',
};

/**
 * A connector as activities see it, read from the catalog at the start of each activity (never carried through
 * history): its tenant, its cloud resolved against the worker's default, and the options the sync and access read.
 */
export interface ResolvedConnector {
  id: string;
  tenantId: string;
  cloud: CloudEndpoints;
  /** `provisioning` is read by the access activities; absent = direct (tests and benches that only sync). */
  options: SyncOptions & { provisioning?: ProvisioningMode | undefined };
}

// Graph clients per tenant for the worker's activities. Tokens come from Lantern's app credentials (server
// configuration); each tenant gets one request budget shared by every activity in this process, so parallel
// activities for one tenant still stay under its published limit together.
import { createAppTokenProvider, type AppCredentials, type AppTokenProvider } from './app-tokens.js';
import { normaliseCloud } from './cloud.js';
import { createGraphClient, type LanternGraphClient } from './graph-client.js';
import { createGraphStats, teeGraphStats, type GraphStats } from './graph-stats.js';
import { createRequestBudget, type RequestBudget } from './request-budget.js';
import { resourceUnitQuotaPer10s } from './resource-units.js';
import type { CloudEndpoints, PermissionSetName } from '../domain/connector.js';

export interface TenantTarget {
  tenantId: string;
  cloud: CloudEndpoints;
}

export interface TenantGraph {
  /** A client with fresh statistics (so an activity can report what it sent) sharing the tenant's budget. */
  client(target: TenantTarget): LanternGraphClient;
  /** Tells the budget how large the tenant is (its user count), which sets the published RU quota. */
  setTenantSize(target: TenantTarget, userCount: number): void;
  /** Tokens of the app registration for `permissionSet` (default readOnly: the primary app). */
  tokens(cloud: CloudEndpoints, permissionSet?: PermissionSetName): AppTokenProvider;
  /** Which app the tenant consented to: the connector loader says so before an activity makes a client. */
  useApp(tenantId: string, permissionSet: PermissionSetName): void;
}

export interface TenantGraphOptions {
  credentials: AppCredentials;
  /** The read-write app registration for readWrite tenants; absent = they use `credentials` too. */
  readWriteCredentials?: AppCredentials | undefined;
  /** Fraction of the published quota to use (default 0.95). */
  utilisation?: number;
  /** Also records every request here (benchmarks and metrics see all tenants' traffic). */
  observer?: GraphStats;
}

export function createTenantGraph(options: TenantGraphOptions): TenantGraph {
  const providers = new Map<string, AppTokenProvider>();
  const budgets = new Map<string, { budget: RequestBudget; unitsPer10s: number }>();
  const key = (t: TenantTarget) => `${normaliseCloud(t.cloud).authorityHost}|${t.tenantId.toLowerCase()}`;

  const appOf = new Map<string, PermissionSetName>();
  const tokens = (cloud: CloudEndpoints, permissionSet: PermissionSetName = 'readOnly') => {
    const credentials =
      permissionSet === 'readWrite' ? (options.readWriteCredentials ?? options.credentials) : options.credentials;
    const id = `${JSON.stringify(normaliseCloud(cloud))} ${credentials.clientId}`;
    let provider = providers.get(id);
    if (!provider) {
      provider = createAppTokenProvider(cloud, credentials);
      providers.set(id, provider);
    }
    return provider;
  };
  const budgetFor = (target: TenantTarget, userCount?: number) => {
    const unitsPer10s = resourceUnitQuotaPer10s(userCount ?? 0);
    const existing = budgets.get(key(target));
    if (existing && (userCount === undefined || existing.unitsPer10s === unitsPer10s)) return existing.budget;
    const budget = createRequestBudget({ unitsPer10s, utilisation: options.utilisation ?? 0.95 });
    budgets.set(key(target), { budget, unitsPer10s });
    return budget;
  };

  return {
    tokens,
    useApp(tenantId, permissionSet) {
      appOf.set(tenantId.toLowerCase(), permissionSet);
    },
    setTenantSize(target, userCount) {
      budgetFor(target, userCount);
    },
    client(target) {
      const provider = tokens(target.cloud, appOf.get(target.tenantId.toLowerCase()));
      return createGraphClient({
        cloud: target.cloud,
        getAccessToken: async (refresh) => (await provider.getToken(target.tenantId, refresh)).accessToken,
        budget: budgetFor(target),
        stats: options.observer ? teeGraphStats(createGraphStats(), options.observer) : createGraphStats(),
      });
    },
  };
}

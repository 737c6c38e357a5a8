// The one Graph client every activity uses: the official client with its retry middleware (which honours
// Retry-After), plus Lantern's pacing and accounting step between the retry logic and the wire so every attempt,
// retried ones included, spends budget and is counted.
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { graphHostsFor, normaliseCloud } from './cloud.js';
import { estimateResourceUnits } from './resource-units.js';
import type { RequestBudget } from './request-budget.js';
import { createGraphStats, type GraphStats } from './graph-stats.js';
import type { CloudEndpoints } from '../domain/connector.js';

export interface GraphClientOptions {
  cloud: CloudEndpoints;
  /** Returns a current access token for the tenant this client talks to; `forceRefresh` bypasses any cache. */
  getAccessToken: (options?: { forceRefresh?: boolean }) => Promise<string>;
  budget?: RequestBudget;
  stats?: GraphStats;
  /** Retries after a 429/503/504 (the SDK's maximum is 10). */
  maxRetries?: number;
}

export interface LanternGraphClient {
  client: Client;
  stats: GraphStats;
}

export function createGraphClient(options: GraphClientOptions): LanternGraphClient {
  const cloud = normaliseCloud(options.cloud);
  const stats = options.stats ?? createGraphStats();
  const refresh = new RefreshOnUnauthorized();
  const authProvider: AuthenticationProvider = {
    getAccessToken: () => options.getAccessToken({ forceRefresh: refresh.takeForceRefresh() }),
  };
  const chain: Middleware[] = [
    refresh,
    new AuthenticationHandler(authProvider),
    new RetryHandler(new RetryHandlerOptions(3, options.maxRetries ?? 8)),
    new RedirectHandler(),
    new PacingHandler(options.budget, stats),
    new TelemetryHandler(),
    new HTTPMessageHandler(),
  ];
  for (let i = 0; i < chain.length - 1; i++) chain[i]!.setNext?.(chain[i + 1]!);
  const client = Client.initWithMiddleware({
    middleware: chain[0]!,
    baseUrl: cloud.graphBaseUrl,
    customHosts: graphHostsFor(cloud),
    defaultVersion: 'v1.0',
  });
  return { client, stats };
}

/**
 * A token the service calls expired while our cache still trusts it (clock skew, revoked consent re-granted) gets
 * one retry with a freshly issued token; a second 401 is the caller's to handle.
 */
class RefreshOnUnauthorized implements Middleware {
  private next?: Middleware;
  private forceRefresh = false;

  setNext(next: Middleware): void {
    this.next = next;
  }

  takeForceRefresh(): boolean {
    const force = this.forceRefresh;
    this.forceRefresh = false;
    return force;
  }

  async execute(context: Context): Promise<void> {
    await this.next!.execute(context);
    if (context.response?.status !== 401) return;
    this.forceRefresh = true;
    // The authentication step appends its header, so the stale one must go first.
    dropAuthorization(context);
    await this.next!.execute(context);
  }
}

/** Spends request budget before each attempt and records what the service charged and answered. */
class PacingHandler implements Middleware {
  private next?: Middleware;
  constructor(
    private readonly budget: RequestBudget | undefined,
    private readonly stats: GraphStats,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = context.options?.method ?? 'GET';
    const estimated = estimateRequestUnits(method, url, context.options?.body);
    await this.budget?.take(estimated, context.options?.signal ?? undefined);
    await this.next!.execute(context);
    const response = context.response;
    const charged = Number(response?.headers.get('x-ms-resource-unit') ?? estimated) || estimated;
    this.budget?.settle(estimated, charged);
    this.stats.record({ method, url, status: response?.status ?? 0, resourceUnits: charged });
  }
}

/** A $batch costs what its items cost; anything else is priced by its own URL. */
function estimateRequestUnits(method: string, url: string, body: unknown): number {
  if (!/\/\$batch(\?|$)/.test(url) || typeof body !== 'string') return estimateResourceUnits(method, url);
  try {
    const { requests = [] } = JSON.parse(body) as { requests?: { method?: string; url?: string }[] };
    return requests.reduce((sum, item) => sum + estimateResourceUnits(item.method ?? 'GET', item.url ?? '/'), 0) || 1;
  } catch {
    return 1;
  }
}

function dropAuthorization(context: Context): void {
  if (typeof context.request !== 'string') context.request.headers.delete('Authorization');
  const headers = context.options?.headers;
  if (headers instanceof Headers) headers.delete('Authorization');
  else if (headers && !Array.isArray(headers)) delete (headers as Record<string, string>).Authorization;
}

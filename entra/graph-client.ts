// The one Graph client every activity uses: the official client with its retry middleware (which honours
// Retry-After), plus Lantern's pacing and accounting step between the retry logic and the wire so every attempt,
// retried ones included, spends budget and is counted.
import {
  AuthenticationHandler, Client, HTTPMessageHandler, RedirectHandler, RetryHandler, RetryHandlerOptions, TelemetryHandler,
  type AuthenticationProvider, type Context, type Middleware,
} from '@microsoft/microsoft-graph-client';
import { graphHostsFor, normaliseCloud, type CloudEndpoints } from './cloud.js';
import { estimateResourceUnits } from './resource-units.js';
import type { RequestBudget } from './request-budget.js';
import { createGraphStats, type GraphStats } from './graph-stats.js';

export interface GraphClientOptions {
  cloud: CloudEndpoints;
  /** Returns a current access token for the tenant this client talks to. */
  getAccessToken: () => Promise<string>;
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
  const authProvider: AuthenticationProvider = { getAccessToken: options.getAccessToken };
  const chain: Middleware[] = [
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

/** Spends request budget before each attempt and records what the service charged and answered. */
class PacingHandler implements Middleware {
  private next?: Middleware;
  constructor(private readonly budget: RequestBudget | undefined, private readonly stats: GraphStats) {}

  setNext(next: Middleware): void { this.next = next; }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = context.options?.method ?? 'GET';
    const estimated = estimateResourceUnits(method, url);
    await this.budget?.take(estimated, context.options?.signal ?? undefined);
    await this.next!.execute(context);
    const response = context.response;
    const charged = Number(response?.headers.get('x-ms-resource-unit') ?? estimated) || estimated;
    this.budget?.settle(estimated, charged);
    this.stats.record({ method, url, status: response?.status ?? 0, resourceUnits: charged });
  }
}

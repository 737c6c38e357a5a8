// The Graph route table. Every Graph v1.0 endpoint (reads, writes, $batch) is registered here with graphRoute();
// the plugin owns the single Fastify route that authenticates, runs the pipeline hooks, checks permissions and
// dispatches. One path means 401/403/405/400-unknown-segment behave the same for every endpoint.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../context.js';
import type { Caller } from '../identity/signing.js';
import type { Tenant } from '../model/tenant.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** What a Graph handler receives (one object in). */
export interface GraphRequest {
  ctx: SimulatorContext;
  caller: Caller;
  tenant: Tenant;
  method: HttpMethod;
  /** Route parameters by the names used in the pattern, URL-decoded; key segments arrive as `appId=…`. */
  params: Record<string, string>;
  /** Query string as sent (names keep their `$`). */
  query: URLSearchParams;
  /** Lower-cased request header lookup. */
  header(name: string): string | undefined;
  body: unknown;
  raw: FastifyRequest;
  reply: FastifyReply;
}

/** What a handler returns (one object out); undefined means 204 No Content. */
export interface GraphResponse {
  status?: number;
  /** JSON body (served with Graph's OData content type). */
  body?: unknown;
  /** Plain-text body (e.g. the `$count` segment). */
  text?: string;
  headers?: Record<string, string>;
}

/** A permission requirement: a string must be held (or a documented superset); an array means any one of them. */
export type PermissionRequirement = string | readonly string[];

export interface GraphRouteSpec {
  method: HttpMethod;
  /** Path after `/v1.0/`, segments separated by `/`, parameters in braces: `groups/{id}/members/{memberId}/$ref`. */
  url: string;
  /** Every entry must be satisfied; checked after authentication and the pipeline hooks, before the handler. */
  permissions: readonly PermissionRequirement[];
  handler: (req: GraphRequest) => Promise<GraphResponse | undefined> | GraphResponse | undefined;
}

/** Information the pipeline hooks (throttling, faults) can read about the request being served. */
export interface GraphRequestInfo {
  caller: Caller;
  tenant: Tenant;
  /** The matched route, e.g. `{ method: 'GET', url: 'groups/{id}/members' }`. */
  route: { method: HttpMethod; url: string };
  /** Normalised path segments after `/v1.0/`. */
  segments: string[];
}

interface Node {
  literals: Map<string, Node>;
  /** Any single segment; each route names its own parameters, so `{id}` and `{memberId}` can share a node. */
  param?: Node;
  routes: Map<HttpMethod, { spec: GraphRouteSpec; names: string[] }>;
}

const newNode = (): Node => ({ literals: new Map(), routes: new Map() });

export type RouteMatch =
  | { kind: 'found'; spec: GraphRouteSpec; params: Record<string, string> }
  | { kind: 'methodNotAllowed' }
  | { kind: 'unknownSegment'; segment: string };

/** Segment trie; literals (case-insensitive, as Graph's are) win over parameters. */
export class GraphRouter {
  private readonly root = newNode();

  add(spec: GraphRouteSpec): void {
    let node = this.root;
    const names: string[] = [];
    for (const part of spec.url.split('/').filter(Boolean)) {
      const param = /^\{(\w+)\}$/.exec(part);
      if (param) {
        names.push(param[1]!);
        node.param ??= newNode();
        node = node.param;
      } else {
        const key = part.toLowerCase();
        let next = node.literals.get(key);
        if (!next) {
          next = newNode();
          node.literals.set(key, next);
        }
        node = next;
      }
    }
    node.routes.set(spec.method, { spec, names });
  }

  match(method: string, segments: string[]): RouteMatch {
    let node = this.root;
    const values: string[] = [];
    for (const segment of segments) {
      const literal = node.literals.get(segment.toLowerCase());
      if (literal) {
        node = literal;
        continue;
      }
      if (!node.param) return { kind: 'unknownSegment', segment };
      values.push(segment);
      node = node.param;
    }
    if (node.routes.size === 0) return { kind: 'unknownSegment', segment: segments[segments.length - 1] ?? '' };
    const route = node.routes.get(method as HttpMethod);
    if (!route) return { kind: 'methodNotAllowed' };
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = values[i]!;
    });
    return { kind: 'found', spec: route.spec, params };
  }
}

const routers = new WeakMap<SimulatorContext, GraphRouter>();

/** The route table of one running simulator. */
export function routerFor(ctx: SimulatorContext): GraphRouter {
  let router = routers.get(ctx);
  if (!router) {
    router = new GraphRouter();
    routers.set(ctx, router);
  }
  return router;
}

/** Registers a Graph endpoint; usable before or after the plugin is registered (routes are looked up per request). */
export function graphRoute(ctx: SimulatorContext, spec: GraphRouteSpec): void {
  routerFor(ctx).add(spec);
}

/**
 * Splits a Graph path into segments, decoding each and turning OData key syntax into a plain segment:
 * `servicePrincipals(appId='x')` → `servicePrincipals`, `appId=x`; `users('id')` → `users`, `id`;
 * `microsoft.graph.delta()` and `delta()` → `delta`.
 */
export function normalizeSegments(path: string): string[] {
  const out: string[] = [];
  for (const rawPart of path.split('/')) {
    if (!rawPart) continue;
    let part: string;
    try {
      part = decodeURIComponent(rawPart);
    } catch {
      part = rawPart;
    }
    const key = /^([^()]+)\((.*)\)$/.exec(part);
    if (key) {
      const name = key[1]!;
      const inner = key[2]!;
      if (/^(microsoft\.graph\.)?delta$/i.test(name) && inner === '') {
        out.push('delta');
        continue;
      }
      out.push(name);
      if (inner !== '') {
        const named = /^(\w+)=['"]?(.*?)['"]?$/.exec(inner);
        out.push(named ? `${named[1]}=${named[2]}` : inner.replace(/^'(.*)'$/, '$1'));
      }
      continue;
    }
    out.push(/^microsoft\.graph\.delta$/i.test(part) ? 'delta' : part);
  }
  return out;
}

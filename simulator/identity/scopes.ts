// Parsing of the v2 `scope` parameter: OIDC scopes, Microsoft Graph scopes (bare, URI- or appId-prefixed) and
// `.default`. Graph is the only resource the simulator knows.
import { MICROSOFT_GRAPH_APP_ID } from '../model/well-known.js';
import { identityErrors } from './errors.js';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const GRAPH_PREFIXES = ['https://graph.microsoft.com/', `${MICROSOFT_GRAPH_APP_ID}/`, 'https://graph.microsoft.com//'];

export interface RequestedScopes {
  oidc: string[];
  /** Explicit Graph delegated scopes (e.g. User.Read). */
  graph: string[];
  /** `.default` (or no resource scope at all): everything already consented. */
  graphDefault: boolean;
}

export function parseScopes(scope: string | undefined, tenantName: string): RequestedScopes {
  const result: RequestedScopes = { oidc: [], graph: [], graphDefault: false };
  for (const raw of (scope ?? '').split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.has(raw.toLowerCase())) {
      result.oidc.push(raw.toLowerCase());
      continue;
    }
    const graphScope = stripGraphPrefix(raw);
    if (graphScope === undefined) throw identityErrors.resourceNotFound(raw.replace(/\/[^/]*$/, ''), tenantName);
    if (graphScope === '.default') result.graphDefault = true;
    else if (!result.graph.includes(graphScope)) result.graph.push(graphScope);
  }
  if (!result.graph.length) result.graphDefault = true;
  return result;
}

/** The scope after a Graph prefix; bare names default to Graph. Undefined for another resource. */
function stripGraphPrefix(scope: string): string | undefined {
  const lower = scope.toLowerCase();
  for (const prefix of GRAPH_PREFIXES) if (lower.startsWith(prefix.toLowerCase())) return scope.slice(prefix.length);
  if (scope.includes('/')) return undefined;
  return scope;
}

/** client_credentials accepts exactly one `.default` scope for Graph. */
export function isGraphDefaultScope(scope: string | undefined): boolean {
  const scopes = (scope ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length !== 1) return false;
  const s = scopes[0]!.toLowerCase();
  return s === 'https://graph.microsoft.com/.default' || s === `${MICROSOFT_GRAPH_APP_ID}/.default`;
}

// How every simulator test talks to the simulator: only through the official clients (@azure/msal-node,
// @microsoft/microsoft-graph-client), configured exactly as production code is (authority, knownAuthorities, Graph
// base URL, customHosts) plus trust in the simulator's CA. The CA is injected into Node's fetch (undici's global
// dispatcher), because NODE_EXTRA_CA_CERTS is read only at process start. TLS verification is never turned off.
import { rootCertificates } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, setGlobalDispatcher } from 'undici';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatedApp,
  type SimulatorOptions,
} from '../../simulator/index.js';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** Shared by every test process: the CA is created once and reused (creation is safe under parallel starts). */
export const TEST_DATA_DIR = join(tmpdir(), 'lantern-simulator-tests');

const trustedCas = new Set<string>();

/** Adds a CA to what Node's fetch trusts in this process (on top of the public roots). */
export function trustCa(caCertPem: string): void {
  if (trustedCas.has(caCertPem)) return;
  trustedCas.add(caCertPem);
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, ...trustedCas] } }));
}

/** Starts an in-process simulator for a test: size S, seed 1, throttling off, every tenant consented, CA trusted. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({
    port: 0,
    size: 'S',
    seed: 1,
    throttle: 'off',
    preConsent: true,
    dataDir: TEST_DATA_DIR,
    ...options,
  });
  trustCa(sim.caCertPem);
  return sim;
}

/** host:port of the simulator, the form MSAL's knownAuthorities needs (the port is required). */
export function authorityHostAndPort(sim: Pick<RunningSimulator, 'authorityHost'>): string {
  return new URL(sim.authorityHost).host;
}

export interface MsalOptions {
  tenantId: string;
  /** Which of Lantern's registrations: default `sim.app` (sign-in / read-only); `sim.appReadWrite` for writes. */
  app?: SimulatedApp;
  /** Default: the chosen app's client id. */
  clientId?: string;
  /** 'secret' (default) or 'certificate' (client assertion signed with the app's certificate). */
  credential?: 'secret' | 'certificate';
  clientSecret?: string;
  /** Extra MSAL configuration (e.g. system.loggerOptions when debugging). */
  configure?: (config: Configuration) => Configuration;
}

export function msalClient(sim: RunningSimulator, options: MsalOptions): ConfidentialClientApplication {
  const app = options.app ?? sim.app;
  const credential =
    options.credential === 'certificate'
      ? {
          clientCertificate: {
            thumbprintSha256: app.thumbprintSha256,
            privateKey: app.privateKeyPem,
            x5c: app.certificatePem,
          },
        }
      : { clientSecret: options.clientSecret ?? app.clientSecret };
  const config: Configuration = {
    auth: {
      clientId: options.clientId ?? app.clientId,
      authority: `${sim.authorityHost}/${options.tenantId}`,
      knownAuthorities: [authorityHostAndPort(sim)],
      ...credential,
    },
  };
  return new ConfidentialClientApplication(options.configure ? options.configure(config) : config);
}

/** An app-only (client credentials) access token for Graph. */
export async function appOnlyToken(sim: RunningSimulator, options: MsalOptions): Promise<string> {
  const result = await msalClient(sim, options).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
  if (!result?.accessToken) throw new Error('MSAL returned no access token');
  return result.accessToken;
}

/** A Graph client whose Authorization header comes from `getToken` (any token source: MSAL, a stale token…). */
export function graphClient(sim: Pick<RunningSimulator, 'graphBaseUrl'>, getToken: () => Promise<string>): Client {
  const authProvider: AuthenticationProvider = { getAccessToken: getToken };
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: sim.graphBaseUrl,
    // Hostnames without port, as a Set: the client attaches the token only to these hosts.
    customHosts: new Set([new URL(sim.graphBaseUrl).hostname]),
  });
}

/** The usual test client: Lantern's app, client credentials against one tenant, MSAL's token cache in between. */
export function appOnlyGraphClient(sim: RunningSimulator, options: MsalOptions): Client {
  const msal = msalClient(sim, options);
  return graphClient(sim, async () => {
    const result = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
    if (!result?.accessToken) throw new Error('MSAL returned no access token');
    return result.accessToken;
  });
}

/** Calls the control API with the control key. */
export async function control<T = unknown>(
  sim: Pick<RunningSimulator, 'controlUrl' | 'controlKey'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sim.controlKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Real-tenant switch (as Azurite's tests have): with LANTERN_CONTRACT_TENANT_ID, _CLIENT_ID and _CLIENT_SECRET set,
 * read-only contract tests run against Microsoft; otherwise they are skipped there and run against the simulator.
 */
export interface RealTenant {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}
export function realTenantFromEnv(env: NodeJS.ProcessEnv = process.env): RealTenant | undefined {
  const tenantId = env.LANTERN_CONTRACT_TENANT_ID;
  const clientId = env.LANTERN_CONTRACT_CLIENT_ID;
  const clientSecret = env.LANTERN_CONTRACT_CLIENT_SECRET;
  return tenantId && clientId && clientSecret ? { tenantId, clientId, clientSecret } : undefined;
}

/** Graph client against real Microsoft (graph.microsoft.com, login.microsoftonline.com) for contract tests. */
export function realTenantGraphClient(real: RealTenant): Client {
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: real.clientId,
      clientSecret: real.clientSecret,
      authority: `https://login.microsoftonline.com/${real.tenantId}`,
    },
  });
  return Client.initWithMiddleware({
    authProvider: {
      getAccessToken: async () => {
        const result = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
        if (!result?.accessToken) throw new Error('MSAL returned no access token');
        return result.accessToken;
      },
    },
  });
}

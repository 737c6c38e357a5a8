// Starts a simulator in-process: TLS from the local CA, Lantern's two app registrations, seeded tenants, and one HTTPS
// listener for identity platform, Graph and control API. Tests call startSimulator({ port: 0 }); the CLI wraps it.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FaultSettings, SimulatorContext, ThrottleMode } from './context.js';
import { createSigningKeys } from './identity/signing.js';
import { InMemoryStore, createClock, type SimulatorStore } from './model/store.js';
import { loadOrCreateLanternApps, type StoredApp } from './model/lantern-app.js';
import { planTenants, generateTenant, type GeneratedTenant, type TenantPlan } from './model/generate.js';
import type { DemoAccounts } from './model/gen-users.js';
import type { DemoPeople } from './model/demo-people.js';
import { isAdminConsented } from './model/consent.js';
import type { Licence, TenantSize } from './model/types.js';
import { loadTlsMaterial } from './tls/ca.js';
import { buildSimulatorServer } from './server.js';
import { holdNextRequest, type RequestHold } from './graph/holds.js';

export type { DemoPeople, DemoPerson } from './model/demo-people.js';

export interface SimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Loopback only; 'localhost' (default) binds 127.0.0.1 and ::1. */
  host?: string;
  /** Size of the first tenant, or one size per tenant. Default 'S'. */
  size?: TenantSize | TenantSize[];
  seed?: number;
  tenants?: number;
  throttle?: ThrottleMode;
  /** Fault rate 0..1 (seeded with `seed`), or full settings. */
  faults?: number | FaultSettings;
  /** CA and Lantern's app credentials live here. Default `.lantern/simulator` under the working directory. */
  dataDir?: string;
  /** true: Lantern (both apps) consented in every tenant; false: in none; default: all but the first. */
  preConsent?: boolean;
  logger?: boolean;
}

export interface DemoSignIn {
  upn: string;
  password: string;
}
export interface TenantSummary {
  id: string;
  domain: string;
  size: TenantSize;
  licence: Licence;
  adminConsented: boolean;
  /** Lantern's home tenant: its people may hold Lantern.Admin (see RunningSimulator.homeTenantId). */
  home: boolean;
  demo: {
    globalAdmin: DemoSignIn;
    user: DemoSignIn;
    breakGlass: DemoSignIn;
    /** Lantern's demo roles: lanternAdmin (home tenant only holds Lantern.Admin), approver, requester, guest. */
    people: DemoPeople;
  };
}

/** Credentials of one of Lantern's app registrations. */
export interface SimulatedApp {
  clientId: string;
  clientSecret: string;
  certificatePem: string;
  privateKeyPem: string;
  /** SHA-1 hex (x5t). */
  thumbprint: string;
  thumbprintSha256: string;
}

export interface RunningSimulator {
  authorityHost: string;
  graphBaseUrl: string;
  caCertPath: string;
  caCertPem: string;
  /** Current state: adminConsented follows consent and unconsent. */
  readonly tenants: TenantSummary[];
  /** "Lantern": people sign-in, owner sign-in and read-only connectors (read permissions + AuditLog.Read.All). */
  app: SimulatedApp;
  /** "Lantern (read-write)": connectors that grant access (every permission Lantern uses). */
  appReadWrite: SimulatedApp;
  /** The tenant where Lantern.Admin is assigned: the first consented tenant (the first tenant when none is). */
  homeTenantId: string;
  controlUrl: string;
  controlKey: string;
  readonly store: SimulatorStore;
  readonly context: SimulatorContext;
  /** Regenerates every tenant from the seed (the simulated clock is not rewound). */
  reset(): void;
  /** Test hook: holds the next matching Graph request until released (simulator/graph/holds.ts). */
  holdNextRequest(match: { method?: string; path: RegExp }): RequestHold;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? 1;
  const dataDir = resolve(options.dataDir ?? '.lantern/simulator');
  const tls = loadTlsMaterial(dataDir);
  const apps = loadOrCreateLanternApps(dataDir);
  const app = apps.signIn;
  const store = new InMemoryStore(app, createClock(), apps.readWrite);
  const sizes = Array.isArray(options.size) ? options.size : [options.size ?? 'S'];
  const plans = planTenants({ sizes, count: options.tenants ?? sizes.length, preConsent: options.preConsent });
  const demos = new Map<string, Demo>();
  const populate = () => {
    for (const t of store.tenants()) store.removeTenant(t.id);
    demos.clear();
    for (const plan of plans) addTenant(store, seed, plan, demos);
  };
  populate();

  const signIn = (d: DemoAccounts['user']): DemoSignIn => ({ upn: d.upn, password: d.password });
  // Only generated tenants have demo accounts; a tenant a test put into the store itself has no summary.
  const summaries = (): TenantSummary[] =>
    store.tenants().flatMap((t) => {
      const demo = demos.get(t.id);
      if (!demo) return [];
      return {
        id: t.id,
        domain: t.info.domain,
        size: t.info.size,
        licence: t.info.licence,
        adminConsented: isAdminConsented(t, app),
        home: demo.home,
        demo: {
          globalAdmin: signIn(demo.accounts.globalAdmin),
          user: signIn(demo.accounts.user),
          breakGlass: signIn(demo.accounts.breakGlass),
          people: demo.people,
        },
      };
    });

  const faults: FaultSettings =
    typeof options.faults === 'object' ? options.faults : { rate: options.faults ?? 0, seed };
  const ctx: SimulatorContext = {
    store,
    keys: await createSigningKeys(),
    authorityHost: '',
    graphBaseUrl: '',
    settings: { throttle: options.throttle ?? 'off', faults },
  };
  const controlKey = randomBytes(24).toString('base64url');
  const server = await buildSimulatorServer({
    ctx,
    tls,
    logger: options.logger,
    control: { ctx, controlKey, reset: populate, summaries },
  });
  const host = options.host ?? 'localhost';
  await server.listen({ port: options.port ?? 0, host });
  const origin = `https://${host === '127.0.0.1' ? '127.0.0.1' : 'localhost'}:${listeningPort(server)}`;
  // Handlers read these per request, so filling them in after listen (when the port is known) is enough.
  ctx.authorityHost = origin;
  ctx.graphBaseUrl = `${origin}/`;

  return {
    authorityHost: origin,
    graphBaseUrl: ctx.graphBaseUrl,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    get tenants() {
      return summaries();
    },
    app: credentialsOf(apps.signIn),
    appReadWrite: credentialsOf(apps.readWrite),
    get homeTenantId() {
      return summaries().find((t) => t.home)!.id;
    },
    controlUrl: `${origin}/_control`,
    controlKey,
    get store() {
      return ctx.store;
    },
    context: ctx,
    reset: populate,
    holdNextRequest: (match) => holdNextRequest(ctx, match),
    close: () => server.close(),
  };
}

interface Demo {
  accounts: GeneratedTenant['demo'];
  people: DemoPeople;
  home: boolean;
}

function addTenant(store: SimulatorStore, seed: number, plan: TenantPlan, demos: Map<string, Demo>): void {
  const { tenant, demo, people } = generateTenant({
    seed,
    plan,
    app: store.app,
    appReadWrite: store.appReadWrite,
    anchor: store.clock.now(),
    now: () => store.clock.now(),
  });
  store.addTenant(tenant);
  demos.set(tenant.id, { accounts: demo, people, home: plan.home });
}

function credentialsOf(app: StoredApp): SimulatedApp {
  return {
    clientId: app.appId,
    clientSecret: app.clientSecret,
    certificatePem: app.certificatePem,
    privateKeyPem: app.privateKeyPem,
    thumbprint: app.certificateThumbprint,
    thumbprintSha256: app.certificateThumbprintSha256,
  };
}

function listeningPort(server: FastifyInstance): number {
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('simulator is not listening on a TCP port');
  return address.port;
}

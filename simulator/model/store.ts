// Everything the simulator knows, behind one interface (Azurite-style): tenants, Lantern's app registration, the clock.
// Handlers receive a SimulatorStore and never reach for module state, so tests can run many simulators in one process.
import type { Tenant } from './tenant.js';
import type { AppRole } from './types.js';

/** A multi-tenant app registration (Lantern's). Its service principal exists in a tenant only after consent. */
export interface AppRegistration {
  appId: string;
  displayName: string;
  clientSecret: string;
  /** PEM certificate and key for client-assertion auth; the thumbprint (x5t) names it in assertions. */
  certificatePem: string;
  privateKeyPem: string;
  certificateThumbprint: string;
  redirectUris: string[]; // empty = accept any https or http://localhost redirect (documented difference)
  /** Application permissions (Graph app role values) the app requests at admin consent. */
  requiredAppRoles: string[];
  /** App roles the registration declares; Entra copies them onto the app's service principal in every tenant. */
  appRoles?: AppRole[];
  publisherDomain: string;
  homeTenantId: string;
}

export interface SimulatorClock {
  /** Simulated epoch milliseconds (real time plus an offset that the control API can advance). */
  now(): number;
  advance(ms: number): void;
}

export interface SimulatorStore {
  readonly clock: SimulatorClock;
  /** Lantern's sign-in / read-only app (`RunningSimulator.app`). */
  readonly app: AppRegistration;
  /** Lantern's read-write app, when registered (`RunningSimulator.appReadWrite`). */
  readonly appReadWrite?: AppRegistration;
  tenant(idOrDomain: string): Tenant | undefined;
  tenants(): Tenant[];
  addTenant(tenant: Tenant): void;
  /** Forgets a tenant (control API reset replaces tenants with freshly generated ones). */
  removeTenant(id: string): void;
  /** Registers an additional app (e.g. third-party multi-tenant apps that users consent to). */
  apps(): AppRegistration[];
  addApp(app: AppRegistration): void;
}

export function createClock(): SimulatorClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

export class InMemoryStore implements SimulatorStore {
  private readonly byId = new Map<string, Tenant>();
  private readonly byDomain = new Map<string, Tenant>();
  private readonly registrations: AppRegistration[];

  constructor(
    readonly app: AppRegistration,
    readonly clock: SimulatorClock = createClock(),
    readonly appReadWrite?: AppRegistration,
  ) {
    this.registrations = appReadWrite ? [app, appReadWrite] : [app];
  }

  tenant(idOrDomain: string): Tenant | undefined {
    return this.byId.get(idOrDomain.toLowerCase()) ?? this.byDomain.get(idOrDomain.toLowerCase());
  }
  tenants(): Tenant[] {
    return [...this.byId.values()];
  }
  addTenant(tenant: Tenant): void {
    this.byId.set(tenant.id.toLowerCase(), tenant);
    this.byDomain.set(tenant.info.domain.toLowerCase(), tenant);
  }
  removeTenant(id: string): void {
    const tenant = this.tenant(id);
    if (!tenant) return;
    this.byId.delete(tenant.id.toLowerCase());
    this.byDomain.delete(tenant.info.domain.toLowerCase());
  }
  apps(): AppRegistration[] {
    return this.registrations;
  }
  addApp(app: AppRegistration): void {
    this.registrations.push(app);
  }
}

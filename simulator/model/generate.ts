// Builds simulated tenants deterministically from a seed: the same seed, plan and anchor day give the same
// directory, object ids included. Sections draw from independent random streams.
import { Random } from './random.js';
import { SIZE_PROFILES } from './profiles.js';
import { Tenant } from './tenant.js';
import type { AppRegistration } from './store.js';
import type { Licence, Organization, TenantSize } from './types.js';
import { isoAt, type GenContext } from './gen-context.js';
import { generateUsers, type DemoAccounts } from './gen-users.js';
import { generateGroups } from './gen-groups.js';
import { generateApps } from './gen-apps.js';
import { generateRoles } from './gen-roles.js';
import { generateSignIns } from './gen-signins.js';
import { generateIdentitiesAndLicences } from './gen-licences.js';
import { grantAdminConsent } from './consent.js';
import { pickDemoPeople, type DemoPeople } from './demo-people.js';
import { assignLanternAdmin } from './lantern-admin.js';
import { COMPANY_NAMES } from './names.js';

export interface TenantPlan {
  index: number;
  size: TenantSize;
  licence: Licence;
  adminConsented: boolean;
  /** Lantern's home tenant (where its admins hold Lantern.Admin): the first consented tenant, else the first. */
  home: boolean;
}

export interface PlanOptions {
  /** One size per tenant; when fewer than `count`, the extra tenants are 'S'. */
  sizes: TenantSize[];
  count: number;
  /** true: every tenant consented; false: none; undefined: all but the first (the onboarding demo consents it). */
  preConsent?: boolean;
}

/** Tenant 1 is P2 (PIM, sign-in logs); the others cycle P1, free, P2 so licence gating is always exercised. */
export function planTenants({ sizes, count, preConsent }: PlanOptions): TenantPlan[] {
  const licences: Licence[] = ['P2', 'P1', 'free'];
  const plans = Array.from({ length: Math.max(1, count) }, (_, index) => ({
    index,
    size: sizes[index] ?? 'S',
    licence: index === 0 ? 'P2' : licences[index % 3]!,
    adminConsented: preConsent ?? index > 0,
    home: false,
  }));
  (plans.find((p) => p.adminConsented) ?? plans[0]!).home = true;
  return plans;
}

export interface GenerateOptions {
  seed: number;
  /** Plans made before `home` existed count as not the home tenant. */
  plan: Omit<TenantPlan, 'home'> & { home?: boolean };
  /** Lantern's sign-in / read-only app. */
  app: AppRegistration;
  /** Lantern's read-write app: consented beside `app` wherever the plan says consented. */
  appReadWrite?: AppRegistration;
  /** Epoch ms the generated history ends at; rounded down to the UTC day. */
  anchor: number;
  /** The simulated clock, for timestamps of later changes. */
  now: () => number;
}

export interface GeneratedTenant {
  tenant: Tenant;
  demo: DemoAccounts;
  people: DemoPeople;
}

export function generateTenant({ seed, plan, app, appReadWrite, anchor, now }: GenerateOptions): GeneratedTenant {
  const rng = new Random(seed, `tenant-${plan.index}`);
  const day = Math.floor(anchor / 86_400_000) * 86_400_000;
  const id = rng.uuid();
  const company = COMPANY_NAMES[plan.index % COMPANY_NAMES.length]!;
  const suffix = plan.index >= COMPANY_NAMES.length ? String(plan.index + 1) : '';
  const domain = `${company.toLowerCase().replace(/[^a-z]/g, '')}${suffix}.onmicrosoft.com`;
  const tenant = new Tenant(
    { id, domain, size: plan.size, licence: plan.licence },
    organization(id, `${company}${suffix ? ' ' + suffix : ''}`, domain, plan, day),
    now,
  );
  tenant.live = false; // the baseline is not a history: no audit records, no dynamic re-evaluation
  const ctx: GenContext = {
    tenant,
    rng,
    profile: SIZE_PROFILES[plan.size],
    domain,
    anchor: day,
    userIds: [],
    memberIds: [],
    groupIds: [],
    enterpriseAppIds: [],
    managedIdentityIds: [],
    graphSpId: rng.uuid(),
  };
  const password = `Lantern-${rng.int(1000, 9999)}!`;
  const demo = generateUsers(ctx, password);
  const groups = generateGroups(ctx);
  generateApps(ctx, groups);
  generateRoles(ctx, demo, groups.roleAssignable);
  generateSignIns(ctx);
  generateIdentitiesAndLicences(ctx);
  const people = pickDemoPeople(ctx, demo, password);
  const consentedAt = isoAt(day - 86_400_000);
  if (plan.adminConsented) {
    // Separate streams per app, so the sign-in app's ids are the same whether or not a read-write app exists.
    const consentRng = rng.fork('consent');
    grantAdminConsent({ tenant, app, at: consentedAt, newId: () => consentRng.uuid() });
    const readWriteRng = rng.fork('consent-read-write');
    if (appReadWrite)
      grantAdminConsent({ tenant, app: appReadWrite, at: consentedAt, newId: () => readWriteRng.uuid() });
  }
  if (plan.home) {
    const homeRng = rng.fork('home');
    assignLanternAdmin({
      tenant,
      app,
      userId: people.lanternAdmin.objectId,
      at: consentedAt,
      newId: () => homeRng.uuid(),
    });
  }
  // The generated directory is the baseline that a first (full) delta round returns, not a history of changes.
  tenant.changes.length = 0;
  tenant.live = true;
  return { tenant, demo, people };
}

const PLAN_IDS: Record<Licence, { service: string; servicePlanId: string }[]> = {
  free: [],
  P1: [{ service: 'AADPremiumService', servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d' }],
  P2: [
    { service: 'AADPremiumService', servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d' },
    { service: 'AADPremiumService', servicePlanId: 'eec0eb4f-6444-4f95-aba0-50c24d67f998' },
  ],
};

function organization(
  id: string,
  displayName: string,
  domain: string,
  plan: GenerateOptions['plan'],
  day: number,
): Organization {
  const licence = plan.licence;
  const assignedDateTime = isoAt(day - 400 * 86_400_000);
  const hybrid = plan.size === 'L' || plan.size === 'XL'; // the sizes with on-premises-synced users
  return {
    businessPhones: ['+1 425 555 0100'],
    street: '1 Contoso Way',
    city: 'Redmond',
    state: 'WA',
    postalCode: '98052',
    country: null,
    defaultUsageLocation: 'US',
    preferredLanguage: 'en',
    technicalNotificationMails: [`admin@${domain}`],
    marketingNotificationEmails: [],
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    privacyProfile: null,
    mobileDeviceManagementAuthority: 'unknown',
    partnerTenantType: null,
    onPremisesSyncEnabled: hybrid ? true : null,
    onPremisesLastSyncDateTime: hybrid ? isoAt(day - 30 * 60_000) : null,
    provisionedPlans: PLAN_IDS[licence].map((p) => ({
      capabilityStatus: 'Enabled',
      provisioningStatus: 'Success',
      service: p.service,
    })),
    id,
    displayName,
    tenantType: 'AAD',
    createdDateTime: isoAt(day - 2_000 * 86_400_000),
    countryLetterCode: 'US',
    verifiedDomains: [
      {
        capabilities: 'Email, OfficeCommunicationsOnlineService',
        isDefault: true,
        isInitial: true,
        name: domain,
        type: 'Managed',
      },
    ],
    assignedPlans: PLAN_IDS[licence].map((p) => ({ assignedDateTime, capabilityStatus: 'Enabled', ...p })),
  };
}

// Lantern's own multi-tenant app registrations, as the simulator knows them: "Lantern" (people sign-in and read-only
// connectors) and "Lantern (read-write)" (connectors that grant just-in-time access). Two registrations because Entra
// grants everything a registration declares: a read-only tenant must never be asked for write permissions. Each is
// kept in the data folder so a Lantern configured with its client id, secret and certificate survives restarts.
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mintCertificate, thumbprints } from '../tls/x509.js';
import type { AppRegistration } from './store.js';
import type { AppRole } from './types.js';

/** What a read-only connector syncs (entra/permission-sets.ts READ_ONLY) plus sign-in activity. */
export const LANTERN_READ_ONLY_APP_ROLES = [
  'User.Read.All',
  'Group.Read.All',
  'Application.Read.All',
  'RoleManagement.Read.Directory',
  'Directory.Read.All',
  'Synchronization.Read.All',
  'AuditLog.Read.All',
];

/**
 * Application permissions the read-write app asks for at admin consent (least privilege for sync + just-in-time
 * access, direct and PIM mode). User.ReadWrite.All is there because adding a *user* to a group directly needs it;
 * DelegatedPermissionGrant.ReadWrite.All because revoking a shadow app's consents deletes oauth2PermissionGrants.
 */
export const LANTERN_REQUIRED_APP_ROLES = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Group.Read.All',
  'GroupMember.ReadWrite.All',
  'Application.Read.All',
  'AppRoleAssignment.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'DelegatedPermissionGrant.ReadWrite.All',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'AuditLog.Read.All',
  'Synchronization.Read.All',
  'Directory.Read.All',
];

/** The app role Lantern's administrators hold on the sign-in app in the home tenant (fixed, like a manifest's id). */
export const LANTERN_ADMIN_APP_ROLE: AppRole = {
  id: '5b0f7d1e-3c2a-4e8b-9a61-4c7e2f0d8a13',
  allowedMemberTypes: ['User'],
  description: 'Administers Lantern: connectors, policies, API tokens and every access request.',
  displayName: 'Lantern administrator',
  isEnabled: true,
  origin: 'Application',
  value: 'Lantern.Admin',
};

export interface StoredApp extends AppRegistration {
  certificateThumbprintSha256: string;
}

export interface LanternApps {
  /** "Lantern": people sign-in, owner sign-in, read-only connectors. Its file predates the split, so old ids stay. */
  signIn: StoredApp;
  readWrite: StoredApp;
}

interface AppKind {
  file: string;
  displayName: string;
  commonName: string;
  requiredAppRoles: string[];
  appRoles: AppRole[];
}

const SIGN_IN: AppKind = {
  file: 'lantern-app.json',
  displayName: 'Lantern',
  commonName: 'Lantern (simulator)',
  requiredAppRoles: LANTERN_READ_ONLY_APP_ROLES,
  appRoles: [LANTERN_ADMIN_APP_ROLE],
};
const READ_WRITE: AppKind = {
  file: 'lantern-app-read-write.json',
  displayName: 'Lantern (read-write)',
  commonName: 'Lantern read-write (simulator)',
  requiredAppRoles: LANTERN_REQUIRED_APP_ROLES,
  appRoles: [],
};

export function loadOrCreateLanternApps(dataDir: string): LanternApps {
  return { signIn: loadOrCreate(dataDir, SIGN_IN), readWrite: loadOrCreate(dataDir, READ_WRITE) };
}

function loadOrCreate(dataDir: string, kind: AppKind): StoredApp {
  const path = join(dataDir, kind.file);
  const existing = readApp(path, kind);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const cert = mintCertificate({ commonName: kind.commonName, validDays: 3650 });
  const prints = thumbprints(cert.certPem);
  const app: StoredApp = {
    appId: randomUUID(),
    displayName: kind.displayName,
    // Entra secrets are 40 characters with a `~` after a 3-character prefix; clients treat them as opaque.
    clientSecret: `Lsm8Q~${randomBytes(30).toString('base64url').slice(0, 34)}`,
    certificatePem: cert.certPem,
    privateKeyPem: cert.keyPem,
    certificateThumbprint: prints.sha1,
    certificateThumbprintSha256: prints.sha256,
    redirectUris: [],
    requiredAppRoles: kind.requiredAppRoles,
    appRoles: kind.appRoles,
    publisherDomain: 'lantern.example',
    homeTenantId: '72f988bf-0000-4000-8000-00000000a11c',
  };
  // Write, then hard-link into place: parallel starts on one data folder never read half a file, and link() fails
  // when another process got there first, so every process ends up with the same credentials.
  const staging = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(staging, JSON.stringify(app, null, 2), { mode: 0o600 });
  try {
    linkSync(staging, path);
  } catch {
    /* another process won; read its file below */
  }
  rmSync(staging, { force: true });
  return readApp(path, kind) ?? app;
}

function readApp(path: string, kind: AppKind): StoredApp | undefined {
  try {
    const app = JSON.parse(readFileSync(path, 'utf8')) as StoredApp;
    // The stored credentials stay; what the registration declares (name, permissions, app roles) follows the code.
    return {
      ...app,
      displayName: kind.displayName,
      requiredAppRoles: kind.requiredAppRoles,
      appRoles: kind.appRoles,
    };
  } catch {
    return undefined;
  }
}

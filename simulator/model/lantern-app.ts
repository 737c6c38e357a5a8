// Lantern's own multi-tenant app registration, as the simulator knows it. Kept in the data folder so a Lantern
// configured with its client id, secret and certificate keeps working across simulator restarts.
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mintCertificate, thumbprints } from '../tls/x509.js';
import type { AppRegistration } from './store.js';

/**
 * Application permissions Lantern asks for at admin consent (least privilege for sync + just-in-time access, direct and
 * PIM mode). User.ReadWrite.All is there because adding a *user* to a group directly needs it.
 */
export const LANTERN_REQUIRED_APP_ROLES = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Group.Read.All',
  'GroupMember.ReadWrite.All',
  'Application.Read.All',
  'AppRoleAssignment.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'AuditLog.Read.All',
  'Synchronization.Read.All',
  'Directory.Read.All',
];

const APP_FILE = 'lantern-app.json';

export interface StoredApp extends AppRegistration {
  certificateThumbprintSha256: string;
}

export function loadOrCreateLanternApp(dataDir: string): StoredApp {
  const path = join(dataDir, APP_FILE);
  const existing = readApp(path);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const cert = mintCertificate({ commonName: 'Lantern (simulator)', validDays: 3650 });
  const prints = thumbprints(cert.certPem);
  const app: StoredApp = {
    appId: randomUUID(),
    displayName: 'Lantern',
    // Entra secrets are 40 characters with a `~` after a 3-character prefix; clients treat them as opaque.
    clientSecret: `Lsm8Q~${randomBytes(30).toString('base64url').slice(0, 34)}`,
    certificatePem: cert.certPem,
    privateKeyPem: cert.keyPem,
    certificateThumbprint: prints.sha1,
    certificateThumbprintSha256: prints.sha256,
    redirectUris: [],
    requiredAppRoles: LANTERN_REQUIRED_APP_ROLES,
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
  return readApp(path) ?? app;
}

function readApp(path: string): StoredApp | undefined {
  try {
    const app = JSON.parse(readFileSync(path, 'utf8')) as StoredApp;
    // Newer simulators may ask for more permissions: the stored credentials stay, the permission list follows the code.
    return { ...app, requiredAppRoles: LANTERN_REQUIRED_APP_ROLES };
  } catch {
    return undefined;
  }
}

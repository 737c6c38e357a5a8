// Turns the Entra settings into what the token layer needs. Private keys are read here, at worker start, and kept
// in memory only: they never enter Config (which is logged, redacted) or a workflow's history.
import { readFileSync } from 'node:fs';
import type { AppCredentials } from '../entra/app-tokens.js';
import type { EntraSettings } from './entra-schema.js';
import type { CloudEndpoints, PermissionSetName } from '../domain/connector.js';

export interface EntraAccess {
  /** The primary app: sign-ins, and app-only access to readOnly tenants. */
  credentials: AppCredentials;
  /** The read-write app for readWrite tenants; absent = they use the primary app too. */
  readWriteCredentials?: AppCredentials | undefined;
  /** Where connectors without their own cloud setting live. */
  defaultCloud: CloudEndpoints;
}

/** null when Lantern runs without an Entra app registration (connectors then cannot be verified or synced). */
export function entraAccessFromSettings(settings: EntraSettings | undefined): EntraAccess | null {
  if (!settings?.configured || !settings.clientId) return null;
  const readWrite = settings.readWrite ? credentialsOf(settings.readWrite) : undefined;
  return {
    credentials: credentialsOf({ ...settings, clientId: settings.clientId }),
    ...(readWrite ? { readWriteCredentials: readWrite } : {}),
    defaultCloud: settings.endpoints,
  };
}

/**
 * The app a tenant consented to: Entra grants every permission an app declares, so readWrite tenants consent to the
 * read-write app (when configured) and readOnly tenants to the primary one, which declares no write permission.
 */
export function appCredentialsFor(entra: EntraAccess, permissionSet: PermissionSetName): AppCredentials {
  return permissionSet === 'readWrite' ? (entra.readWriteCredentials ?? entra.credentials) : entra.credentials;
}

/** The start-up note when readWrite connectors share the primary app (so its consent asks every tenant for more). */
export function readWriteAppNote(settings: EntraSettings | undefined): string | null {
  if (!settings?.configured || settings.readWrite) return null;
  return (
    'No read-write app registration (LANTERN_ENTRA_RW_CLIENT_ID) is configured: readWrite connectors use the primary ' +
    'app, so it must declare the write permissions too, and readOnly tenants are then asked to grant them as well.'
  );
}

interface AppSettings {
  clientId: string;
  clientSecret?: string | undefined;
  certificatePath?: string | undefined;
  privateKeyPath?: string | undefined;
  certificateThumbprintSha256?: string | undefined;
}

function credentialsOf(app: AppSettings): AppCredentials {
  if (app.clientSecret) return { clientId: app.clientId, clientSecret: app.clientSecret };
  const certificatePem = readFileSync(app.certificatePath!, 'utf8');
  return {
    clientId: app.clientId,
    certificate: {
      thumbprintSha256: app.certificateThumbprintSha256!,
      privateKeyPem: readFileSync(app.privateKeyPath!, 'utf8'),
      // Sending the chain lets tenants that trust subject name + issuer accept certificate rotation without re-upload.
      x5c: certificatePem,
    },
  };
}

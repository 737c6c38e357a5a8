// Turns the Entra settings into what the token layer needs. The private key is read here, at worker start, and kept
// in memory only: it never enters Config (which is logged, redacted) or a workflow's history.
import { readFileSync } from 'node:fs';
import type { AppCredentials } from '../entra/app-tokens.js';
import type { EntraSettings } from './entra-schema.js';
import type { CloudEndpoints } from '../domain/connector.js';

export interface EntraAccess {
  credentials: AppCredentials;
  /** Where connectors without their own cloud setting live. */
  defaultCloud: CloudEndpoints;
}

/** null when Lantern runs without an Entra app registration (connectors then cannot be verified or synced). */
export function entraAccessFromSettings(settings: EntraSettings | undefined): EntraAccess | null {
  if (!settings?.configured || !settings.clientId) return null;
  const { clientId } = settings;
  if (settings.clientSecret)
    return { credentials: { clientId, clientSecret: settings.clientSecret }, defaultCloud: settings.endpoints };
  const certificatePem = readFileSync(settings.certificatePath!, 'utf8');
  return {
    credentials: {
      clientId,
      certificate: {
        thumbprintSha256: settings.certificateThumbprintSha256!,
        privateKeyPem: readFileSync(settings.privateKeyPath!, 'utf8'),
        // Sending the chain lets tenants that trust subject name + issuer accept certificate rotation without re-upload.
        x5c: certificatePem,
      },
    },
    defaultCloud: settings.endpoints,
  };
}

// Lantern's own Entra app registrations (client credentials for every governed tenant) and the default cloud of new
// connectors. The primary app declares the read-only permission set; the optional read-write app (`readWrite`)
// declares the write permissions, so a readOnly tenant's consent screen never asks for them. Everything is optional: the API runs without Entra and says so when a connector is created. What is set
// must be complete (a client id needs one credential, a certificate needs its key, a custom cloud needs all three
// endpoints), and the certificate's SHA-256 thumbprint is computed here, once, so a bad file fails the start.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { NATIONAL_CLOUDS, normaliseCloud } from '../entra/cloud.js';
import { NATIONAL_CLOUD_NAMES, type CloudEndpoints } from '../domain/connector.js';

export const ENTRA_CLOUD_NAMES = [...NATIONAL_CLOUD_NAMES, 'custom'] as const;
export type EntraCloudName = (typeof ENTRA_CLOUD_NAMES)[number];

const text = (expected: string) => z.string({ error: expected }).trim().min(1, { error: expected });
const httpsUrl = z.url({ protocol: /^https$/, error: 'an https URL' });

const readWriteAppInput = z.strictObject({
  clientId: text('an application (client) id').optional(),
  clientSecret: text('a non-empty client secret').optional(),
  certificatePath: text('a file path').optional(),
  privateKeyPath: text('a file path').optional(),
});

const entraInput = z.strictObject({
  clientId: text('an application (client) id').optional(),
  clientSecret: text('a non-empty client secret').optional(),
  certificatePath: text('a file path').optional(),
  privateKeyPath: text('a file path').optional(),
  cloud: z.enum(ENTRA_CLOUD_NAMES, { error: `one of ${ENTRA_CLOUD_NAMES.join(', ')}` }).default('global'),
  authorityHost: httpsUrl.optional(),
  graphBaseUrl: httpsUrl.optional(),
  graphScope: text('a scope such as https://graph.microsoft.com/.default').optional(),
  extraCaCertsPath: text('a file path').optional(),
  readWrite: readWriteAppInput.optional(),
});

type EntraInput = z.output<typeof entraInput>;
type AppInput = z.output<typeof readWriteAppInput>;

/** The read-write app registration, when configured (validated like the primary). */
export interface ReadWriteAppSettings extends AppInput {
  clientId: string;
  certificateThumbprintSha256?: string;
}

export interface EntraSettings extends Omit<EntraInput, 'readWrite'> {
  /** Second app registration for readWrite connectors; absent = they use the primary app. */
  readWrite?: ReadWriteAppSettings;
  /** Hex SHA-256 of the certificate (DER), when a certificate is configured. */
  certificateThumbprintSha256?: string;
  /** Endpoints of the default cloud, resolved. */
  endpoints: CloudEndpoints;
  /** True when a client id and one credential are configured. */
  configured: boolean;
}

type Issue = { path: string[]; message: string };

export const entraSchema = entraInput.transform((entra, ctx): EntraSettings => {
  const { readWrite, ...primary } = entra;
  const issues: Issue[] = [
    ...credentialIssues(primary, 'LANTERN_ENTRA_'),
    ...cloudIssues(primary),
    ...(readWrite ? readWriteIssues(primary, readWrite) : []),
  ];
  const thumbprint = issues.length === 0 ? certificateThumbprint(primary, [], issues) : undefined;
  const rwThumbprint =
    issues.length === 0 && readWrite ? certificateThumbprint(readWrite, ['readWrite'], issues) : undefined;
  for (const { path, message } of issues) ctx.issues.push({ code: 'custom', path, message, input: entra });
  if (issues.length > 0) return z.NEVER;
  const readWriteConfigured = readWrite?.clientId && (readWrite.clientSecret || readWrite.certificatePath);
  return {
    ...primary,
    ...(thumbprint ? { certificateThumbprintSha256: thumbprint } : {}),
    ...(readWriteConfigured
      ? {
          readWrite: {
            ...readWrite,
            clientId: readWrite.clientId!,
            ...(rwThumbprint ? { certificateThumbprintSha256: rwThumbprint } : {}),
          },
        }
      : {}),
    endpoints: defaultCloudEndpoints(primary),
    configured: Boolean(primary.clientId && (primary.clientSecret || primary.certificatePath)),
  };
});

/** The read-write app is complete on its own terms and only makes sense beside a primary app. */
function readWriteIssues(primary: AppInput, readWrite: AppInput): Issue[] {
  const issues = credentialIssues(readWrite, 'LANTERN_ENTRA_RW_').map((i) => ({
    ...i,
    path: ['readWrite', ...i.path],
  }));
  if (readWrite.clientId && !primary.clientId)
    issues.push({
      path: ['clientId'],
      message: 'set when LANTERN_ENTRA_RW_CLIENT_ID is set (the read-write app is a second app beside the primary)',
    });
  if (readWrite.clientId && readWrite.clientId === primary.clientId)
    issues.push({
      path: ['readWrite', 'clientId'],
      message: 'a different application than LANTERN_ENTRA_CLIENT_ID (or unset it to use the primary app for all)',
    });
  return issues;
}

/** `prefix` names the variables in messages: LANTERN_ENTRA_ (primary app) or LANTERN_ENTRA_RW_ (read-write app). */
function credentialIssues(app: AppInput, prefix: string): Issue[] {
  const issues: Issue[] = [];
  if (Boolean(app.certificatePath) !== Boolean(app.privateKeyPath)) {
    issues.push(
      app.certificatePath
        ? {
            path: ['privateKeyPath'],
            message: `set together with ${prefix}CERT_PATH (a certificate needs its private key)`,
          }
        : {
            path: ['certificatePath'],
            message: `set together with ${prefix}KEY_PATH (a private key needs its certificate)`,
          },
    );
  }
  if (app.clientSecret && app.certificatePath) {
    issues.push({
      path: ['clientSecret'],
      message: `unset when ${prefix}CERT_PATH is set (use either a secret or a certificate)`,
    });
  }
  const hasCredential = Boolean(app.clientSecret || app.certificatePath);
  if (app.clientId && !hasCredential) {
    issues.push({
      path: ['clientSecret'],
      message: `set (or ${prefix}CERT_PATH + ${prefix}KEY_PATH) when ${prefix}CLIENT_ID is set`,
    });
  }
  if (!app.clientId && hasCredential)
    issues.push({ path: ['clientId'], message: 'set: a credential without its application id is unusable' });
  return issues;
}

function cloudIssues(entra: Omit<EntraInput, 'readWrite'>): Issue[] {
  const custom = { authorityHost: entra.authorityHost, graphBaseUrl: entra.graphBaseUrl, graphScope: entra.graphScope };
  const given = Object.entries(custom)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
  if (entra.cloud === 'custom') {
    return Object.keys(custom)
      .filter((key) => !given.includes(key))
      .map((path) => ({
        path: [path],
        message: 'set when LANTERN_ENTRA_CLOUD is custom (authority host, Graph base URL and scope move together)',
      }));
  }
  return given.map((path) => ({
    path: [path],
    message: `unset unless LANTERN_ENTRA_CLOUD=custom (the ${entra.cloud} cloud has fixed endpoints)`,
  }));
}

function certificateThumbprint(app: AppInput, at: string[], issues: Issue[]): string | undefined {
  if (!app.certificatePath || !app.privateKeyPath) return undefined;
  const certVar = at.length ? 'LANTERN_ENTRA_RW_CERT_PATH' : 'LANTERN_ENTRA_CERT_PATH';
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(readFileSync(app.certificatePath));
  } catch {
    issues.push({ path: [...at, 'certificatePath'], message: 'a readable PEM certificate file' });
    return undefined;
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(readFileSync(app.privateKeyPath)))) {
      issues.push({
        path: [...at, 'privateKeyPath'],
        message: `the private key of the certificate in ${certVar} (they do not match)`,
      });
      return undefined;
    }
  } catch {
    issues.push({ path: [...at, 'privateKeyPath'], message: 'a readable PEM private key file' });
    return undefined;
  }
  return certificate.fingerprint256.replaceAll(':', '').toLowerCase();
}

function defaultCloudEndpoints(entra: Omit<EntraInput, 'readWrite'>): CloudEndpoints {
  if (entra.cloud !== 'custom') return NATIONAL_CLOUDS[entra.cloud];
  return normaliseCloud({
    authorityHost: entra.authorityHost!,
    graphBaseUrl: entra.graphBaseUrl!,
    graphScope: entra.graphScope!,
  });
}

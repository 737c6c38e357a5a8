// Lantern's own Entra app registration (client credentials for every governed tenant) and the default cloud of new
// connectors. Everything is optional: the API runs without Entra and says so when a connector is created. What is set
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
});

type EntraInput = z.output<typeof entraInput>;

export interface EntraSettings extends EntraInput {
  /** Hex SHA-256 of the certificate (DER), when a certificate is configured. */
  certificateThumbprintSha256?: string;
  /** Endpoints of the default cloud, resolved. */
  endpoints: CloudEndpoints;
  /** True when a client id and one credential are configured. */
  configured: boolean;
}

type Issue = { path: string; message: string };

export const entraSchema = entraInput.transform((entra, ctx): EntraSettings => {
  const issues: Issue[] = [...credentialIssues(entra), ...cloudIssues(entra)];
  const thumbprint = issues.length === 0 ? certificateThumbprint(entra, issues) : undefined;
  for (const { path, message } of issues) ctx.issues.push({ code: 'custom', path: [path], message, input: entra });
  if (issues.length > 0) return z.NEVER;
  return {
    ...entra,
    ...(thumbprint ? { certificateThumbprintSha256: thumbprint } : {}),
    endpoints: defaultCloudEndpoints(entra),
    configured: Boolean(entra.clientId && (entra.clientSecret || entra.certificatePath)),
  };
});

function credentialIssues(entra: EntraInput): Issue[] {
  const issues: Issue[] = [];
  if (Boolean(entra.certificatePath) !== Boolean(entra.privateKeyPath)) {
    issues.push(
      entra.certificatePath
        ? {
            path: 'privateKeyPath',
            message: 'set together with LANTERN_ENTRA_CERT_PATH (a certificate needs its private key)',
          }
        : {
            path: 'certificatePath',
            message: 'set together with LANTERN_ENTRA_KEY_PATH (a private key needs its certificate)',
          },
    );
  }
  if (entra.clientSecret && entra.certificatePath) {
    issues.push({
      path: 'clientSecret',
      message: 'unset when LANTERN_ENTRA_CERT_PATH is set (use either a secret or a certificate)',
    });
  }
  const hasCredential = Boolean(entra.clientSecret || entra.certificatePath);
  if (entra.clientId && !hasCredential) {
    issues.push({
      path: 'clientSecret',
      message: 'set (or LANTERN_ENTRA_CERT_PATH + LANTERN_ENTRA_KEY_PATH) when LANTERN_ENTRA_CLIENT_ID is set',
    });
  }
  if (!entra.clientId && hasCredential)
    issues.push({ path: 'clientId', message: 'set: a credential without its application id is unusable' });
  return issues;
}

function cloudIssues(entra: EntraInput): Issue[] {
  const custom = { authorityHost: entra.authorityHost, graphBaseUrl: entra.graphBaseUrl, graphScope: entra.graphScope };
  const given = Object.entries(custom)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
  if (entra.cloud === 'custom') {
    return Object.keys(custom)
      .filter((key) => !given.includes(key))
      .map((path) => ({
        path,
        message: 'set when LANTERN_ENTRA_CLOUD is custom (authority host, Graph base URL and scope move together)',
      }));
  }
  return given.map((path) => ({
    path,
    message: `unset unless LANTERN_ENTRA_CLOUD=custom (the ${entra.cloud} cloud has fixed endpoints)`,
  }));
}

function certificateThumbprint(entra: EntraInput, issues: Issue[]): string | undefined {
  if (!entra.certificatePath || !entra.privateKeyPath) return undefined;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(readFileSync(entra.certificatePath));
  } catch {
    issues.push({ path: 'certificatePath', message: 'a readable PEM certificate file' });
    return undefined;
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(readFileSync(entra.privateKeyPath)))) {
      issues.push({
        path: 'privateKeyPath',
        message: 'the private key of the certificate in LANTERN_ENTRA_CERT_PATH (they do not match)',
      });
      return undefined;
    }
  } catch {
    issues.push({ path: 'privateKeyPath', message: 'a readable PEM private key file' });
    return undefined;
  }
  return certificate.fingerprint256.replaceAll(':', '').toLowerCase();
}

function defaultCloudEndpoints(entra: EntraInput): CloudEndpoints {
  if (entra.cloud !== 'custom') return NATIONAL_CLOUDS[entra.cloud];
  return normaliseCloud({
    authorityHost: entra.authorityHost!,
    graphBaseUrl: entra.graphBaseUrl!,
    graphScope: entra.graphScope!,
  });
}

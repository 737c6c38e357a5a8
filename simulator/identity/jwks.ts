// The JSON Web Key Set Entra publishes: the signing key with its x5t thumbprint and a self-signed certificate (x5c),
// so verifiers that pin on x5t or read the certificate work as they do against Microsoft.
import forge from 'node-forge';
import { createHash } from 'node:crypto';
import { exportPKCS8, exportSPKI, type JWK } from 'jose';
import type { SigningKeys } from './signing.js';

export interface PublishedKey extends JWK {
  x5t: string;
  x5c: string[];
}

const published = new WeakMap<SigningKeys, Promise<PublishedKey>>();

/** The public JWK with x5t/x5c; built once per key because signing a certificate is slow. */
export function publishedKey(keys: SigningKeys): Promise<PublishedKey> {
  let key = published.get(keys);
  if (!key) {
    key = buildPublishedKey(keys);
    published.set(keys, key);
  }
  return key;
}

async function buildPublishedKey(keys: SigningKeys): Promise<PublishedKey> {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(await exportSPKI(keys.publicKey));
  cert.serialNumber = '01' + createHash('sha256').update(keys.kid).digest('hex').slice(0, 30);
  cert.validity.notBefore = new Date(Date.UTC(2024, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2034, 0, 1));
  const subject = [{ name: 'commonName', value: 'accounts.accesscontrol.windows.net' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(
    forge.pki.privateKeyFromPem(await exportPKCS8(keys.privateKey)) as forge.pki.rsa.PrivateKey,
    forge.md.sha256.create(),
  );
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const { kty, n, e } = keys.publicJwk;
  return {
    kty,
    use: 'sig',
    kid: keys.kid,
    n,
    e,
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5c: [der.toString('base64')],
  };
}

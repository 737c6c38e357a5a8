// Certificate minting with node-forge. Keys come from node:crypto (native RSA generation is ~100x faster than
// forge's pure-JS one), certificates from forge because node:crypto cannot sign X.509.
import { generateKeyPairSync, randomBytes, X509Certificate, createHash } from 'node:crypto';
import forge from 'node-forge';

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

export interface CertificateRequest {
  commonName: string;
  validDays: number;
  /** Signs with this CA; omitted = self-signed. */
  issuer?: KeyAndCert;
  isCa?: boolean;
  /** Subject alternative names for a TLS server certificate. */
  dnsNames?: string[];
  ipAddresses?: string[];
}

export function mintCertificate(req: CertificateRequest): KeyAndCert {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: forge encodes hex as-is, and a leading 1 bit would make it negative (rejected by OpenSSL 3).
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000); // an hour of slack for skewed clocks
  cert.validity.notAfter = new Date(now + req.validDays * 24 * 60 * 60 * 1000);
  const subject = [
    { name: 'commonName', value: req.commonName },
    { name: 'organizationName', value: 'Lantern simulator' },
  ];
  cert.setSubject(subject);
  const issuerCert = req.issuer ? forge.pki.certificateFromPem(req.issuer.certPem) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  cert.setExtensions(extensionsFor(req));
  const signingKey = forge.pki.privateKeyFromPem(req.issuer?.keyPem ?? keyPem);
  cert.sign(signingKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

function extensionsFor(req: CertificateRequest): object[] {
  if (req.isCa) {
    return [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ];
  }
  const altNames = [
    ...(req.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(req.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: !!altNames.length, clientAuth: true },
    ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
  ];
}

/** x5t-style thumbprints of a PEM certificate (hex SHA-1 as Entra shows it, and SHA-256). */
export function thumbprints(certPem: string): { sha1: string; sha256: string } {
  const der = new X509Certificate(certPem).raw;
  return {
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}

/** Still valid for at least `days` more days. */
export function validFor(certPem: string, days: number): boolean {
  return new Date(new X509Certificate(certPem).validTo).getTime() > Date.now() + days * 24 * 60 * 60 * 1000;
}

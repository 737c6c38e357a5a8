// The simulator's local certificate authority. Created once per data folder and reused on every start, so a client
// that trusts it (NODE_EXTRA_CA_CERTS=<caCertPath>) keeps trusting restarted simulators. The server certificate is
// minted per start from that CA.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { mintCertificate, validFor, type KeyAndCert } from './x509.js';

export interface TlsMaterial {
  caCertPath: string;
  caCertPem: string;
  /** Server key and certificate for localhost and 127.0.0.1, signed by the CA. */
  key: string;
  cert: string;
}

const CA_DIR = 'ca';
const CA_CERT = 'ca.pem';
const CA_KEY = 'ca-key.pem';

export function loadTlsMaterial(dataDir: string): TlsMaterial {
  const ca = loadOrCreateCa(dataDir);
  const server = mintCertificate({
    commonName: 'localhost',
    validDays: 30,
    issuer: ca,
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  return {
    caCertPath: join(dataDir, CA_DIR, CA_CERT),
    caCertPem: ca.certPem,
    key: server.keyPem,
    cert: server.certPem,
  };
}

/**
 * Several processes (parallel test files) may start at once on the same data folder: the CA is written into a
 * fresh directory that is then renamed into place, which is atomic and fails if another process won the race.
 */
export function loadOrCreateCa(dataDir: string): KeyAndCert {
  const dir = join(dataDir, CA_DIR);
  const existing = readCa(dir);
  if (existing && validFor(existing.certPem, 31)) return existing;
  mkdirSync(dataDir, { recursive: true });
  // A unique name per CA: a client trusting several simulators' CAs must find the right issuer by name.
  const ca = mintCertificate({
    commonName: `Lantern Simulator Local CA ${randomBytes(4).toString('hex')}`,
    validDays: 3650,
    isCa: true,
  });
  const staging = mkdtempSync(join(dataDir, '.ca-'));
  writeFileSync(join(staging, CA_KEY), ca.keyPem, { mode: 0o600 });
  writeFileSync(join(staging, CA_CERT), ca.certPem);
  if (existing) rmSync(dir, { recursive: true, force: true }); // expired: replace it
  try {
    renameSync(staging, dir);
    return ca;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    const winner = readCa(dir);
    if (winner) return winner;
    throw err;
  }
}

function readCa(dir: string): KeyAndCert | undefined {
  try {
    return { keyPem: readFileSync(join(dir, CA_KEY), 'utf8'), certPem: readFileSync(join(dir, CA_CERT), 'utf8') };
  } catch {
    return undefined;
  }
}

// Trusting an extra certificate authority (a corporate TLS-inspecting proxy, a private cloud endpoint, or the local
// simulator) without turning verification off. NODE_EXTRA_CA_CERTS does the same but is read only at process start.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

/** Makes fetch (used by MSAL and the Graph client) trust the system roots plus the given PEM bundle. */
export function trustExtraCertificateAuthority(pemPath: string): void {
  const extra = readFileSync(pemPath, 'utf8');
  setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, extra] } }));
}

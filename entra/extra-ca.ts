// Trusting an extra certificate authority (a corporate TLS-inspecting proxy, a private cloud endpoint, or the local
// simulator) without turning verification off. NODE_EXTRA_CA_CERTS does the same but is read only at process start.
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

/** Makes fetch (used by MSAL and the Graph client) trust the system roots plus the given PEM bundle. */
export function trustExtraCertificateAuthority(pemPath: string): void {
  const extra = readFileSync(pemPath, 'utf8');
  // One secure context for every connection: passing `ca` instead makes each new connection parse the ~150 roots
  // again (about a millisecond of CPU each, visible in bench:jit's profile).
  const secureContext = createSecureContext({ ca: [...rootCertificates, extra] });
  setGlobalDispatcher(new Agent({ connect: { secureContext } }));
}

// Chromium (Debian's, driven by playwright-core) for the browser suites, started with the same flags everywhere: quiet,
// and trusting exactly the simulator's TLS key (nothing else) while still verifying TLS.
import { createHash } from 'node:crypto';
import { connect as tlsConnect } from 'node:tls';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** SHA-256 of the server key (SPKI) that `origin` presents, as chromium's --ignore-certificate-errors-spki-list wants. */
export async function spkiHashOf(origin: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: hostname, port: Number(port), servername: hostname, rejectUnauthorized: false },
      () => {
        const cert = socket.getPeerX509Certificate();
        socket.end();
        if (!cert) return reject(new Error('no certificate'));
        resolve(
          createHash('sha256')
            .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
            .digest('base64'),
        );
      },
    );
    socket.once('error', reject);
  });
}

/** Launch flags: no sandbox, GPU, QUIC or background traffic, and trust in the key `trustedOrigin` serves. */
export async function chromiumArgs(trustedOrigin: string): Promise<string[]> {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--ignore-certificate-errors-spki-list=${await spkiHashOf(trustedOrigin)}`,
  ];
}

/** Debian's Chromium, headless, started with `args` (by default only without sandbox and GPU). */
export function launchChromium(args: string[] = ['--no-sandbox', '--disable-gpu']): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

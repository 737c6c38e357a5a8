// The embedded demo needs an admin token without asking for one: generated on first start, kept in
// <dataDir>/admin-token (mode 0600) so restarts reuse it. LANTERN_ADMIN_TOKENS, when set, wins.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AdminToken {
  token: string;
  /** Where it came from, for the start-up banner. */
  source: 'generated' | 'file';
  file: string;
}

export async function ensureAdminTokenFile(dataDir: string): Promise<AdminToken> {
  const file = join(dataDir, 'admin-token');
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing.length >= 24) return { token: existing, source: 'file', file };
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated', file };
}

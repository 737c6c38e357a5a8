// The ordered migration set for both PGlite and PostgreSQL. Append new entries; never edit or reorder applied ones.
// Names sort lexically, so keep the four-digit prefix.
import type { Migration, MigrationProvider } from 'kysely';
import { foundation } from './0001-foundation.js';
import { directory } from './0002-directory.js';
import { access } from './0003-access.js';
import { expiryWarning } from './0004-expiry-warning.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-directory': directory,
  '0003-access': access,
  '0004-expiry-warning': expiryWarning,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

// The ordered migration set for both PGlite and PostgreSQL. Append new entries; never edit or reorder applied ones.
// Names sort lexically, so keep the four-digit prefix.
import type { Migration, MigrationProvider } from 'kysely';
import { foundation } from './0001-foundation.js';
import { directory } from './0002-directory.js';
import { access } from './0003-access.js';
import { expiryWarning } from './0004-expiry-warning.js';
import { sessions } from './0005-sessions.js';
import { apiTokens } from './0006-api-tokens.js';
import { policyGuests } from './0007-policy-guests.js';
import { entitlementSearch } from './0008-entitlement-search.js';
import { shadowApps } from './0009-shadow-apps.js';
import { auditFilters } from './0010-audit-filters.js';
import { accessReviews } from './0011-access-reviews.js';
import { policyV2 } from './0012-policy-v2.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-directory': directory,
  '0003-access': access,
  '0004-expiry-warning': expiryWarning,
  '0005-sessions': sessions,
  '0006-api-tokens': apiTokens,
  '0007-policy-guests': policyGuests,
  '0008-entitlement-search': entitlementSearch,
  '0009-shadow-apps': shadowApps,
  '0010-audit-filters': auditFilters,
  '0011-access-reviews': accessReviews,
  '0012-policy-v2': policyV2,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

export { openCatalog, pgliteDirectory, type Catalog, type OpenCatalogOptions } from './open-catalog.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export { jsonb } from './json.js';
export { PGliteDialect } from './pglite-dialect.js';
export type * from './schema.js';

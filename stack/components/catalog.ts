// The catalog database: embedded PGlite under the data folder, or PostgreSQL when DATABASE_URL is set.
// Migrations run as it opens.
import { openCatalog } from '../../catalog/index.js';
import type { StackComponent } from '../component.js';

export function catalogComponent(): StackComponent {
  return {
    name: 'catalog',
    async start(ctx) {
      const catalog = await openCatalog({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.config.dataDir });
      ctx.services.catalog = catalog;
      ctx.log.info({ kind: catalog.kind, appliedMigrations: catalog.appliedMigrations }, 'catalog open');
      return { stop: () => catalog.close() };
    },
  };
}

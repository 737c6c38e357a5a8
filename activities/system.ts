// Activities about Lantern itself (health, self-checks). Factories take narrow dependencies so tests can stub them.
import type { Catalog } from '../catalog/index.js';
import { describeCatalogContents } from '../catalog/meta.js';

export interface SystemActivityDeps {
  catalog: Pick<Catalog, 'db' | 'kind'>;
}

export interface CatalogDescription {
  kind: 'pglite' | 'postgres';
  installId: string;
  latestMigration: string | null;
  connectorCount: number;
}

export function createSystemActivities({ catalog }: SystemActivityDeps) {
  return {
    /** Read-only (safe to retry): proves the worker can reach the catalog and reports what it found. */
    async describeCatalog(): Promise<CatalogDescription> {
      return { kind: catalog.kind, ...(await describeCatalogContents(catalog.db)) };
    },
  };
}

export type SystemActivities = ReturnType<typeof createSystemActivities>;

// Serves the files of api/pages/assets (Lantern's stylesheet and its few scripts) under /assets/<name>. The folder is
// read once at start: only files that exist there are served, so a name cannot reach anything else. Features add
// their script by dropping a file in the folder and naming it in layout({ scripts }).
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicAccess } from '../http/auth.js';

const ASSET_DIR = new URL('./assets/', import.meta.url);
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function loadAssets(): Map<string, { body: Buffer; type: string }> {
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(ASSET_DIR)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(new URL(name, ASSET_DIR)), type });
  }
  return assets;
}

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const assets = loadAssets();
  app.get(
    '/assets/:name',
    {
      config: publicAccess,
      schema: { hide: true, params: Type.Object({ name: Type.String({ pattern: '^[a-z0-9-]{1,60}\\.[a-z]{2,4}$' }) }) },
    },
    async (request, reply) => {
      const asset = assets.get(request.params.name);
      if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('No such asset.');
      return reply
        .type(asset.type)
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(asset.body);
    },
  );
};

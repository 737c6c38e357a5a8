// OpenAPI document (/openapi.json) generated from the route schemas, and the Swagger UI page (/docs).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { publicAccess } from './auth.js';

export async function installOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lantern API',
        version: '0.1.0',
        description: 'Identity governance for Microsoft Entra ID, on Temporal.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A Lantern API token (lnt_…, see /api/v1/api-tokens) or a bootstrap admin token (LANTERN_ADMIN_TOKENS)',
          },
        },
      },
      security: [{ bearerAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { config: publicAccess, schema: { hide: true } }, async () => app.swagger());
}

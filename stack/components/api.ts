// The Lantern API (Fastify) with its Temporal client. The client is shared with later components via services.
import pino from 'pino';
import { apiLoggerOptions, startApi } from '../../api/index.js';
import { temporalClients } from '../../temporal/clients/index.js';
import { onboardingDepsFromConfig } from '../../api/onboarding/deps.js';
import { logDestination } from '../../lib/log-output.js';
import { connectClient } from '../../temporal/index.js';
import type { StackComponent } from '../component.js';

export function apiComponent(): StackComponent {
  return {
    name: 'api',
    async start(ctx) {
      const { config } = ctx;
      const catalog = ctx.services.catalog;
      if (!catalog) throw new Error('the api component needs the catalog component before it');
      const client = await connectClient(config, { bounded: true });
      ctx.services.temporalClient = client;
      try {
        // The API's own logger keeps its redaction rules; stderr keeps stdout for the start-up banner.
        const logger = pino({ ...apiLoggerOptions(config.logLevel), base: { component: 'api' } }, logDestination(2));
        const api = await startApi({
          config,
          catalog,
          temporal: temporalClients(client, config.temporal.taskQueue),
          logger,
          onboarding: onboardingDepsFromConfig(config, client),
        });
        const url = api.url.replace(/\/+$/, '');
        return {
          // The web app first: it is where people start (the public URL, which Microsoft redirects back to).
          urls: { 'Web app': `${config.api.publicUrl}/`, API: url, 'API docs': `${url}/docs` },
          stop: async () => {
            await api.close();
            await client.connection.close();
          },
        };
      } catch (error) {
        await client.connection.close();
        throw error;
      }
    },
  };
}

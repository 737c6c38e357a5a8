// Temporal for the stack: the embedded dev server, or nothing at all when TEMPORAL_ADDRESS points at a cluster
// (then Lantern only makes sure its search attributes exist there, if it is allowed to).
import { Connection } from '@temporalio/client';
import { LANTERN_SEARCH_ATTRIBUTES, temporalAddress, temporalConnectionOptions } from '../../temporal/index.js';
import type { StackComponent, StackContext } from '../component.js';
import { ensureSearchAttributes } from '../search-attributes.js';
import { startDevServer } from '../temporal-dev-server.js';
import { temporalCliPath } from '../temporal-cli-path.js';

export function temporalComponent(): StackComponent {
  return {
    name: 'temporal',
    async start(ctx) {
      const { temporal } = ctx.config;
      // With a codec key the UI shows payloads only to operators signed in there (api/system/codec-session.ts).
      const codecSignIn: Record<string, string> = temporal.codecKey
        ? { 'Codec sign-in': `${ctx.config.api.publicUrl}/codec/sign-in` }
        : {};
      if (temporal.address) {
        ctx.services.temporalAddress = temporal.address;
        await registerSearchAttributesOnCluster(ctx);
        const urls: Record<string, string> = { ...codecSignIn, 'Temporal gRPC': temporal.address };
        return { urls, stop: async () => {} };
      }
      const server = await startDevServer({
        cliPath: temporalCliPath(),
        dataDir: ctx.config.dataDir,
        // The address part A's connections dial when TEMPORAL_ADDRESS is unset.
        ip: temporalAddress(ctx.config).split(':')[0] ?? '127.0.0.1',
        port: temporal.devServer.port,
        uiPort: temporal.devServer.uiPort,
        namespace: temporal.namespace,
        searchAttributes: LANTERN_SEARCH_ATTRIBUTES,
        uiCodecEndpoint: temporal.codecKey ? `${ctx.config.api.publicUrl}/codec` : undefined,
      });
      ctx.services.temporalAddress = server.address;
      // The codec cookie is SameSite=Lax on http, and localhost and 127.0.0.1 are different sites: offer the UI under
      // the API's host name (the default LANTERN_PUBLIC_URL is http://localhost:8080), or the UI's decode calls go without it.
      const uiUrl =
        temporal.codecKey && new URL(ctx.config.api.publicUrl).hostname === 'localhost'
          ? server.uiUrl.replace('://127.0.0.1:', '://localhost:')
          : server.uiUrl;
      ctx.log.info({ pid: server.pid, db: server.dbFile, log: server.logFile }, 'Temporal dev server ready');
      return {
        urls: { 'Temporal UI': uiUrl, ...codecSignIn, 'Temporal gRPC': server.address },
        stop: () => server.stop(),
      };
    },
  };
}

async function registerSearchAttributesOnCluster(ctx: StackContext): Promise<void> {
  const { namespace } = ctx.config.temporal;
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...temporalConnectionOptions(ctx.config), connectTimeout: 10_000 });
    const added = await ensureSearchAttributes(connection, namespace, LANTERN_SEARCH_ATTRIBUTES);
    ctx.log.info({ address: ctx.config.temporal.address, namespace, added }, 'using external Temporal; starting none');
  } catch (error) {
    // Temporal Cloud manages search attributes through its own API; operators register them there.
    ctx.log.warn(
      { err: error, namespace, wanted: LANTERN_SEARCH_ATTRIBUTES.map((key) => key.name) },
      'could not check/register search attributes on the Temporal cluster; register them yourself if missing',
    );
  } finally {
    await connection?.close();
  }
}

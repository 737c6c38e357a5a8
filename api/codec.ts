// The codec endpoint for the Temporal Web UI (`temporal server start-dev --ui-codec-endpoint <publicUrl>/codec`):
// the UI posts encrypted payloads and gets them back decoded (and vice versa), so operators can read workflow
// inputs without the key leaving Lantern. CORS admits only the configured UI origins.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { publicAccess } from './auth.js';
import { apiErrors } from './errors.js';

interface JsonPayload { metadata?: Record<string, string>; data?: string }

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
});

export async function codecRoutes(app: FastifyInstance, { codec, origins }: { codec: PayloadCodec | null; origins: string[] }): Promise<void> {
  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin && origins.includes(origin)) {
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-allow-credentials', 'true')
        .header('access-control-allow-methods', 'POST, OPTIONS').header('access-control-allow-headers', 'content-type, x-namespace, authorization');
    }
  };
  for (const op of ['encode', 'decode'] as const) {
    app.options(`/codec/${op}`, { config: publicAccess, schema: { hide: true } }, async (request, reply) => { cors(request, reply); return reply.code(204).send(); });
    app.post(`/codec/${op}`, { config: publicAccess, schema: { hide: true } }, async (request, reply) => {
      cors(request, reply);
      if (!codec) throw apiErrors.notFound('A payload codec (LANTERN_CODEC_KEY is not set)');
      const payloads = (request.body as { payloads?: JsonPayload[] } | undefined)?.payloads;
      if (!Array.isArray(payloads)) throw apiErrors.invalid('Send {"payloads": [...]} as JSON.');
      let result: Payload[];
      try {
        result = await codec[op](payloads.map(fromJson));
      } catch {
        throw apiErrors.invalid(`These payloads cannot be ${op}d with this server's codec key.`);
      }
      return { payloads: result.map(toJson) };
    });
  }
}

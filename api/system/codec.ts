// The codec endpoint for the Temporal Web UI (`temporal server start-dev --ui-codec-endpoint <publicUrl>/codec`):
// the UI posts encrypted payloads and gets them back decoded (and vice versa), so operators can read workflow
// inputs without the key leaving Lantern. CORS admits only the configured UI origins.
// Decoding reveals what the histories hold (principals, UPNs, justifications), so encode/decode need an admin: its
// bearer token (the CLI's --codec-auth), or the codec session cookie the Temporal UI sends with "Include cross-origin
// credentials" after the operator signed in at /codec/sign-in (codec-session.ts). Only the CORS preflight is public
// (browsers send it without credentials).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { publicAccess, type RouteAccess } from '../http/auth.js';
import type { CodecSessions } from './codec-session.js';
import { apiErrors } from '../http/errors.js';
import { codecSignInRoutes } from './codec-sign-in.js';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
});

export interface CodecRouteOptions {
  codec: PayloadCodec | null;
  origins: string[];
  sessions: CodecSessions;
}

export async function codecRoutes(
  app: FastifyInstance,
  { codec, origins, sessions }: CodecRouteOptions,
): Promise<void> {
  // Siblings, so the sign-in pages get no CORS headers and the endpoints no page headers.
  await app.register(codecSignInRoutes, { sessions, codecConfigured: codec !== null });
  await app.register(codecEndpoints, { codec, origins, sessions });
}

async function codecEndpoints(app: FastifyInstance, { codec, origins, sessions }: CodecRouteOptions): Promise<void> {
  const adminOrSession: { access: RouteAccess } = { access: { roles: ['admin'], session: sessions.check } };
  const cors = (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin && origins.includes(origin)) {
      reply
        .header('access-control-allow-origin', origin)
        .header('vary', 'Origin')
        .header('access-control-allow-credentials', 'true')
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'content-type, x-namespace, authorization');
    }
  };
  // onSend, so a refused credential (401/403 from the auth hook) still carries CORS and the UI can show why.
  app.addHook('onSend', async (request, reply) => {
    cors(request, reply);
  });
  for (const op of ['encode', 'decode'] as const) {
    app.options(`/codec/${op}`, { config: publicAccess, schema: { hide: true } }, async (_request, reply) =>
      reply.code(204).send(),
    );
    app.post(`/codec/${op}`, { config: adminOrSession, schema: { hide: true } }, async (request) => {
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

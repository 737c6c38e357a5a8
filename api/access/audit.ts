// The audit log, read-only: newest first with keyset paging (?before=<id>), or exported as JSON lines (?format=jsonl).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAudit } from '../../catalog/access/audit.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';

const AuditQuery = Type.Object(
  {
    subject: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. an access request id (grant:...)' })),
    actor: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    // Ids are bigints read back as strings; bounded so a huge value is a 400, not a bigint overflow in the query.
    before: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,15}$', description: 'nextBefore of the previous page (an entry id)' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('jsonl')])),
  },
  { additionalProperties: false },
);

export const auditRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/audit',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries (who, what, when, why, request id)',
        querystring: AuditQuery,
      },
    },
    async (request, reply) => {
      const { format, limit, ...filters } = request.query;
      const entries = await listAudit(deps.catalog.db, { ...filters, limit: limit ?? 100 });
      if (format === 'jsonl') {
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .send(entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
      }
      const last = entries.at(-1);
      return { items: entries, nextBefore: entries.length === (limit ?? 100) && last ? last.id : null };
    },
  );
};

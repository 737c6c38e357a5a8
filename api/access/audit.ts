// The audit log, read-only: newest first with keyset paging (?before=<id>), or exported as JSON lines or CSV
// (?format=jsonl|csv: every matching entry unless ?limit says otherwise, streamed). from/to bound the time.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAudit } from '../../catalog/access/audit.js';
import { requireRole } from '../http/auth.js';
import type { AppDeps } from '../deps.js';
import { apiErrors } from '../http/errors.js';
import { sendAuditExport } from './audit-export.js';

export const AuditFilterQuery = {
  subject: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. an access request id (grant:...)' })),
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(
    Type.String({ format: 'date-time', description: 'Only entries at or after this time (RFC 3339)' }),
  ),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Only entries before this time (RFC 3339)' })),
};

const AuditQuery = Type.Object(
  {
    ...AuditFilterQuery,
    // Ids are bigints read back as strings; bounded so a huge value is a 400, not a bigint overflow in the query.
    before: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,15}$', description: 'nextBefore of the previous page (an entry id)' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('jsonl'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

/** The filter's time bounds as dates; a range that ends before it starts is refused (400) rather than empty. */
export function timeRange(query: { from?: string | undefined; to?: string | undefined }): { from?: Date; to?: Date } {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && to && from > to) throw apiErrors.invalid('querystring.from must not be later than querystring.to.');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export const auditRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.catalog.db;
  app.get(
    '/api/v1/audit',
    {
      config: requireRole('admin'),
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries (who, what, when, why, request id); format=jsonl|csv exports every match',
        querystring: AuditQuery,
      },
    },
    async (request, reply) => {
      const { format, limit, from, to, ...filters } = request.query;
      const range = timeRange({ from, to });
      if (format === 'jsonl' || format === 'csv') {
        return sendAuditExport(reply, db, { ...filters, ...range, limit }, format);
      }
      const pageSize = limit ?? 100;
      const entries = await listAudit(db, { ...filters, ...range, limit: pageSize });
      const last = entries.at(-1);
      return { items: entries, nextBefore: entries.length === pageSize && last ? last.id : null };
    },
  );
};

// The Audit page (admins and readers): the log filtered by actor, action, subject and time, newest first, a keyset
// page at a time, with JSONL / CSV export links to GET /api/v1/audit that keep the filter (the API streams them).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { auditActions, listAudit } from '../../catalog/access/audit.js';
import type { CatalogSchema } from '../../catalog/index.js';
import { requirePage } from '../http/auth.js';
import { installPageHeaders, sendPage, viewerOf } from '../pages/page.js';
import { instantOfLocalTime, isKnownZone } from './audit-pages-time.js';
import { renderAuditPage, type AuditFilterForm, type AuditPageView } from './audit-pages-views.js';

const PAGE_SIZE = 50;

const AuditPageQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    subject: Type.Optional(Type.String({ maxLength: 500 })),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    tz: Type.Optional(Type.String({ maxLength: 64 })),
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  },
  { additionalProperties: false },
);

export const auditPageRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<CatalogSchema> }> = async (app, { db }) => {
  installPageHeaders(app);

  app.get(
    '/admin/audit',
    { config: requirePage('admin'), schema: { hide: true, querystring: AuditPageQuery } },
    async (request, reply) => {
      const { before, ...typed } = request.query;
      const form: AuditFilterForm = {
        actor: typed.actor?.trim() ?? '',
        action: typed.action ?? '',
        subject: typed.subject?.trim() ?? '',
        from: typed.from ?? '',
        to: typed.to ?? '',
        tz: typed.tz && isKnownZone(typed.tz) ? typed.tz : '',
      };
      const { range, errors } = readTimes(form);
      const filter = {
        actor: form.actor || undefined,
        action: form.action || undefined,
        subject: form.subject || undefined,
      };
      const valid = Object.keys(errors).length === 0;
      const [actions, entries] = await Promise.all([
        auditActions(db),
        valid ? listAudit(db, { ...filter, ...range, before, limit: PAGE_SIZE }) : Promise.resolve([]),
      ]);
      const kept = new URLSearchParams(Object.entries(form).filter(([, value]) => value !== ''));
      const withBefore = (id: string) => new URLSearchParams([...kept, ['before', id]]).toString();
      const exportQuery = new URLSearchParams(
        Object.entries({ ...filter, from: range.from?.toISOString(), to: range.to?.toISOString() }).filter(
          (pair): pair is [string, string] => typeof pair[1] === 'string',
        ),
      ).toString();
      const last = entries.at(-1);
      const view: AuditPageView = {
        viewer: viewerOf(request)!,
        form,
        errors,
        actions,
        entries,
        olderQuery: entries.length === PAGE_SIZE && last ? withBefore(last.id) : null,
        newestQuery: before ? kept.toString() : null,
        exportQuery: valid ? exportQuery : null,
      };
      return sendPage(reply, 200, renderAuditPage(view));
    },
  );
};

/** From / To as instants in the viewer's zone, or what is wrong with them. */
function readTimes(form: AuditFilterForm): {
  range: { from?: Date; to?: Date };
  errors: AuditPageView['errors'];
} {
  const errors: AuditPageView['errors'] = {};
  const range: { from?: Date; to?: Date } = {};
  for (const name of ['from', 'to'] as const) {
    if (!form[name]) continue;
    const at = instantOfLocalTime(form[name], form.tz || null);
    if (at) range[name] = at;
    else errors[name] = 'Give a date and time, e.g. 2026-12-07T09:30.';
  }
  if (range.from && range.to && range.from > range.to) errors.to = 'To must not be before From.';
  return { range, errors };
}

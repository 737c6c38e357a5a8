// How people sign in (api/people/): the home tenant where Lantern's admins live, the admin groups, and how long a
// session lasts. Defaults run the embedded demo: no home tenant (only connected tenants' people may sign in).
import { z } from 'zod';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const guid = (expected: string) =>
  z
    .string({ error: expected })
    .trim()
    .regex(GUID, { error: expected })
    .transform((id) => id.toLowerCase());

const minutes = (fallback: number) =>
  z.coerce
    .number({ error: 'a whole number of minutes, 5-43200' })
    .int({ error: 'a whole number of minutes, 5-43200' })
    .min(5, { error: 'a whole number of minutes, 5-43200' })
    .max(43_200, { error: 'a whole number of minutes, 5-43200' })
    .default(fallback);

export const authSchema = z
  .strictObject({
    homeTenantId: guid('a tenant id (GUID)').optional(),
    adminGroupIds: z
      .array(guid('a comma-separated list of group object ids (GUIDs)'), {
        error: 'a comma-separated list of group object ids (GUIDs)',
      })
      .default([]),
    sessionIdleMinutes: minutes(480),
    sessionMaxMinutes: minutes(1440),
  })
  .refine((auth) => auth.sessionIdleMinutes <= auth.sessionMaxMinutes, {
    error: 'at least LANTERN_SESSION_IDLE_MINUTES (a session cannot idle longer than it lives)',
    path: ['sessionMaxMinutes'],
  });

export type AuthSettings = z.output<typeof authSchema>;

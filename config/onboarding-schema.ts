// Settings of connector onboarding: outgoing email, signed setup links, the payload codec key and how long
// an onboarding waits. Durations are seconds so tests can run a whole reminder/expiry cycle in a few seconds.
import { z } from 'zod';

const seconds = (fallback: number) =>
  z.coerce
    .number({ error: 'a whole number of seconds >= 1' })
    .int({ error: 'a whole number of seconds >= 1' })
    .min(1, { error: 'a whole number of seconds >= 1' })
    .default(fallback);

/** 32 random bytes, base64 or base64url (`openssl rand -base64 32`). */
const key32 = z
  .string({ error: 'a base64 string of 32 random bytes' })
  .trim()
  .refine((value) => Buffer.from(value, 'base64').length === 32, {
    error: 'a base64 string of 32 random bytes (openssl rand -base64 32)',
  });

export const emailSchema = z.strictObject({
  /** Unset = the dev outbox: messages are written under <dataDir>/outbox and their links logged. */
  smtpHost: z.string().trim().min(1, { error: 'a host name' }).optional(),
  smtpPort: z.coerce.number({ error: 'an integer 1-65535' }).int().min(1).max(65535).default(587),
  smtpSecure: z
    .preprocess((v) => (typeof v === 'string' ? ['true', '1', 'yes', 'on'].includes(v.toLowerCase()) : v), z.boolean())
    .default(false),
  smtpUser: z.string().trim().min(1).optional(),
  smtpPassword: z.string().min(1).optional(),
  from: z
    .string({ error: 'an email address, e.g. Lantern <lantern@example.com>' })
    .trim()
    .min(3)
    .default('Lantern <lantern@localhost>'),
});

export const onboardingSchema = z.strictObject({
  /** HMAC key for setup links and OAuth state. Unset = a key generated once and kept under the data folder. */
  linkSigningKey: key32.optional(),
  linkTtlSeconds: seconds(7 * 24 * 3600),
  reminderIntervalSeconds: seconds(24 * 3600),
  reminderCount: z.coerce.number({ error: 'an integer 0-100' }).int().min(0).max(100).default(3),
  expirySeconds: seconds(14 * 24 * 3600),
  /** How long an owner has between "Sign in with Microsoft" and the callback. */
  signInTtlSeconds: seconds(15 * 60),
  /** Attempts of the permission check after consent (Entra takes a while to propagate app roles). */
  permissionCheckAttempts: z.coerce.number().int().min(1).max(50).default(8),
  /** Origins allowed to call the codec endpoint (the Temporal Web UI). */
  codecCorsOrigins: z.array(z.string().trim().min(1)).default(['http://localhost:8233', 'http://127.0.0.1:8233']),
});

export const codecKeySchema = key32.optional();

export type EmailSettings = z.output<typeof emailSchema>;
export type OnboardingSettings = z.output<typeof onboardingSchema>;

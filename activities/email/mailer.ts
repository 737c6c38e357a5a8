// Outgoing email: real SMTP through nodemailer, or (no SMTP host configured: the embedded demo) a dev outbox that
// writes each message as .eml plus a JSON summary under <dataDir>/outbox. The outbox logs where a message went,
// never its links (they carry signatures).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { EmailSettings } from '../../config/onboarding-schema.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per logical message, so a retried send is recognisable as a duplicate. */
  messageId: string;
  /** Links in the message (the outbox's JSON lists them for the demo's run command). */
  links: string[];
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createMailer(
  settings: EmailSettings,
  options: { dataDir: string; logger?: Logger | undefined },
): Mailer {
  return settings.smtpHost
    ? smtpMailer(settings)
    : outboxMailer(settings, join(options.dataDir, 'outbox'), options.logger);
}

function smtpMailer(settings: EmailSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpSecure,
    ...(settings.smtpUser ? { auth: { user: settings.smtpUser, pass: settings.smtpPassword ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    },
    close: () => transport.close(),
  };
}

function outboxMailer(settings: EmailSettings, dir: string, logger: Logger | undefined): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const base = join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.messageId.replace(/[^\w.-]/g, '_')}`,
      );
      await writeFile(`${base}.eml`, info.message as Buffer, { mode: 0o600 });
      await writeFile(
        `${base}.json`,
        JSON.stringify({ to: message.to, subject: message.subject, links: message.links }, null, 2),
        { mode: 0o600 },
      );
      logger?.info(
        { to: message.to, subject: message.subject, file: `${base}.json` },
        'dev outbox: email written (its setup link is in the file)',
      );
    },
    close: () => transport.close(),
  };
}

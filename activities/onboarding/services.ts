// Builds the onboarding activities' email services (mailer + link signer) from configuration, for the worker.
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { createLinkSigner, loadLinkSigningKey } from '../../lib/signed-links.js';
import { createMailer } from '../email/mailer.js';
import type { EmailServices } from './emails.js';

export type EmailConfig = Pick<Config, 'email' | 'onboarding' | 'api' | 'dataDir'>;

export function emailServicesFromConfig(config: Partial<EmailConfig>, logger?: Logger): EmailServices | undefined {
  if (!config.email || !config.onboarding || !config.api || !config.dataDir) return undefined;
  return {
    mailer: createMailer(config.email, { dataDir: config.dataDir, logger }),
    links: createLinkSigner(loadLinkSigningKey(config.onboarding.linkSigningKey, config.dataDir)),
    publicUrl: config.api.publicUrl,
    linkTtlSeconds: config.onboarding.linkTtlSeconds,
  };
}

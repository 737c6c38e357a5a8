// The worker's mail services, built once from configuration: the mailer, the link signer every emailed link derives
// from, and the public URL links point at. Onboarding uses them as they are; access derives its own link keys.
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { createLinkSigner, loadLinkSigningKey, type LinkSigner } from '../../lib/links/signer.js';
import { createMailer, type Mailer } from './mailer.js';

export interface EmailServices {
  mailer: Mailer;
  links: LinkSigner;
  publicUrl: string;
  /** How long a setup link works at most. */
  linkTtlSeconds: number;
}

export type EmailConfig = Pick<Config, 'email' | 'onboarding' | 'api' | 'dataDir'>;

/** Undefined when a setting is missing (tests without email): activities that mail then say they cannot. */
export function emailServicesFromConfig(config: Partial<EmailConfig>, logger?: Logger): EmailServices | undefined {
  if (!config.email || !config.onboarding || !config.api || !config.dataDir) return undefined;
  return {
    mailer: createMailer(config.email, { dataDir: config.dataDir, logger }),
    links: createLinkSigner(loadLinkSigningKey(config.onboarding.linkSigningKey, config.dataDir)),
    publicUrl: config.api.publicUrl,
    linkTtlSeconds: config.onboarding.linkTtlSeconds,
  };
}

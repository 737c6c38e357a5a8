// The dev outbox (no SMTP configured, the embedded demo): each message lands as .eml + .json with its links, and the
// log says where, without the link (it carries a signature).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createMailer } from '../../activities/email/mailer.js';
import { renderOwnerEmail } from '../../activities/email/templates/onboarding.js';
import { emailSchema } from '../../config/onboarding-schema.js';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

describe('dev outbox', () => {
  let dir: TempDir;
  before(async () => {
    dir = await createTempDir();
  });
  after(async () => {
    await dir.remove();
  });

  it('writes the message and its links to files and logs only where it put them', async () => {
    const lines: string[] = [];
    const logger = pino(
      new Writable({
        write(chunk, _e, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const mailer = createMailer(emailSchema.parse({}), { dataDir: dir.path, logger });
    const setupUrl = 'http://127.0.0.1:8080/onboarding/c1?token=payload.SIGNATURE-abcdef0123456789';
    const rendered = renderOwnerEmail({
      kind: 'invitation',
      displayName: 'Contoso',
      setupUrl,
      expiresAt: '2030-01-01T00:00:00.000Z',
      tenantId: null,
    });
    await mailer.send({ to: 'owner@contoso.example', ...rendered, messageId: '<m1@lantern>' });
    mailer.close();

    const files = await readdir(join(dir.path, 'outbox'));
    assert.equal(files.filter((f) => f.endsWith('.eml')).length, 1);
    const summary = JSON.parse(
      await readFile(
        join(
          dir.path,
          'outbox',
          files.find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    );
    assert.deepEqual(summary.links, [setupUrl]);
    assert.match(summary.subject, /Set up the Lantern connector "Contoso"/);
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes('SIGNATURE'), 'the log carries no link');
    assert.match(lines[0]!, /outbox/);
  });
});
